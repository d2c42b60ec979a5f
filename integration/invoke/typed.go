package invoke

import (
	"context"
	"fmt"
	"reflect"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda/messages"

	"github.com/apigate/apigate/integration/invoke/internal/funcref"
)

type (
	proxyFunc      = func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)
	proxyFuncNoCtx = func(events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)
	v2Func         = func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)
	v2FuncNoCtx    = func(events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)
)

// setTyped keeps a direct call of h when h takes and returns the events structs (h's type, or
// its underlying type, is one of the four above).
func (f *function) setTyped(h any) {
	v := reflect.ValueOf(h)
	switch t := v.Type(); {
	case t.ConvertibleTo(reflect.TypeFor[proxyFunc]()):
		f.proxy = v.Convert(reflect.TypeFor[proxyFunc]()).Interface().(proxyFunc)
	case t.ConvertibleTo(reflect.TypeFor[proxyFuncNoCtx]()):
		fn := v.Convert(reflect.TypeFor[proxyFuncNoCtx]()).Interface().(proxyFuncNoCtx)
		f.proxy = func(_ context.Context, e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
			return fn(e)
		}
	case t.ConvertibleTo(reflect.TypeFor[v2Func]()):
		f.v2 = v.Convert(reflect.TypeFor[v2Func]()).Interface().(v2Func)
	case t.ConvertibleTo(reflect.TypeFor[v2FuncNoCtx]()):
		fn := v.Convert(reflect.TypeFor[v2FuncNoCtx]()).Interface().(v2FuncNoCtx)
		f.v2 = func(_ context.Context, e events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			return fn(e)
		}
	}
}

// InvokeProxyEvent implements EventInvoker for payload format 1.0 events: it calls the function
// fn names with *e, without JSON, when its handler takes an events.APIGatewayProxyRequest and
// returns an events.APIGatewayProxyResponse. The function sees the same context as through
// Invoke and fails the same way.
//
// The function gets a copy of *e that shares its maps and slices with the caller's, and its
// strings are passed as they are, where JSON would have replaced invalid UTF-8. With
// lambda.Proxy some of those maps and slices are the gateway's method request's: the function
// must not write to the multi-value maps and their slices, nor use them after it has returned or
// its invocation has timed out (see "The typed fast path" on lambda.Proxy). The event's size
// is not checked: a caller sends an event that could be over MaxPayload through Invoke, whose
// JSON is measured. A response over MaxResponsePayload fails as through Invoke.
func (l *Local) InvokeProxyEvent(ctx context.Context, fn string, e *events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, *Result, error) {
	f, ref, found := l.lookup(fn)
	if !found {
		return nil, nil, notFound(fn)
	}
	return f.invokeProxy(ctx, ref, e)
}

// InvokeHTTPEvent implements EventInvoker for payload format 2.0 events, as InvokeProxyEvent
// does for 1.0: the handler takes an events.APIGatewayV2HTTPRequest and returns an
// events.APIGatewayV2HTTPResponse.
func (l *Local) InvokeHTTPEvent(ctx context.Context, fn string, e *events.APIGatewayV2HTTPRequest) (*events.APIGatewayV2HTTPResponse, *Result, error) {
	f, ref, found := l.lookup(fn)
	if !found {
		return nil, nil, notFound(fn)
	}
	return f.invokeHTTP(ctx, ref, e)
}

func (f *function) invokeProxy(ctx context.Context, ref funcref.Ref, e *events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, *Result, error) {
	return invokeEvent(ctx, f, ref, f.proxy, e, func(r *events.APIGatewayProxyResponse) string { return r.Body })
}

func (f *function) invokeHTTP(ctx context.Context, ref funcref.Ref, e *events.APIGatewayV2HTTPRequest) (*events.APIGatewayV2HTTPResponse, *Result, error) {
	return invokeEvent(ctx, f, ref, f.v2, e, func(r *events.APIGatewayV2HTTPResponse) string { return r.Body })
}

// invokeEvent runs one invocation of h, the function's typed handler, with a copy of *e (the
// caller may reuse *e once it returns, even when the function goes on running); body returns a
// response's body, which decides whether its size is measured.
func invokeEvent[Req, Resp any](ctx context.Context, f *function, ref funcref.Ref, h func(context.Context, Req) (Resp, error), e *Req, body func(*Resp) string) (*Resp, *Result, error) {
	if h == nil || e == nil {
		return nil, nil, ErrNoEventHandler
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	w, err := f.workers.acquire(f, false)
	if err != nil {
		return nil, nil, err
	}
	j := &eventInvocation[Req, Resp]{h: h, body: body, e: e}
	j.init(f, f.invokedARN(ref))
	switch err := w.exec(ctx, j); err {
	case nil:
		if r := j.finish(nil); r.FunctionError != "" {
			return nil, r, nil
		}
		return &j.resp, &j.r, nil
	case errTimedOut:
		return nil, j.timedOut(), nil
	default:
		return nil, nil, fmt.Errorf("invoke: %s: %w", f.arn, err)
	}
}

// callEvent is callJSON for a typed handler: it fills *resp with what h answered, or returns
// the failure.
func callEvent[Req, Resp any](ctx context.Context, h func(context.Context, Req) (Resp, error), e *Req, resp *Resp, body func(*Resp) string) (fail *messages.InvokeResponse_Error) {
	defer func() {
		if v := recover(); v != nil {
			fail = panicResponse(v)
		}
	}()
	out, err := h(ctx, *e)
	if err != nil {
		return errorResponse(err)
	}
	*resp = out
	if typedResponseTooLarge(resp, body(resp)) { // resp, not &out: out stays on the stack
		var zero Resp
		*resp = zero
		return errResponseTooLarge
	}
	return nil
}
