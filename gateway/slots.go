package gateway

import (
	"context"

	"github.com/apigate/apigate"
)

// The stages below are values the gateway is given. Each may be shared by many methods and is
// called for many requests at once: it must be safe for concurrent use, and it keeps nothing of
// the request past its call (see "What a stage may keep" on apigate.Request). A stage that holds
// resources (connections, goroutines, a cache) implements io.Closer: Gateway.Close closes it,
// once, after the requests in flight.

// Authorizer is the authorization stage of a method: a Lambda authorizer, a JWT or Cognito
// check, IAM SigV4. Authorize returns nil to let the request through, having recorded what it
// learned in r.Context (Authorizer: principal, context, claims; Identity), or an error that is
// (or wraps) an *apigate.Error such as apigate.ErrUnauthorized or apigate.ErrAccessDenied.
type Authorizer interface {
	Authorize(ctx context.Context, r *apigate.Request) error
}

// AuthorizerFunc adapts a function to Authorizer.
type AuthorizerFunc func(ctx context.Context, r *apigate.Request) error

// Authorize calls f(ctx, r).
func (f AuthorizerFunc) Authorize(ctx context.Context, r *apigate.Request) error { return f(ctx, r) }

// KeyStore checks the API keys of methods that require one. The gateway reads the key from the
// X-API-Key header (the API's key source HEADER) or from the authorizer's usage identifier key
// (AUTHORIZER) and calls CheckKey; an unknown or disabled key, or one in no usage plan of the
// API's stage, is an error of type INVALID_API_KEY (apigate.ErrInvalidAPIKey). On success the
// store returns the key's id, which becomes $context.identity.apiKeyId ($context.identity.apiKey
// is the key itself). Package auth/apikey's Store is an in-memory KeyStore, whose Plans
// interface is where usage plans say which keys they admit on which stages.
type KeyStore interface {
	CheckKey(ctx context.Context, r *apigate.Request, key string) (id string, err error)
}

// KeyStoreFunc adapts a function to KeyStore.
type KeyStoreFunc func(ctx context.Context, r *apigate.Request, key string) (id string, err error)

// CheckKey calls f(ctx, r, key).
func (f KeyStoreFunc) CheckKey(ctx context.Context, r *apigate.Request, key string) (string, error) {
	return f(ctx, r, key)
}

// Throttler is the throttling stage: usage plan rate and quota, per-method and stage limits.
// Allow returns nil, or an error of type THROTTLED or QUOTA_EXCEEDED.
type Throttler interface {
	Allow(ctx context.Context, r *apigate.Request) error
}

// ThrottlerFunc adapts a function to Throttler.
type ThrottlerFunc func(ctx context.Context, r *apigate.Request) error

// Allow calls f(ctx, r).
func (f ThrottlerFunc) Allow(ctx context.Context, r *apigate.Request) error { return f(ctx, r) }

// ResourcePolicy is the API's resource policy stage. For a method with an authorizer, the
// gateway calls Precheck after routing, before the authorizer: an error (an explicit Deny)
// answers the request at once, and the authorizer does not run. For every method it calls
// Decide after the authorization stage, with whether the method has an authorizer and the
// authorizer's error (nil when it let the request through): Decide
// returns nil to let the request go on, or the error to answer it with, as AWS combines the
// resource policy with the authorizer's decision (see policy.Resource). Errors are
// *apigate.Error values (ACCESS_DENIED); any other error is answered as ACCESS_DENIED.
type ResourcePolicy interface {
	Precheck(ctx context.Context, r *apigate.Request) error
	Decide(ctx context.Context, r *apigate.Request, hasAuthorizer bool, authErr error) error
}

var (
	_ Authorizer = AuthorizerFunc(nil)
	_ KeyStore   = KeyStoreFunc(nil)
	_ Throttler  = ThrottlerFunc(nil)
)
