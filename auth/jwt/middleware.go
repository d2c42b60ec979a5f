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

// writeError answers with the gateway response of err (auth.WriteError: 500 for an error that
// is not an *apigate.Error), with the WWW-Authenticate challenge of a refused token, and with
// the "message" key of an HTTP API's 403 for a missing scope where a REST API's ACCESS_DENIED
// writes "Message".
func writeError(w http.ResponseWriter, err error) {
	if c, ok := Challenge(err); ok {
		w.Header().Set("WWW-Authenticate", c)
	}
	var e *apigate.Error
	if !errors.As(err, &e) || e.Type != apigate.AccessDenied {
		auth.WriteError(w, err)
		return
	}
	status := e.Type.DefaultStatus()
	if e.Status >= 100 && e.Status <= 599 {
		status = e.Status
	}
	var body []byte
	if msg, ok := e.MessageText(); ok {
		body, _ = json.Marshal(map[string]string{"message": msg})
	} else {
		body = []byte(`{"message":null}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h["x-amzn-ErrorType"] = []string{e.Type.ErrorType()} // spelled as auth.WriteError spells it
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
