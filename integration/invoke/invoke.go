// Package invoke runs Lambda functions for the Lambda integrations: in-process Go handlers (any
// signature github.com/aws/aws-lambda-go/lambda.NewHandler accepts) and remote functions through
// the Lambda Invoke API, behind one small interface, with a registry that binds function ARNs to
// in-process handlers and falls back to the remote invoker, so the same API definition runs
// locally and against AWS.
package invoke

import (
	"context"
	"errors"
)

// Invocation is one call of a function.
type Invocation struct {
	// Function names the function: a name, a partial or full ARN, optionally with a qualifier
	// (an alias or version: "my-fn:live", "arn:aws:lambda:eu-west-1:123456789012:function:my-fn:3").
	Function string
	// Payload is the event, as JSON.
	Payload []byte
	// Async asks for the Event invocation type: the function runs without the caller waiting,
	// and the result carries no payload (status 202).
	Async bool
}

// Result is what an invocation returned.
type Result struct {
	// StatusCode is the Invoke API's status: 200 for a synchronous call, 202 for Event.
	StatusCode int
	// Payload is the function's response, as JSON, or the error payload
	// ({"errorMessage": ..., "errorType": ...}) when FunctionError is set.
	Payload []byte
	// FunctionError is the X-Amz-Function-Error value: "Unhandled" when the function failed
	// (an error returned, a panic, a timeout), "" on success.
	FunctionError string
	// RequestID is the invocation's request id (the function's lambdacontext AwsRequestID).
	RequestID string
}

// Invoker invokes functions. Failures of the invocation itself (a function that does not exist,
// a throttle, a network error) are errors; a function that ran and failed is a Result with
// FunctionError set.
type Invoker interface {
	Invoke(ctx context.Context, in *Invocation) (*Result, error)
}

// TypedInvoker is implemented by invokers that can call some functions without JSON.
// InvokeTyped calls the function registered under fn with event (a *events.APIGatewayProxyRequest
// or *events.APIGatewayV2HTTPRequest); ok is false when that function does not take that event type
// and return the matching response type (*events.APIGatewayProxyResponse / *events.APIGatewayV2HTTPResponse),
// and the caller then marshals the event and uses Invoke. When the function fails, response is nil and
// result carries FunctionError and the error payload, as Invoke would.
//
// err reports a failed invocation, as Invoke's error does (a function that does not exist, a
// throttle); callers check it before ok.
//
// The event is valid only during the call: a caller may reuse the struct event points to once
// InvokeTyped returns, so an invoker must not keep the pointer, or the struct, after returning
// (copy what it needs). What the struct points to (its maps, slices and strings) is not reused,
// and a function may keep it. Local passes the function a copy of the struct, which shares those
// maps and slices.
type TypedInvoker interface {
	InvokeTyped(ctx context.Context, fn string, event any) (response any, result *Result, ok bool, err error)
}

// Errors of the invocation itself, as the Lambda Invoke API reports them. Invokers wrap them, so
// callers test with errors.Is.
var (
	// ErrFunctionNotFound: no function has that name (or it has no such version or alias); the
	// Invoke API's ResourceNotFoundException, status 404.
	ErrFunctionNotFound = errors.New("invoke: function not found (ResourceNotFoundException)")
	// ErrTooManyRequests: the invocation was throttled; the Invoke API's
	// TooManyRequestsException, status 429.
	ErrTooManyRequests = errors.New("invoke: too many requests (TooManyRequestsException)")
	// ErrInvalidRequestContent: the payload is not JSON; the Invoke API's
	// InvalidRequestContentException, status 400 ("Could not parse request body into json").
	ErrInvalidRequestContent = errors.New("invoke: could not parse request body into json (InvalidRequestContentException)")
	// ErrRequestTooLarge: the event is over the Invoke API's limit (MaxPayload, MaxAsyncPayload);
	// the Invoke API's RequestEntityTooLargeException, status 413.
	ErrRequestTooLarge = errors.New("invoke: request too large (RequestEntityTooLargeException)")
)
