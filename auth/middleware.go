package auth

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/jsonstr"
	"github.com/apigate/apigate/internal/methodrequest"
)

// MiddlewareOptions describe the API that Middleware stands in front of, for what an
// authorizer reads of $context (the method ARN's API id, stage and account) and the stage
// variables.
type MiddlewareOptions struct {
	// APIID, Stage and AccountID are $context.apiId, $context.stage and $context.accountId.
	APIID, Stage, AccountID string
	// StageVariables are the stage's variables.
	StageVariables map[string]string
	// OnError answers a request the authorizer refused; nil writes API Gateway's default
	// gateway response for the error (see WriteError).
	OnError func(w http.ResponseWriter, r *http.Request, err error)
}

type contextKey struct{}

// FromContext returns what the authorizer in front of the handler learned of the caller
// ($context.authorizer): the principal, and the Lambda authorizer's context or the JWT's
// claims. ok is false when no authorizer ran (or it set nothing).
func FromContext(ctx context.Context) (a *apigate.Authorizer, ok bool) {
	a, ok = ctx.Value(contextKey{}).(*apigate.Authorizer)
	return a, ok && a != nil
}

// NewContext returns a copy of ctx that carries a, for FromContext.
func NewContext(ctx context.Context, a *apigate.Authorizer) context.Context {
	return context.WithValue(ctx, contextKey{}, a)
}

// Middleware returns middleware that runs a in front of a handler, as the gateway runs a
// method's authorizer, for a program that serves its routes with any mux: it builds the
// method request a reads from the HTTP request as the gateway does (its path is the URL's, as received, without a
// stage prefix), and either answers the request as API Gateway would (401, 403, 500, ...) or
// calls the handler with what a learned in the request's context (FromContext). The request's
// body is not read.
func Middleware(a Authorizer, opts MiddlewareOptions) func(http.Handler) http.Handler {
	onError := opts.OnError
	if onError == nil {
		onError = func(w http.ResponseWriter, _ *http.Request, err error) { WriteError(w, err) }
	}
	clock := new(methodrequest.Clock)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
			r := new(apigate.Request)
			methodrequest.FromHTTP(r, hr, time.Now(), clock)
			r.Path = hr.URL.EscapedPath()
			r.StageVariables = opts.StageVariables
			ids := methodrequest.NewIDs()
			c := &r.Context
			c.APIID, c.Stage, c.AccountID = opts.APIID, opts.Stage, opts.AccountID
			c.Path = "/" + opts.Stage + r.Path
			c.RequestID, c.ExtendedRequestID = ids.Request, ids.Extended
			if err := a.Authorize(hr.Context(), r); err != nil {
				onError(w, hr, err)
				return
			}
			if r.Context.Authorizer != nil {
				hr = hr.WithContext(NewContext(hr.Context(), r.Context.Authorizer))
			}
			next.ServeHTTP(w, hr)
		})
	}
}

// WriteError writes API Gateway's default gateway response for err: the status, the
// x-amzn-ErrorType header and the JSON body {"message": ...} (ACCESS_DENIED's key is
// "Message", as AWS writes it), escaped as the gateway escapes it, without customization. An
// error that is not an *apigate.Error (or has no valid type) is a 500
// AUTHORIZER_CONFIGURATION_ERROR; DEFAULT_4XX and DEFAULT_5XX answer 400 and 500 unless the
// error names a status.
func WriteError(w http.ResponseWriter, err error) {
	var e *apigate.Error
	if !errors.As(err, &e) || !e.Type.Valid() {
		e = &apigate.Error{Type: apigate.AuthorizerConfigurationError}
	}
	status := e.Type.DefaultStatus()
	switch {
	case e.Status >= 100 && e.Status <= 599:
		status = e.Status
	case e.Type == apigate.Default5XX:
		status = http.StatusInternalServerError
	case status == 0: // DEFAULT_4XX, as the gateway's built-in responses
		status = http.StatusBadRequest
	}
	key := "message"
	if e.Type == apigate.AccessDenied {
		key = "Message"
	}
	b := append(append(append(make([]byte, 0, 64), `{"`...), key...), `":`...)
	if m, ok := e.MessageText(); ok {
		b = jsonstr.Append(b, m, jsonstr.Minimal)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, '}')
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	if t := e.Type.ErrorType(); t != "" {
		h["x-amzn-ErrorType"] = []string{t} // spelled as the gateway and AWS spell it
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
