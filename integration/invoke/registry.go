package invoke

import (
	"context"
	"errors"
	"io"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate/integration/invoke/internal/funcref"
)

// Registry runs the functions registered with Local in-process and sends every other
// invocation to Fallback, so that one API definition runs locally and against AWS: register the
// functions under development, let the rest reach Lambda (or `sam local start-lambda`) through a
// lambdaapi.Invoker. Which invocations a Local function serves is said at Local.Register; an invocation of
// a name Local does not have, or that matches none of its registrations (another qualifier,
// region or account), goes to Fallback. Without Fallback it is ErrFunctionNotFound.
//
// Set the fields before use. Registry implements Invoker, EventInvoker and io.Closer.
type Registry struct {
	Local    *Local
	Fallback Invoker
}

// Invoke runs in on Local when it has the function, else on Fallback.
func (r *Registry) Invoke(ctx context.Context, in *Invocation) (*Result, error) {
	if r.Local != nil {
		if f, ref, ok := r.Local.lookup(in.Function); ok {
			return r.Local.invoke(ctx, f, ref, in)
		}
	}
	if r.Fallback == nil {
		return nil, notFound(in.Function)
	}
	return r.Fallback.Invoke(ctx, in)
}

// InvokeProxyEvent calls a Local function without JSON when its handler takes the event; for
// a function Local does not have, it defers to Fallback when that is an EventInvoker, and
// otherwise returns ErrNoEventHandler, so that the caller uses Invoke.
func (r *Registry) InvokeProxyEvent(ctx context.Context, fn string, e *events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, *Result, error) {
	return invokeEventVia(ctx, r, fn, e, (*function).invokeProxy, EventInvoker.InvokeProxyEvent)
}

// InvokeHTTPEvent is InvokeProxyEvent for payload format 2.0 events.
func (r *Registry) InvokeHTTPEvent(ctx context.Context, fn string, e *events.APIGatewayV2HTTPRequest) (*events.APIGatewayV2HTTPResponse, *Result, error) {
	return invokeEventVia(ctx, r, fn, e, (*function).invokeHTTP, EventInvoker.InvokeHTTPEvent)
}

// invokeEventVia is an EventInvoker method of r: local is its Local's, fallback its Fallback's.
func invokeEventVia[Req, Resp any](ctx context.Context, r *Registry, fn string, e *Req,
	local func(*function, context.Context, funcref.Ref, *Req) (*Resp, *Result, error),
	fallback func(EventInvoker, context.Context, string, *Req) (*Resp, *Result, error),
) (*Resp, *Result, error) {
	if r.Local != nil {
		if f, ref, ok := r.Local.lookup(fn); ok {
			return local(f, ctx, ref, e)
		}
	}
	switch t := r.Fallback.(type) {
	case nil:
		return nil, nil, notFound(fn)
	case EventInvoker:
		return fallback(t, ctx, fn, e)
	}
	return nil, nil, ErrNoEventHandler
}

// Close closes Local, and Fallback when it is an io.Closer, and returns their errors joined.
// Like Local's, it may be called several times, at once too.
func (r *Registry) Close() error {
	var errs []error
	if r.Local != nil {
		errs = append(errs, r.Local.Close())
	}
	if c, ok := r.Fallback.(io.Closer); ok {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

var (
	_ io.Closer    = (*Local)(nil)
	_ io.Closer    = (*Registry)(nil)
	_ EventInvoker = (*Local)(nil)
	_ EventInvoker = (*Registry)(nil)
	_ Invoker      = (*Local)(nil)
	_ Invoker      = (*Registry)(nil)
)
