package apigate

import (
	"net/http"
	"time"
)

// Trace is a set of hooks that observe requests on their way through the gateway, in the manner
// of net/http/httptrace.ClientTrace: access logs, metrics, tracing and the console-style
// test-invoke log are built on it. Any field may be nil, and a nil *Trace observes nothing, at
// the cost of one comparison per stage.
//
// The contract for every hook:
//   - it runs on the request's goroutine, in the order of the request path, and the request
//     waits for it: keep hooks short, hand slow work to another goroutine;
//   - it may read r but must not change it; r, the info it gets and everything reached from
//     them are valid only during the call, as for every stage (see "What a stage may keep" on
//     Request): copy what it keeps, or keep r.Clone();
//   - it must be safe for concurrent use, since many requests run at once.
//
// A stage that did not run (no authorizer on the method, no API key required) calls no hook;
// a stage that panicked calls none either (Done reports the panic). The gateway's Observe
// option sets the trace of every request a stage serves.
type Trace struct {
	// RouteMatched is called once routing has found the method: r.Context.ResourcePath and
	// ResourceID and r.PathParameters are set.
	RouteMatched func(r *Request)
	// AuthorizerDone is called after the method's authorizer ran, with how long it took and
	// its error as the gateway answers it (an *Error; nil when it let the request through).
	AuthorizerDone func(r *Request, took time.Duration, err error)
	// KeyChecked is called after the API key check, with its error (an *Error; nil for a
	// valid key).
	KeyChecked func(r *Request, err error)
	// ThrottleChecked is called after the throttling stage, with its error (nil when the
	// request may go on; an *Error, THROTTLED or QUOTA_EXCEEDED, otherwise).
	ThrottleChecked func(r *Request, err error)
	// Validated is called after request validation, with its error (nil for a valid request;
	// an *Error, BAD_REQUEST_PARAMETERS or BAD_REQUEST_BODY, otherwise).
	Validated func(r *Request, err error)
	// IntegrationRequest is called by the integration with the request it sends to its
	// backend, after parameter mapping and templates, just before sending it.
	IntegrationRequest func(r *Request, req *IntegrationRequestInfo)
	// IntegrationResponse is called by the integration with what its backend answered, before
	// the integration response's mapping and templates.
	IntegrationResponse func(r *Request, resp *IntegrationResponseInfo)
	// Done is called once the response (the method response or a gateway response) has been
	// written, before the gateway recycles r.
	Done func(r *Request, info *DoneInfo)
}

// IntegrationRequestInfo is the integration request as the integration sends it.
type IntegrationRequestInfo struct {
	// Method is the HTTP method sent to an HTTP or AWS backend; empty for others.
	Method string
	// URI is the endpoint: the URL of an HTTP or AWS backend, the function ARN or name of a
	// Lambda function, the path a Handler integration's handler sees.
	URI string
	// Header holds the headers sent (after mapping and, for AWS, signing), with the values of
	// Authorization and X-Amz-Security-Token, in any spelling, masked as API Gateway's
	// execution log masks them: an asterisk for each character but the last six (all
	// asterisks for a value shorter than 24 characters). The request sent keeps them.
	Header http.Header
	// Body is the body sent: for Lambda, the event.
	Body []byte
}

// IntegrationResponseInfo is what the backend of an integration answered.
type IntegrationResponseInfo struct {
	// StatusCode is the backend's status: the HTTP status, or the Invoke API's status (200)
	// for Lambda.
	StatusCode int
	// Header holds the backend's response headers.
	Header http.Header
	// Body is the response body: for Lambda, the function's payload.
	Body []byte
	// Latency is how long the backend took, from sending the request to reading the answer.
	Latency time.Duration
	// Err is the failure of the call itself (a timeout, a refused connection), when there was
	// one; StatusCode, Header and Body are then empty.
	Err error
}

// DoneInfo describes a finished request.
type DoneInfo struct {
	// StatusCode, Header and Body are the response sent, as the client got them (Header
	// includes the gateway's own headers, Content-Length among them; Body is nil for HEAD).
	// For a request whose context ended before it had a response, none was sent: StatusCode is
	// 0 and Header and Body are nil.
	StatusCode int
	Header     http.Header
	Body       []byte
	// Latency is the time from the gateway receiving the request to the response being
	// written ($context.responseLatency).
	Latency time.Duration
	// IntegrationLatency is the time the integration took ($context.integrationLatency); zero
	// when no integration ran, or when it panicked.
	IntegrationLatency time.Duration
	// Err is the failure the gateway answered with a gateway response (an *Error, or wrapping
	// one), or nil when the integration's response was sent. A request whose context ended
	// before it had a response (a client that went away) is reported with an error matching
	// the context's error: context.Canceled for a client that went away.
	Err error
}
