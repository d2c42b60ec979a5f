package apikey

import (
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth"
)

// Checker checks an API key: the gateway's KeyStore, which Store implements. Middleware takes
// any Checker.
type Checker interface {
	CheckKey(ctx context.Context, r *apigate.Request, key string) (id string, err error)
}

// CheckerFunc adapts a function to Checker.
type CheckerFunc func(ctx context.Context, r *apigate.Request, key string) (id string, err error)

// CheckKey calls f(ctx, r, key).
func (f CheckerFunc) CheckKey(ctx context.Context, r *apigate.Request, key string) (string, error) {
	return f(ctx, r, key)
}

// MiddlewareOptions configures Middleware. Its zero value reads the X-API-Key header and
// answers a refused request as API Gateway does.
type MiddlewareOptions struct {
	// Key reads the API key from the request; nil reads the X-API-Key header (the key source
	// HEADER).
	Key func(*http.Request) string
	// APIID and Stage name the API stage the middleware guards: the $context.apiId and
	// $context.stage the Checker sees, which a Store's Plans admits keys on.
	APIID, Stage string
	// Error answers a refused request; err is (or wraps) an *apigate.Error. Nil writes API
	// Gateway's gateway response: for a refused key 403 {"message":"Forbidden"} with the
	// x-amzn-ErrorType header ForbiddenException.
	Error func(w http.ResponseWriter, r *http.Request, err error)
}

// Identity is what Middleware learned about the request's key: $context.identity.apiKey and
// $context.identity.apiKeyId.
type Identity struct {
	APIKey   string // the key's value, as the client sent it
	APIKeyID string // the key's id
}

type identityKey struct{}

// FromContext returns the Identity Middleware put in the request's context, and whether there
// is one.
func FromContext(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(identityKey{}).(Identity)
	return id, ok
}

// NewContext returns a copy of ctx carrying id, which FromContext returns.
func NewContext(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// Middleware returns middleware that checks each request's API key with c before calling the
// next handler, for use in front of any mux. A request whose key c refuses (or that has none)
// gets the error response (see MiddlewareOptions.Error); an accepted one reaches the next
// handler with its Identity in its context (FromContext).
//
// c sees an *apigate.Request holding the client's request (HTTP, Method, Path, Header) and
// $context's apiId, stage, httpMethod and path; not the body or the query (read them from
// r.HTTP). As in the gateway, c must not keep r past its call: Middleware reuses it.
func Middleware(c Checker, opts MiddlewareOptions) func(http.Handler) http.Handler {
	keyOf, fail := opts.Key, opts.Error
	if keyOf == nil {
		keyOf = func(r *http.Request) string { return r.Header.Get("X-Api-Key") }
	}
	if fail == nil {
		fail = WriteError
	}
	requests := &sync.Pool{New: func() any { return new(apigate.Request) }}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
			key := keyOf(hr)
			if key == "" {
				fail(w, hr, &apigate.Error{Type: apigate.InvalidAPIKey, Err: ErrMissingKey})
				return
			}
			// The request is the checker's only for its call (see "What a stage may keep" on
			// apigate.Request), so it is recycled.
			r := requests.Get().(*apigate.Request)
			path := hr.URL.EscapedPath()
			r.HTTP, r.Method, r.Path, r.Header = hr, hr.Method, path, hr.Header
			// $context.path holds the stage, as behind the gateway (and as auth.Middleware sets it)
			r.Context.APIID, r.Context.Stage, r.Context.HTTPMethod, r.Context.Path = opts.APIID, opts.Stage, hr.Method, "/"+opts.Stage+path
			id, err := c.CheckKey(hr.Context(), r, key)
			*r = apigate.Request{}
			requests.Put(r)
			if err != nil {
				var ge *apigate.Error
				if !errors.As(err, &ge) {
					err = &apigate.Error{Type: apigate.InvalidAPIKey, Err: err}
				}
				fail(w, hr, err)
				return
			}
			next.ServeHTTP(w, hr.WithContext(NewContext(hr.Context(), Identity{APIKey: key, APIKeyID: id})))
		})
	}
}

// WriteError writes API Gateway's default gateway response for err, as Middleware does
// without MiddlewareOptions.Error: auth.WriteError, with INVALID_API_KEY for an error that is
// not an *apigate.Error. The error's cause is never shown.
func WriteError(w http.ResponseWriter, _ *http.Request, err error) {
	var e *apigate.Error
	if !errors.As(err, &e) || !e.Type.Valid() {
		err = &apigate.Error{Type: apigate.InvalidAPIKey, Err: err}
	}
	auth.WriteError(w, err)
}

var _ Checker = CheckerFunc(nil)
