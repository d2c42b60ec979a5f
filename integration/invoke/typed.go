package invoke

import (
	"context"
	"reflect"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda/messages"
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

// InvokeTyped implements TypedInvoker: it calls the function fn names with *event, without JSON,
// when the function takes event's type (*events.APIGatewayProxyRequest or
// *events.APIGatewayV2HTTPRequest) and returns the matching response, which it returns as a
// pointer. The function sees the same context as through Invoke and fails the same way (result
// then carries FunctionError and the error payload, and response is nil); on success result has
// StatusCode 200, the RequestID and no Payload.
//
// The function gets a copy of *event that shares its maps and slices with the caller's, and its
// strings are passed as they are, where JSON would have replaced invalid UTF-8. The event's size
// is not checked: a caller sends an event that could be over MaxPayload through Invoke, whose
// JSON is measured. A response over MaxResponsePayload fails as through Invoke.
func (l *Local) InvokeTyped(ctx context.Context, fn string, event any) (response any, result *Result, ok bool, err error) {
	f, ref, found := l.lookup(fn)
	if !found {
		return nil, nil, false, notFound(fn)
	}
	return f.invokeTyped(ctx, ref, event)
}

func (f *function) invokeTyped(ctx context.Context, ref funcRef, event any) (any, *Result, bool, error) {
	switch e := event.(type) {
	case *events.APIGatewayProxyRequest:
		if f.proxy == nil || e == nil {
			return nil, nil, false, nil
		}
		return typedCall(ctx, f, ref, func(fctx context.Context, resp *events.APIGatewayProxyResponse) *messages.InvokeResponse_Error {
			return callProxy(fctx, f.proxy, e, resp)
		})
	case *events.APIGatewayV2HTTPRequest:
		if f.v2 == nil || e == nil {
			return nil, nil, false, nil
		}
		return typedCall(ctx, f, ref, func(fctx context.Context, resp *events.APIGatewayV2HTTPResponse) *messages.InvokeResponse_Error {
			return callV2(fctx, f.v2, e, resp)
		})
	}
	return nil, nil, false, nil
}

// typedCall runs one typed invocation: call runs the function with its context and fills the
// response, and typedCall returns it as InvokeTyped does.
func typedCall[Resp any](ctx context.Context, f *function, ref funcRef, call func(context.Context, *Resp) *messages.InvokeResponse_Error) (any, *Result, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, true, err
	}
	inv := newInvocation[Resp](f, f.invokedARN(ref))
	fail := call(inv.start(), &inv.resp)
	r := inv.finish(nil, fail)
	if r.FunctionError != "" {
		return nil, r, true, nil
	}
	return &inv.resp, r, true, nil
}

// callProxy and callV2 are callJSON for the typed handlers.
func callProxy(ctx context.Context, h proxyFunc, e *events.APIGatewayProxyRequest, resp *events.APIGatewayProxyResponse) (fail *messages.InvokeResponse_Error) {
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
	if typedResponseTooLarge(resp, resp.Body) { // resp, not &out: out stays on the stack
		*resp = events.APIGatewayProxyResponse{}
		return errResponseTooLarge
	}
	return nil
}

func callV2(ctx context.Context, h v2Func, e *events.APIGatewayV2HTTPRequest, resp *events.APIGatewayV2HTTPResponse) (fail *messages.InvokeResponse_Error) {
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
	if typedResponseTooLarge(resp, resp.Body) {
		*resp = events.APIGatewayV2HTTPResponse{}
		return errResponseTooLarge
	}
	return nil
}
