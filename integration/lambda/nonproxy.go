package lambda

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/failure"
	"github.com/apigate/apigate/integration/internal/header"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/internal/forward"
	"github.com/apigate/apigate/internal/media"
	"github.com/apigate/apigate/mapping"
	"github.com/apigate/apigate/mapping/vtl"
)

// NonProxy returns API Gateway's AWS integration with a Lambda function, the Lambda custom
// (non-proxy) integration, that invokes function through inv: the method request is turned
// into the function's event by parameter mappings and a request template, the function is
// invoked, and its answer is turned into the method response by the integration response its
// error message selects (see integration.NonProxyIntegration for what every non-proxy
// integration does).
//
// The function is a function name, a function ARN (either optionally with a qualifier,
// "my-fn:live") or the integration URI API Gateway writes for it,
// arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations.
// ${stageVariables.NAME} anywhere in it is replaced per request by the stage variable (the
// empty string when unset), as API Gateway allows for aliases and versions. opts.Client is not
// used.
//
// The event is the rendered template or, when the body is passed through, the body; it must be
// JSON, as the Lambda Invoke API requires (an empty one is sent as {}, the event Lambda gives a
// function invoked without a payload): an event that is not JSON is 400 ("Could not parse
// request body into json: ...", a DEFAULT_4XX). The integration request header
// X-Amz-Invocation-Type, mapped statically ('Event') or from the request
// (method.request.header.InvocationType), chooses the invocation type:
//
//   - RequestResponse, or no header (or an empty value): the function runs and its answer is
//     the integration response;
//   - Event: the function is invoked asynchronously and the integration response is empty, as
//     the Invoke API's 202 is;
//   - DryRun: the function is not invoked, and the integration response is empty, as the
//     Invoke API's 204 is (the Invoker cannot check the function and permissions as Lambda's
//     dry run does);
//   - any other value is refused by Lambda: 500 API_CONFIGURATION_ERROR.
//
// Mapped integration request headers other than X-Amz-Invocation-Type, and mapped query string
// and path parameters, go nowhere; a mapping that sets one of the headers API Gateway refuses
// on an AWS integration (Authorization, Connection, Content-Length, Expect,
// Proxy-Authenticate, TE, Transfer-Encoding, X-Amzn-Apigateway-Api-Id, X-Amzn-Trace-Id) fails
// the request with 500 API_CONFIGURATION_ERROR.
//
// The invoker gets a context that ends at the integration timeout. An invocation that fails
// (not a function error, which is an answer) is answered as by Proxy (see its "Failures": a
// function that cannot be invoked is 500 API_CONFIGURATION_ERROR, a throttle or another failure
// 500 INTEGRATION_FAILURE, an event Lambda refuses 400 or 413); one that ends
// past the timeout, even with an answer, is 504 INTEGRATION_TIMEOUT ("Endpoint request timed
// out"), whether the invoker returned at the deadline (as invoke.Local does) or later.
//
// The response side selects the integration response by a Java regular expression matched
// against the whole of the function error's errorMessage; a function that succeeded (and an
// asynchronous invocation) has the empty string as its selection value, so a pattern such as
// 200 or .+ never matches a success, and .* matches everything. A function error that no
// pattern matches gets the default response (by default 200, with the error JSON as its
// body), as on AWS; with no default response the answer is 500 API_CONFIGURATION_ERROR.
// Response templates and the integration.response.body mappings read the function's payload,
// or the error JSON ({"errorMessage": ..., "errorType": ...}). For a function error whose
// errorMessage is itself JSON (a custom error, JSON.stringify'ed by the function), the
// response parameters integration.response.body.errorMessage.a.b read into that JSON, as the
// developer guide describes; templates read the errorMessage as the string it is.
// integration.response.header.X reads the Invoke API's response headers: Content-Type
// (application/json), Content-Length, X-Amzn-Requestid (the invocation's request id) and, for
// a function error, X-Amz-Function-Error.
//
// The method response carries the headers the chosen integration response maps (and the
// overrides), Content-Type (the chosen template's content type, else application/json) and
// X-Amzn-Trace-Id. The Trace sees the function and the event it gets, and the Invoke API's
// answer: its status (200, 202 for Event, 204 for DryRun), headers and the function's payload.
//
// The integration's Close closes inv if it is an io.Closer.
func NonProxy(function string, inv invoke.Invoker, opts integration.Options) *integration.NonProxyIntegration {
	e := &endpoint{inv: inv}
	var errs []error
	if inv == nil {
		errs = append(errs, fmt.Errorf("%w: a Lambda integration needs an Invoker", integration.ErrInvalidIntegration))
	}
	var err error
	if e.fn, err = newFunctionRef(function); err != nil {
		errs = append(errs, err)
	}
	for _, ir := range opts.Responses {
		for _, src := range ir.ResponseParameters {
			if strings.HasPrefix(src, "integration.response.header.") || strings.HasPrefix(src, "integration.response.multivalueheader.") {
				e.header = true
			}
		}
	}
	e.err = errors.Join(errs...)
	return integration.NonProxy(e, opts)
}

// endpoint is the non-proxy Lambda integration's endpoint: the function.
type endpoint struct {
	fn  functionRef
	inv invoke.Invoker
	// header says a response parameter reads the Invoke API's response headers.
	header bool
	err    error
}

// Validate reports no Invoker or a function that names none.
func (e *endpoint) Validate() error { return e.err }

// Definition returns the endpoint's part of the definition: AWS, POST, the function.
func (e *endpoint) Definition() integration.Definition {
	return integration.Definition{Type: integration.TypeAWS, HTTPMethod: http.MethodPost, URI: e.fn.raw}
}

// Close closes the invoker if it is an io.Closer.
func (e *endpoint) Close() error { return closeInvoker(e.inv) }

// closeInvoker closes inv if it is an io.Closer.
func closeInvoker(inv invoke.Invoker) error {
	if c, ok := inv.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// emptyEvent is the event of an invocation without a payload.
var emptyEvent = []byte("{}")

// invokeHeader is the Invoke API's answer as response parameters that do not read its headers
// see it: only its Content-Type, which says whether the payload is binary. Read-only.
var invokeHeader = http.Header{"Content-Type": {media.JSON}}

// Call invokes the function with the integration request's body.
func (e *endpoint) Call(ctx context.Context, req *integration.EndpointRequest, resp *integration.EndpointResponse) error {
	r := req.Request
	fn, err := e.fn.resolve(r.StageVariables)
	if err != nil {
		return failure.Config(err)
	}
	if err := header.Check(req.Header, header.RefusedAWS); err != nil {
		return err
	}
	typ, _ := req.Header.Get("X-Amz-Invocation-Type")
	var async bool
	switch typ {
	case "", "RequestResponse":
	case "Event":
		async = true
	case "DryRun":
		if t := r.Trace; t != nil {
			if t.IntegrationRequest != nil {
				t.IntegrationRequest(r, &apigate.IntegrationRequestInfo{URI: fn, Body: req.Body})
			}
			if t.IntegrationResponse != nil {
				t.IntegrationResponse(r, &apigate.IntegrationResponseInfo{StatusCode: http.StatusNoContent})
			}
		}
		resp.Header, resp.TraceID = invokeHeader, forward.TraceID(r)
		return nil
	default:
		return failure.Config(fmt.Errorf("integration: Lambda refuses X-Amz-Invocation-Type %q (RequestResponse, Event or DryRun)", typ))
	}
	event := req.Body
	switch {
	case len(event) == 0:
		event = emptyEvent
	case !json.Valid(event):
		var v any
		err := json.Unmarshal(event, &v)
		return &apigate.Error{Type: apigate.Default4XX, Status: http.StatusBadRequest,
			Message: "Could not parse request body into json: Could not parse payload into json: " + err.Error(), Err: err}
	case async:
		// The function runs after Integrate returns: it must not share the request's memory.
		event = bytes.Clone(event)
	}

	res, err := invokeTraced(ctx, e.inv, r, &invoke.Invocation{Function: fn, Payload: event, Async: async})
	if err != nil {
		return err
	}
	resp.Header, resp.TraceID = invokeHeader, forward.TraceID(r)
	if !async {
		resp.Body = res.Payload
		if res.FunctionError != "" {
			resp.Selection, resp.ParamsBody = errorMessage(res.Payload)
		}
	}
	if e.header {
		resp.Header = invokeResponseHeader(res, len(resp.Body))
	}
	return nil
}

// invokeTraced invokes the function, reporting the invocation and its outcome to r's Trace,
// and returns its result or the gateway's error: the invoker's, as invokeError says, and
// INTEGRATION_FAILURE for a result without an error.
func invokeTraced(ctx context.Context, inv invoke.Invoker, r *apigate.Request, in *invoke.Invocation) (*invoke.Result, error) {
	var start time.Time
	if t := r.Trace; t != nil {
		if t.IntegrationRequest != nil {
			t.IntegrationRequest(r, &apigate.IntegrationRequestInfo{URI: in.Function, Body: in.Payload})
		}
		start = time.Now()
	}
	res, err := inv.Invoke(ctx, in)
	switch {
	case err != nil:
		err = invokeError(ctx, err)
	case res == nil:
		err = invokeFailure(errors.New("integration: the Invoker returned no result"))
	}
	if t := r.Trace; t != nil && t.IntegrationResponse != nil {
		info := &apigate.IntegrationResponseInfo{Latency: time.Since(start), Err: err}
		if err == nil {
			info.StatusCode = http.StatusOK
			if in.Async {
				info.StatusCode = http.StatusAccepted
			} else {
				info.Body = res.Payload
			}
			info.Header = invokeResponseHeader(res, len(info.Body))
		}
		t.IntegrationResponse(r, info)
	}
	return res, err
}

// invokeResponseHeader returns the Invoke API's response headers for res.
func invokeResponseHeader(res *invoke.Result, n int) http.Header {
	h := http.Header{
		"Content-Type":   {media.JSON},
		"Content-Length": {strconv.Itoa(n)},
	}
	if res.RequestID != "" {
		h["X-Amzn-Requestid"] = []string{res.RequestID}
	}
	if res.FunctionError != "" {
		h["X-Amz-Function-Error"] = []string{res.FunctionError}
	}
	return h
}

// errorMessage reads a function error's payload: its errorMessage, the selection value (a
// string as it is; any other value as compact JSON; "" when it is missing, null, or the payload
// is not an object), and, when the errorMessage is a string holding a JSON object or array, the
// payload with that JSON in place of the string, for the response parameters that read
// integration.response.body.errorMessage.a.b (nil otherwise).
func errorMessage(payload []byte) (string, []byte) {
	v, err := mapping.ParseJSON(string(payload))
	if err != nil || v.Kind() != vtl.MapKind {
		return "", nil
	}
	obj := v.AsMap()
	msg, ok := obj.GetString("errorMessage")
	switch {
	case !ok || msg.IsNull():
		return "", nil
	case msg.Kind() != vtl.String:
		return string(vtl.AppendJSON(nil, msg)), nil
	}
	text := msg.AsString()
	if t := strings.TrimSpace(text); t == "" || t[0] != '{' && t[0] != '[' {
		return text, nil
	}
	inner, err := mapping.ParseJSON(text)
	if err != nil || inner.Kind() != vtl.MapKind && inner.Kind() != vtl.ListKind {
		return text, nil
	}
	obj.PutString("errorMessage", inner)
	return text, vtl.AppendJSON(nil, v)
}
