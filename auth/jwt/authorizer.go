package jwt

import (
	"context"
	"errors"

	"github.com/apigate/apigate"
)

// Authorizer is an HTTP API's JWT authorizer on one route: it reads the token (bare or after
// "Bearer ") from a header and verifies it with its Verifier, whose Config is the
// authorizer's jwtConfiguration. When the route has authorization scopes the token must hold
// at least one of them.
//
// A refused token is a 401 {"message":"Unauthorized"}, an *apigate.Error of type
// UNAUTHORIZED wrapping a *ChallengeError, whose Challenge is the WWW-Authenticate header
// API Gateway sends. A valid token without the route's scopes is a 403 {"message":
// "Forbidden"}, an *apigate.Error of type ACCESS_DENIED with message Forbidden wrapping
// ErrScope: the spec marks that status unconfirmed, and 403 is what RFC 6750 prescribes for
// insufficient_scope.
//
// On success r.Context.Authorizer.Claims holds the claims as strings, numbers as their JSON
// text ("exp":"1787996002"), as the 2.0 event's requestContext.authorizer.jwt.claims.
//
// An Authorizer is plain data: build one per route, sharing the Verifier.
type Authorizer struct {
	// Verifier checks the token's signature, issuer, audience and times. API Gateway requires
	// a JWT authorizer's configuration to list at least one audience: give its Config one.
	Verifier *Verifier
	// Scopes are the route's authorizationScopes (at most 10).
	Scopes []string
	// Header is the identity source's header ($request.header.Authorization); "" means
	// Authorization.
	Header string
}

var _ interface {
	Authorize(context.Context, *apigate.Request) error
} = (*Authorizer)(nil)

// Authorize verifies the request's token and sets r.Context.Authorizer.
func (a *Authorizer) Authorize(ctx context.Context, r *apigate.Request) error {
	if a.Verifier == nil {
		return &apigate.Error{Type: apigate.AuthorizerConfigurationError, Err: errors.New("jwt: Authorizer without a Verifier")}
	}
	tok, err := a.Verifier.Verify(ctx, bearer(r.Header.Get(headerName(a.Header))))
	if err != nil {
		return &apigate.Error{Type: apigate.Unauthorized, Err: &ChallengeError{Err: err}}
	}
	if len(a.Scopes) > 0 && !tok.HasScope(a.Scopes) {
		return &apigate.Error{Type: apigate.AccessDenied, Message: "Forbidden", Err: ErrScope}
	}
	r.Context.Authorizer = &apigate.Authorizer{Claims: stringClaims(tok.Claims, httpStyle)}
	return nil
}

// ChallengeError is a refused token with the WWW-Authenticate challenge API Gateway answers
// it with.
type ChallengeError struct {
	// Err is the reason, one of the package's Err values (possibly wrapped).
	Err error
}

// Error describes the reason.
func (e *ChallengeError) Error() string { return e.Err.Error() }

// Unwrap returns the reason.
func (e *ChallengeError) Unwrap() error { return e.Err }

// Challenge returns the WWW-Authenticate header's value, such as
// Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience".
// The description names the reason only, never the token.
func (e *ChallengeError) Challenge() string {
	return `Bearer scope="" error="invalid_token" error_description="` + description(e.Err) + `"`
}

// Challenge returns the WWW-Authenticate header's value for err, when err (or an error it
// wraps) is a *ChallengeError.
func Challenge(err error) (string, bool) {
	var c *ChallengeError
	if errors.As(err, &c) {
		return c.Challenge(), true
	}
	return "", false
}
