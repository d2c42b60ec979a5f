package lambda

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/deadline"
	"github.com/apigate/apigate/integration/internal/failure"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/internal/lambdaevent"
)

// PayloadVersion is a Lambda proxy integration's payload format (payloadFormatVersion): the
// shape of the event the function gets and of the answer it gives.
type PayloadVersion int

const (
	// Payload10 is format 1.0, the only one of REST APIs.
	Payload10 PayloadVersion = iota
	// Payload20 is format 2.0, an HTTP API's default.
	Payload20
)

// String returns "1.0" or "2.0".
func (v PayloadVersion) String() string {
	switch v {
	case Payload10:
		return "1.0"
	case Payload20:
		return "2.0"
	}
	return fmt.Sprintf("PayloadVersion(%d)", int(v))
}

// ProxyOptions are the definition of an AWS_PROXY (Lambda proxy) integration besides its
// function. (What a function invoked through the typed fast path may do with its event is under
// "The typed fast path" on Proxy.)
type ProxyOptions struct {
	// Payload is the payload format: Payload10 (the zero value, REST APIs) or Payload20.
	Payload PayloadVersion
	// Timeout is the integration's timeoutInMillis: 0 means 29 s; otherwise 50 ms to 29 s.
	Timeout time.Duration
}

// ErrInvalidPayloadVersion reports a payload format other than 1.0 and 2.0.
var ErrInvalidPayloadVersion = errors.New("integration: payloadFormatVersion must be 1.0 or 2.0")

// errNoInvoker reports a Lambda proxy integration built without an invoker.
var errNoInvoker = errors.New("integration: a Lambda proxy integration needs an invoker")

// ProxyIntegration is an AWS_PROXY integration with a Lambda function: the function gets the
// whole request as an event and its answer is the response. Build one with Proxy; it is safe
// for concurrent use.
type ProxyIntegration struct {
	fn      functionRef
	inv     invoke.Invoker
	typed   invoke.EventInvoker // inv's typed fast path, if it has one
	v2      bool
	payload PayloadVersion
	timeout time.Duration
	err     error
	untyped sync.Map // functions whose handler does not take the events structs
}

var (
	_ apigate.Integration = (*ProxyIntegration)(nil)
	_ apigate.Validator   = (*ProxyIntegration)(nil)
	_ integration.Definer = (*ProxyIntegration)(nil)
	_ io.Closer           = (*ProxyIntegration)(nil)
)

// Proxy returns an AWS_PROXY integration, API Gateway's Lambda proxy integration, that invokes
// function with inv: the function gets the whole request as an event and its answer is the
// response.
//
// The function is a name, a function ARN (either with an optional alias or version qualifier:
// "my-fn:live") or an API Gateway integration URI,
// arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations;
// ${stageVariables.NAME} anywhere in it is replaced by the stage's variable, as API Gateway
// allows for aliases. It is invoked synchronously, with a deadline of the timeout.
//
// # The event
//
// Payload format 1.0 (REST APIs) is the event API Gateway sends, key for key: resource, path
// (without the stage; leading slashes collapsed, a trailing slash kept), httpMethod, headers (the last value of each) and multiValueHeaders, queryStringParameters
// (URL-decoded; the last value of a repeated name, as recorded on AWS, where the developer
// guide's sample shows the first) and multiValueQueryStringParameters, pathParameters (not
// decoded), stageVariables, requestContext ($context: accountId, apiId, authorizer when an
// authorizer ran, deploymentId, domainName, domainPrefix, extendedRequestId, httpMethod,
// identity with its twelve keys, null when empty, path with the stage as received, protocol,
// requestId, requestTime, requestTimeEpoch, resourceId, resourcePath, stage), body and
// isBase64Encoded: the body is base64-encoded when its Content-Type is one of the API's binary
// media types. Empty maps and an empty body are null.
//
// Format 2.0 is the HTTP API's: version, routeKey, rawPath, rawQueryString
// (percent-encoded, as received), cookies, headers with lower-case names and repeated values
// joined with ',', queryStringParameters joined the same way, requestContext with http{method,
// path, protocol, sourceIp, userAgent}, time and timeEpoch, pathParameters, stageVariables,
// body (text for text/*, application/json, application/xml and application/javascript, base64
// for anything else, a missing Content-Type included) and isBase64Encoded.
//
// Both formats carry the client's headers except those API Gateway drops (Connection,
// Content-Length in 1.0, Content-MD5, Expect, Keep-Alive, Max-Forwards, Proxy-Authenticate,
// Proxy-Connection, Server, TE, Trailer, Transfer-Encoding, Upgrade, WWW-Authenticate; 2.0
// moves Cookie into cookies), and those it adds: X-Forwarded-For (the client's address
// appended), X-Forwarded-Port and X-Forwarded-Proto (unless a proxy in front of the gateway set
// them), X-Amzn-Trace-Id (the client's with a Root, else a new one, which the response carries
// too). An edge-optimized endpoint's CloudFront headers (Via, X-Amz-Cf-Id, CloudFront-*) are
// not made up: apigate is a Regional endpoint.
//
// Header names are spelled as the request has them. A request that came through net/http's
// server has its names in Go's canonical form (tEsT-HEADeR arrives as Test-Header): the
// client's spelling, which AWS keeps, is lost before the gateway sees the request, and cannot
// be reproduced. For the names AWS itself canonicalizes (Authorization, User-Agent, ...) the
// two agree.
//
// # The typed fast path
//
// When inv is an invoke.EventInvoker and the function takes and returns
// the github.com/aws/aws-lambda-go/events structs, the event is handed over as a filled
// *events.APIGatewayProxyRequest (*events.APIGatewayV2HTTPRequest for 2.0) and the returned
// struct is read as its JSON would be: no JSON is written or parsed. The struct holds what
// decoding the JSON event gives (strings cleaned to valid UTF-8 as a decoder cleans them). A
// function that does not take the structs is remembered and invoked with JSON from then on.
//
// Unlike a decoded event, the struct is not wholly the function's: the slices of
// MultiValueHeaders and MultiValueQueryStringParameters, and MultiValueQueryStringParameters
// itself (when nothing in it needed cleaning), are the method request's (r.Header's values,
// r.Query), which the gateway goes on reading once the invocation has returned or been given up
// at the timeout, and then recycles. So the function:
//   - may read the whole event while it is invoked, and change its other fields and maps;
//   - must not write to those maps and slices (no assignment, append into, or delete), which
//     would change the request under the gateway (with a map, a fatal concurrent map write);
//   - must not use them once its invocation has returned or timed out (a handler that runs past
//     the integration timeout, or hands the event to a goroutine of its own), unless it copied
//     them (maps.Clone, slices.Clone) while invoked.
//
// A function that cannot keep to this is invoked with JSON by an invoker that is not an
// invoke.EventInvoker, such as struct{ invoke.Invoker }{local} for an *invoke.Local (which the
// integration's Close then does not close): its event is then its own, at the cost of the JSON.
//
// # The response
//
// Format 1.0 wants a JSON object with no keys but statusCode (a number or a numeric string;
// missing, null or 0 means 200; outside 100–599 is malformed), headers (values strings,
// numbers or booleans: true arrives as "true"), multiValueHeaders (lists of them), body and
// isBase64Encoded. Anything else (another key, a non-object, a status such as "test", a
// multiValueHeaders value that is not a list) is malformed: 502 {"message":"Internal server
// error"}, a DEFAULT_5XX, as is a function error (Result.FunctionError, a panic or an error
// returned). A header in both maps is sent with the multi values then the single one, under
// the multiValueHeaders spelling, unless the multi values hold the single one, which is then
// sent once. Content-Type defaults to application/json. A body with
// isBase64Encoded true is decoded only when the client's first Accept type is one of the API's
// binary media types; otherwise the base64 text is the body, and a body that is not base64 is
// API_CONFIGURATION_ERROR (500). The response carries X-Amzn-Trace-Id, the request's trace id,
// unless the function set one.
//
// Format 2.0 reads statusCode, headers, cookies (each a Set-Cookie header; a value that is not
// a list is ignored), body and isBase64Encoded (always decoded) from an object with a
// statusCode, ignoring other keys; any other valid JSON is the body of an inferred 200
// application/json response (a JSON string as its text, anything else as returned). Invalid
// JSON and function errors are 500 {"message":"Internal Server Error"}, the HTTP API's answer.
//
// In both formats, header names that are not HTTP tokens, null values and empty lists are left
// out; Connection, Content-Length, Date, Server and x-amzn-RequestId are sent renamed
// x-amzn-Remapped-..., and Transfer-Encoding is dropped, as for HTTP_PROXY: the gateway sets
// those itself.
//
// The responses Integrate returns are pooled: each has a Release (apigate.Response.Release),
// which the gateway calls once it has sent the response; whoever else calls Integrate may
// call it too, once, when done with the response, or leave the response to the garbage
// collector. The typed path's body shares the bytes of the function's body string.
//
// # Failures
//
// The invoker gets a context that ends at the integration timeout; the deadline passing (the
// invoker returning at it, as invoke.Local does, or later, even with an answer) is
// INTEGRATION_TIMEOUT (504 "Endpoint request timed out"). An invocation that fails before the
// function runs is answered as by the non-proxy Lambda integration: a function that does not
// exist or may not be invoked (invoke.ErrFunctionNotFound, the Invoke API's 4xx) is
// API_CONFIGURATION_ERROR, 500 {"message":"Internal server error"}, as AWS answers "Execution
// failed due to configuration error"; a throttle (invoke.ErrTooManyRequests) or any other
// failure is INTEGRATION_FAILURE answered 500 {"message":"Internal server error"}; an
// *apigate.Error from the invoker is kept as it is.
//
// A definition that is wrong (no invoker, an invalid function, payload format or timeout) is
// reported by Validate; such an integration answers every request with API_CONFIGURATION_ERROR.
//
// The Trace sees the function and its JSON event, and the Invoke API's answer with the
// function's payload: while the request has the IntegrationRequest or IntegrationResponse hook,
// the typed fast path is not taken, so that there are bytes to show.
//
// The integration's Close closes inv if it is an io.Closer.
func Proxy(function string, inv invoke.Invoker, opts ProxyOptions) *ProxyIntegration {
	p := &ProxyIntegration{inv: inv, v2: opts.Payload == Payload20, payload: opts.Payload}
	var errs []error
	if inv == nil {
		errs = append(errs, errNoInvoker)
	} else if t, ok := inv.(invoke.EventInvoker); ok {
		p.typed = t
	}
	if opts.Payload != Payload10 && opts.Payload != Payload20 {
		errs = append(errs, fmt.Errorf("%w: got %v", ErrInvalidPayloadVersion, opts.Payload))
	}
	var err error
	if p.timeout, err = deadline.Timeout(opts.Timeout); err != nil {
		errs = append(errs, err)
	}
	if p.fn, err = newFunctionRef(function); err != nil {
		errs = append(errs, err)
	}
	p.err = errors.Join(errs...)
	return p
}

// Validate reports what is wrong with the integration's definition. It returns nil for a valid
// integration.
func (p *ProxyIntegration) Validate() error { return p.err }

// Definition returns the integration's definition: AWS_PROXY, POST, the function as given, the
// payload format and the timeout.
func (p *ProxyIntegration) Definition() integration.Definition {
	return integration.Definition{Type: integration.TypeAWSProxy, HTTPMethod: http.MethodPost, URI: p.fn.raw,
		Timeout: p.timeout, PayloadFormatVersion: p.payload.String()}
}

// Close closes the invoker if it is an io.Closer.
func (p *ProxyIntegration) Close() error { return closeInvoker(p.inv) }

// Integrate invokes the function with the method request's event and returns its response.
func (p *ProxyIntegration) Integrate(ctx context.Context, r *apigate.Request) (*apigate.Response, error) {
	if p.err != nil {
		return nil, failure.Config(p.err)
	}
	fn, err := p.fn.resolve(r.StageVariables)
	if err != nil {
		return nil, failure.Config(err)
	}
	// the deadline and the typed 1.0 event's added headers' values in one allocation: the
	// values are in the maps the function gets, which it may keep, so they are not pooled
	call := new(proxyCall)
	call.ctx.Start(ctx, p.timeout)
	defer call.ctx.Stop()
	ctx = &call.ctx

	e := lambdaevent.New(r, p.v2)
	trace := e.TraceID()
	// an event that could be over Lambda's limit goes as JSON, which the invoker measures; a
	// traced request too, so that the Trace sees the event and the answer
	if p.typed != nil && len(r.Body) <= typedMaxBody && !traced(r) {
		if _, no := p.untyped.Load(fn); !no {
			resp, ran, err := p.invokeTyped(ctx, fn, e, r, trace, &call.added)
			if ran {
				return resp, err
			}
			p.untyped.Store(fn, struct{}{})
		}
	}
	payload := e.AppendJSON(make([]byte, 0, e.Size()))
	e.Release()

	res, err := invokeTraced(ctx, p.inv, r, &invoke.Invocation{Function: fn, Payload: payload})
	if err = p.invoked(ctx, res, err); err != nil {
		return nil, err
	}
	var out lambdaevent.Response
	if err := lambdaevent.ParseResponse(res.Payload, p.v2, &out); err != nil {
		return nil, malformed(p.v2, err)
	}
	return finish(&out, r, p.v2, trace)
}

// traced reports whether r has a Trace with an integration hook.
func traced(r *apigate.Request) bool {
	t := r.Trace
	return t != nil && (t.IntegrationRequest != nil || t.IntegrationResponse != nil)
}

// invokeTyped runs the function through the typed fast path. ran is false when the function
// does not take the events structs: e is then still held, for the JSON event; else e is
// released.
func (p *ProxyIntegration) invokeTyped(ctx context.Context, fn string, e *lambdaevent.Event, r *apigate.Request, trace string, added *[4]string) (resp *apigate.Response, ran bool, err error) {
	var v1 *events.APIGatewayProxyResponse
	var v2 *events.APIGatewayV2HTTPResponse
	var res *invoke.Result
	if p.v2 {
		v2, res, err = p.typed.InvokeHTTPEvent(ctx, fn, e.V2())
	} else {
		// e's own, pooled with it: an invoker keeps neither the struct nor its pointer once
		// it returns (invoke.EventInvoker); what the struct points to, which the function
		// sees, is not pooled
		v1, res, err = p.typed.InvokeProxyEvent(ctx, fn, e.V1(added))
	}
	if errors.Is(err, invoke.ErrNoEventHandler) {
		return nil, false, nil
	}
	e.Release()
	if err = p.invoked(ctx, res, err); err != nil {
		return nil, true, err
	}
	if p.v2 && v2 == nil || !p.v2 && v1 == nil {
		return p.typedNull(r, trace)
	}
	box := newResponseBox() // the response, its headers' values and the function's headers
	out := lambdaevent.Response{Headers: box.headers[:0]}
	if p.v2 {
		out.ReadV2(v2)
	} else {
		out.ReadV1(v1)
	}
	resp, err = finishInto(box, &out, r, p.v2, trace)
	return resp, true, err
}

// typedMaxBody is the largest body whose event the typed path takes; a larger one's event goes
// as JSON, which the invoker measures against Lambda's limit (invoke.MaxPayload). JSON writes a
// string in at most six bytes a byte, so with such a body an event is not over the limit unless
// the rest of it is over 1 MiB as JSON, which the gateway's limits on the headers, the path and
// the query keep it from being (stage variables and an authorizer's context are not limited:
// an event made over the limit by them is not caught on the typed path).
const typedMaxBody = (invoke.MaxPayload - 1<<20) / 6

// proxyCall is what one invocation allocates together: its deadline and the added headers'
// values of a typed 1.0 event (see lambdaevent.Event.V1).
type proxyCall struct {
	ctx   deadline.Lazy
	added [4]string
}

// typedNull answers an EventInvoker that succeeded without a response: as a function that
// returned null.
func (p *ProxyIntegration) typedNull(r *apigate.Request, trace string) (*apigate.Response, bool, error) {
	var out lambdaevent.Response
	if err := lambdaevent.ParseResponse([]byte("null"), p.v2, &out); err != nil {
		return nil, true, malformed(p.v2, err)
	}
	resp, err := finish(&out, r, p.v2, trace)
	return resp, true, err
}

// errFunction is the cause of the error a function error gets.
var errFunction = errors.New("integration: Lambda function error")

// invoked turns the outcome of an invocation into the gateway's error, if any: an invoker's
// error (invokeError), the deadline passing even though the function answered, a function
// error.
func (p *ProxyIntegration) invoked(ctx context.Context, res *invoke.Result, err error) error {
	switch {
	case err != nil:
		return invokeError(ctx, err)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &apigate.Error{Type: apigate.IntegrationTimeout, Err: ctx.Err()}
	case res == nil:
		return nil // the typed path, when the function succeeded
	case res.FunctionError != "":
		return malformed(p.v2, fmt.Errorf("%w: %s: %s", errFunction, res.FunctionError, truncate(res.Payload)))
	}
	return nil
}

// truncate returns the start of an error payload, for an error's text.
func truncate(b []byte) string {
	const max = 512
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}
