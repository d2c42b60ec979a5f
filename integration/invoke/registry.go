package invoke

import "context"

// Registry runs the functions registered with Local in-process and sends every other
// invocation to Fallback, so that one API definition runs locally and against AWS: register the
// functions under development, let the rest reach Lambda (or `sam local start-lambda`) through a
// Remote. Which invocations a Local function serves is said at Local.Register; an invocation of
// a name Local does not have, or that matches none of its registrations (another qualifier,
// region or account), goes to Fallback. Without Fallback it is ErrFunctionNotFound.
//
// Set the fields before use. Registry implements Invoker and TypedInvoker.
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

// InvokeTyped calls a Local function without JSON when it takes event's type; for a function
// Local does not have, it defers to Fallback when that is a TypedInvoker, and otherwise reports
// ok false, so that the caller uses Invoke.
func (r *Registry) InvokeTyped(ctx context.Context, fn string, event any) (any, *Result, bool, error) {
	if r.Local != nil {
		if f, ref, ok := r.Local.lookup(fn); ok {
			return f.invokeTyped(ctx, ref, event)
		}
	}
	switch t := r.Fallback.(type) {
	case nil:
		return nil, nil, false, notFound(fn)
	case TypedInvoker:
		return t.InvokeTyped(ctx, fn, event)
	}
	return nil, nil, false, nil
}

var (
	_ TypedInvoker = (*Local)(nil)
	_ TypedInvoker = (*Registry)(nil)
	_ Invoker      = (*Local)(nil)
	_ Invoker      = (*Registry)(nil)
	_ Invoker      = (*Remote)(nil)
)
