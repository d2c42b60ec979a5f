// Package invoke runs Lambda functions for the Lambda integrations, behind one small interface,
// Invoker: the integration builds the event, the invoker runs the function and hands back what
// it answered, and the integration turns that into the method response.
//
// Local runs Go handlers in-process (any signature
// github.com/aws/aws-lambda-go/lambda.NewHandler accepts), with Lambda's context, error
// payloads, timeouts, payload limits and concurrency limit. Package lambdaapi (under this one)
// invokes functions through the Lambda Invoke API, on AWS or on `sam local start-lambda`; it is
// the one that imports the AWS SDK, so that a program running its functions in-process does
// not link it. Registry binds function names and ARNs to Local's handlers and sends every other
// invocation to a fallback, so that the same API definition runs locally and against AWS.
package invoke

import (
	"context"
	"errors"

	"github.com/aws/aws-lambda-go/events"
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

// Invoker invokes functions. Its contract:
//   - Failures of the invocation itself (a function that does not exist, a throttle, a network
//     error) are errors; a function that ran and failed is a Result with FunctionError set.
//   - Invoke returns once ctx is done (API Gateway's integration timeout, a client that went
//     away), with an error that wraps ctx's, whether or not the function is still running.
//   - Invoke may go on reading in.Payload after it returns (a function it stopped waiting for
//     may still be reading its event): the caller does not modify the payload once it has
//     passed it.
type Invoker interface {
	Invoke(ctx context.Context, in *Invocation) (*Result, error)
}

// InvokerFunc is an Invoker that is a function, as http.HandlerFunc is an http.Handler.
type InvokerFunc func(ctx context.Context, in *Invocation) (*Result, error)

// Invoke calls f(ctx, in).
func (f InvokerFunc) Invoke(ctx context.Context, in *Invocation) (*Result, error) { return f(ctx, in) }

// EventInvoker is implemented by invokers that can hand API Gateway's proxy events to a Go
// function as structs, without JSON: Local and Registry do, for functions whose handler takes
// and returns the events package's structs. The Lambda proxy integration uses it when its
// invoker has it, and Invoke otherwise.
//
// Each method calls the function fn names with *e and returns what it answered:
//   - a response and a Result (StatusCode 200, RequestID, no Payload) when the function
//     succeeded;
//   - no response and a Result with FunctionError and the error payload when the function
//     failed, as Invoke returns them;
//   - ErrNoEventHandler when the function's handler does not take that event (the caller then
//     uses Invoke);
//   - another error when the invocation failed before the function ran, as Invoke's error.
//
// *e is valid only during the call: the caller may reuse the struct once the method returns,
// so an invoker copies what it keeps. What the struct points to (its maps, slices and strings)
// is not reused, and a function may keep it.
type EventInvoker interface {
	InvokeProxyEvent(ctx context.Context, fn string, e *events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, *Result, error)
	InvokeHTTPEvent(ctx context.Context, fn string, e *events.APIGatewayV2HTTPRequest) (*events.APIGatewayV2HTTPResponse, *Result, error)
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
	// ErrNoEventHandler: the function's handler does not take the event struct an
	// EventInvoker was asked to pass; the event must go as JSON, through Invoke.
	ErrNoEventHandler = errors.New("invoke: the function's handler does not take the event struct")
	// ErrClosed: the invoker has been closed (Local.Close) and takes no more invocations.
	ErrClosed = errors.New("invoke: invoker closed")
)
