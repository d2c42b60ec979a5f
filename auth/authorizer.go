package auth

import (
	"context"

	"github.com/apigate/apigate"
)

// Authorizer decides whether a method request may go on, as the gateway's authorization stage
// does: nil lets it through (having filled r.Context.Authorizer and the like), an
// *apigate.Error answers it with that gateway response. It has the method set of
// gateway.Authorizer, so every Authorizer of this package can be attached to a method with
// gateway.AuthorizeWith, and used in front of any mux with Middleware.
type Authorizer interface {
	Authorize(ctx context.Context, r *apigate.Request) error
}

// AuthorizerFunc adapts a function to Authorizer.
type AuthorizerFunc func(ctx context.Context, r *apigate.Request) error

// Authorize calls f(ctx, r).
func (f AuthorizerFunc) Authorize(ctx context.Context, r *apigate.Request) error { return f(ctx, r) }

var _ Authorizer = AuthorizerFunc(nil)
