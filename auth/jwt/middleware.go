package jwt

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth"
)

// Middleware returns a (an *Authorizer or a *Cognito) as net/http middleware in front of any
// handler: auth.Middleware, answering a refused request with the response API Gateway sends
// for a JWT authorizer (status, {"message":...}, x-amzn-ErrorType and, for a refused token,
// WWW-Authenticate) unless opts.OnError is set. A request it accepts reaches next with the
// token's claims in its context, read with auth.FromContext.
func Middleware(a auth.Authorizer, opts auth.MiddlewareOptions) func(http.Handler) http.Handler {
	if opts.OnError == nil {
		opts.OnError = func(w http.ResponseWriter, _ *http.Request, err error) { writeError(w, err) }
	}
	return auth.Middleware(a, opts)
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
