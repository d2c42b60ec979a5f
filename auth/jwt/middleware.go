package jwt

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/apigate/apigate"
)

// Middleware returns a (an *Authorizer or a *Cognito) as net/http middleware in front of any
// handler: a request it refuses is answered with the gateway response API Gateway would send
// (status, {"message":...}, x-amzn-ErrorType and, for a refused JWT, WWW-Authenticate); a
// request it accepts reaches next with the authorizer's output in its context, read with
// FromContext.
func Middleware(a interface {
	Authorize(context.Context, *apigate.Request) error
}) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
			r := &apigate.Request{HTTP: hr, Method: hr.Method, Path: hr.URL.Path, Header: hr.Header, Query: hr.URL.Query()}
			if err := a.Authorize(hr.Context(), r); err != nil {
				writeError(w, err)
				return
			}
			ctx := hr.Context()
			if r.Context.Authorizer != nil {
				ctx = context.WithValue(ctx, authorizerKey{}, r.Context.Authorizer)
			}
			next.ServeHTTP(w, hr.WithContext(ctx))
		})
	}
}

// authorizerKey is the context key of the middleware's output.
type authorizerKey struct{}

// FromContext returns the output of the authorizer Middleware ran for the request whose
// context is ctx.
func FromContext(ctx context.Context) (*apigate.Authorizer, bool) {
	a, ok := ctx.Value(authorizerKey{}).(*apigate.Authorizer)
	return a, ok
}

// writeError answers with the gateway response of err, 500 for an error that is not an
// *apigate.Error.
func writeError(w http.ResponseWriter, err error) {
	e := &apigate.Error{Type: apigate.AuthorizerConfigurationError}
	errors.As(err, &e)
	status := e.Status
	if status == 0 {
		status = e.Type.DefaultStatus()
	}
	var body []byte
	if msg, ok := e.MessageText(); ok {
		body, _ = json.Marshal(map[string]string{"message": msg})
	} else {
		body = []byte(`{"message":null}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("x-amzn-ErrorType", e.Type.ErrorType())
	if c, ok := Challenge(err); ok {
		h.Set("WWW-Authenticate", c)
	}
	w.WriteHeader(status)
	w.Write(body)
}
