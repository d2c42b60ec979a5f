package sigv4

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/apigate/apigate"
)

// maxBody is the largest body the middleware reads, API Gateway's payload limit.
const maxBody = 10 << 20

type identityKey struct{}

// FromContext returns the $context.identity the middleware filled for a verified request.
func FromContext(ctx context.Context) (*apigate.Identity, bool) {
	id, ok := ctx.Value(identityKey{}).(*apigate.Identity)
	return id, ok
}

// Middleware returns v as middleware in front of any handler: it reads the body (at most
// 10 MB), verifies the request, and either answers with API Gateway's error response or calls
// next with the body restored and the caller's identity in the request's context (FromContext).
// The first segment of the path is the stage, as behind the gateway, and the method ARN the
// Policy sees names Config.AccountID and Config.APIID.
func (v *Verifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		var body []byte
		if hr.Body != nil && hr.Body != http.NoBody {
			b, err := io.ReadAll(io.LimitReader(hr.Body, maxBody+1))
			if err != nil {
				writeError(w, &apigate.Error{Type: apigate.Default4XX, Status: http.StatusBadRequest, Err: err})
				return
			}
			if len(b) > maxBody {
				writeError(w, &apigate.Error{Type: apigate.RequestTooLarge})
				return
			}
			body = b
			hr.Body = io.NopCloser(bytes.NewReader(b))
		}
		r := &apigate.Request{HTTP: hr, Method: hr.Method, Header: hr.Header, Body: body}
		stage, rest, _ := strings.Cut(strings.TrimPrefix(hr.URL.EscapedPath(), "/"), "/")
		r.Path = "/" + rest
		r.Context.Stage, r.Context.AccountID, r.Context.APIID = stage, v.accountID, v.apiID
		if err := v.Authorize(hr.Context(), r); err != nil {
			writeError(w, err)
			return
		}
		id := r.Context.Identity
		next.ServeHTTP(w, hr.WithContext(context.WithValue(hr.Context(), identityKey{}, &id)))
	})
}

// writeError answers err as API Gateway's default gateway response does: the type's status,
// x-amzn-ErrorType and {"message":...} ({"Message":...} for ACCESS_DENIED).
func writeError(w http.ResponseWriter, err error) {
	var e *apigate.Error
	if !errors.As(err, &e) {
		e = &apigate.Error{Type: apigate.Default5XX, Status: http.StatusInternalServerError}
	}
	status := e.Status
	if status == 0 {
		status = e.Type.DefaultStatus()
	}
	key := "message"
	if e.Type == apigate.AccessDenied {
		key = "Message"
	}
	var b bytes.Buffer
	b.WriteString(`{"` + key + `":`)
	if m, ok := e.MessageText(); ok {
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(m)
		b.Truncate(b.Len() - 1) // Encode's newline
	} else {
		b.WriteString("null")
	}
	b.WriteByte('}')
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h["x-amzn-ErrorType"] = []string{e.Type.ErrorType()}
	w.WriteHeader(status)
	w.Write(b.Bytes())
}
