package sigv4

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth"
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
				auth.WriteError(w, &apigate.Error{Type: apigate.Default4XX, Status: http.StatusBadRequest, Err: err})
				return
			}
			if len(b) > maxBody {
				auth.WriteError(w, &apigate.Error{Type: apigate.RequestTooLarge})
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
			auth.WriteError(w, err)
			return
		}
		id := r.Context.Identity
		next.ServeHTTP(w, hr.WithContext(context.WithValue(hr.Context(), identityKey{}, &id)))
	})
}
