package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/mapping"
	"github.com/apigate/apigate/mapping/vtl"
)

// LambdaIntegration is API Gateway's AWS integration with a Lambda function, the Lambda custom
// (non-proxy) integration: the method request is turned into the function's event by parameter
// mappings and a request template, the function is invoked, and its answer is turned into the
// method response by the integration response its error message selects.
//
// The request side is that of every non-proxy integration (passthrough behaviour, request
// template chosen by Content-Type, parameter mapping, $context.requestOverride). The event is
// the rendered template or, when the body is passed through, the body; it must be JSON, as the
// Lambda Invoke API requires (an empty one is sent as {}, the event Lambda gives a function
// invoked without a payload). The integration request header X-Amz-Invocation-Type, mapped
// statically ('Event') or from the request (method.request.header.InvocationType), chooses the
// invocation type:
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
// X-Amzn-Trace-Id.
type LambdaIntegration struct {
	function string // as given
	resolved string // the function, when it names no stage variable; else resolved per request
	inv      invoke.Invoker
	np       nonProxy
	// header says a response parameter reads the Invoke API's response headers.
	header bool
	err    error // definition errors, np.err included
}

// Lambda returns a Lambda (AWS, non-proxy) integration that invokes function through inv.
// The function is a function name, a function ARN (either optionally with a qualifier,
// "my-fn:live") or the integration URI API Gateway writes for it,
// arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations.
// ${stageVariables.NAME} anywhere in it is replaced per request by the stage variable (the
// empty string when unset), as API Gateway allows for aliases and versions.
//
// The definition is compiled here; Validate reports what is wrong with it, and a request to an
// invalid integration is answered 500 API_CONFIGURATION_ERROR. Options.Client is not used.
func Lambda(function string, inv invoke.Invoker, opts Options) *LambdaIntegration {
	l := &LambdaIntegration{function: function, inv: inv, np: nonProxyCompile(opts)}
	var errs []error
	if inv == nil {
		errs = append(errs, fmt.Errorf("%w: a Lambda integration needs an Invoker", ErrInvalidIntegration))
	}
	if strings.Contains(function, "${stageVariables.") {
		// Check the shape of the URI with every stage variable it names set.
		if _, err := lambdaFunction(function, lambdaPlaceholders(function)); err != nil {
			errs = append(errs, err)
		}
	} else {
		var err error
		if l.resolved, err = lambdaFunction(function, nil); err != nil {
			errs = append(errs, err)
		}
	}
	for i := range opts.Responses {
		for _, src := range opts.Responses[i].ResponseParameters {
			if strings.HasPrefix(src, "integration.response.header.") || strings.HasPrefix(src, "integration.response.multivalueheader.") {
				l.header = true
			}
		}
	}
	errs = append(errs, l.np.err)
	l.err = errors.Join(errs...)
	return l
}

// lambdaPlaceholders returns a value for every stage variable fn names.
func lambdaPlaceholders(fn string) map[string]string {
	const open = "${stageVariables."
	vars := map[string]string{}
	for {
		i := strings.Index(fn, open)
		if i < 0 {
			return vars
		}
		fn = fn[i+len(open):]
		j := strings.IndexByte(fn, '}')
		if j < 0 {
			return vars
		}
		vars[fn[:j]] = "stage-variable"
		fn = fn[j+1:]
	}
}

// Validate reports the integration's definition errors (no Invoker, a function URI that names
// no function, templates that do not compile, invalid mapping expressions, selection patterns or
// status codes, a timeout out of range), or nil.
func (l *LambdaIntegration) Validate() error { return l.err }

// MethodResponses lists the method responses the integration responses map to: each status
// code with the method.response.header names its response parameters set.
func (l *LambdaIntegration) MethodResponses() map[int][]string { return l.np.methodResponses() }

// lambdaEmptyEvent is the event of an invocation without a payload.
var lambdaEmptyEvent = []byte("{}")

// lambdaResponseHeader is the Invoke API's answer as response parameters that do not read its
// headers see it: only its Content-Type, which says whether the payload is binary. Read-only.
var lambdaResponseHeader = http.Header{"Content-Type": {contentJSON}}

// Integrate invokes the function and turns its answer into the method response (see
// LambdaIntegration). The invocation is bounded by the integration's timeout: past it the
// answer is 504 INTEGRATION_TIMEOUT ("Endpoint request timed out"). A failure of the invocation
// itself (not a function error, which is an answer) is answered as lambdaInvokeError says. The
// other errors are those of buildRequest and buildResponse, and 400 (DEFAULT_4XX, "Could not
// parse request body into json: ...") for an event that is not JSON.
func (l *LambdaIntegration) Integrate(ctx context.Context, r *apigate.Request) (*apigate.Response, error) {
	if l.err != nil {
		return nil, configError(l.err)
	}
	fn := l.resolved
	if fn == "" {
		var err error
		if fn, err = lambdaFunction(l.function, r.StageVariables); err != nil {
			return nil, configError(err)
		}
	}
	ir := nonProxyGet(r)
	defer ir.release()
	if err := l.np.buildRequest(ir, false); err != nil {
		return nil, err
	}
	for _, h := range ir.mapped.header.items {
		if lambdaIllegalHeader(h.name) {
			return nil, configError(fmt.Errorf("integration: Execution failed due to configuration error: %s header already present", h.name))
		}
	}
	typ, _ := ir.mapped.header.get("X-Amz-Invocation-Type")
	var async bool
	switch typ {
	case "", "RequestResponse":
	case "Event":
		async = true
	case "DryRun":
		return l.np.buildResponse(ir, &nonProxyEndpointResponse{header: lambdaResponseHeader, trace: nonProxyTraceID(r)})
	default:
		return nil, configError(fmt.Errorf("integration: Lambda refuses X-Amz-Invocation-Type %q (RequestResponse, Event or DryRun)", typ))
	}
	event := ir.body
	switch {
	case len(event) == 0:
		event = lambdaEmptyEvent
	case !json.Valid(event):
		var v any
		err := json.Unmarshal(event, &v)
		return nil, &apigate.Error{Type: apigate.Default4XX, Status: http.StatusBadRequest,
			Message: "Could not parse request body into json: Could not parse payload into json: " + err.Error(), Err: err}
	case async:
		// The function runs after Integrate returns: it must not share the request's memory.
		event = bytes.Clone(event)
	}

	dctx := withLazyDeadline(ctx, l.np.timeout) // no timer unless the invoker waits on it
	defer dctx.stop()
	res, err := l.inv.Invoke(dctx, &invoke.Invocation{Function: fn, Payload: event, Async: async})
	if err != nil {
		return nil, lambdaInvokeError(dctx, err)
	}
	if res == nil {
		return nil, lambdaFailure(errors.New("integration: the Invoker returned no result"))
	}
	er := nonProxyEndpointResponse{header: lambdaResponseHeader, trace: nonProxyTraceID(r)}
	if !async {
		er.body = res.Payload
		if res.FunctionError != "" {
			er.selection, er.paramsBody = lambdaErrorMessage(res.Payload)
		}
	}
	if l.header {
		er.header = lambdaInvokeHeader(res, len(er.body))
	}
	return l.np.buildResponse(ir, &er)
}

// lambdaIllegalHeader reports whether an integration request header set by a mapping or an
// override is one API Gateway refuses on an AWS integration at run time: those it refuses on
// every integration (paramsIllegalHeader) and Authorization, Connection, Expect,
// Proxy-Authenticate and TE.
func lambdaIllegalHeader(name string) bool {
	if paramsIllegalHeader(name) {
		return true
	}
	for _, h := range [...]string{"Authorization", "Connection", "Expect", "Proxy-Authenticate", "TE"} {
		if strings.EqualFold(name, h) {
			return true
		}
	}
	return false
}

// lambdaInvokeHeader returns the Invoke API's response headers for res.
func lambdaInvokeHeader(res *invoke.Result, n int) http.Header {
	h := http.Header{
		"Content-Type":   {contentJSON},
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

// lambdaErrorMessage reads a function error's payload: its errorMessage, the selection value
// (a string as it is; any other value as compact JSON; "" when it is missing, null, or the
// payload is not an object), and, when the errorMessage is a string holding a JSON object or
// array, the payload with that JSON in place of the string, for the response parameters that
// read integration.response.body.errorMessage.a.b (nil otherwise).
func lambdaErrorMessage(payload []byte) (string, []byte) {
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

// lambdaInvokeError turns the failure of a Lambda invocation (an error from the Invoker, not a
// function error, which is a result) into API Gateway's answer. The Lambda service's errors are
// told apart by the invoke package's errors (invoke.ErrFunctionNotFound, ErrTooManyRequests,
// ErrInvalidRequestContent, ErrRequestTooLarge), and otherwise by their error code and HTTP status (the ErrorCode
// and HTTPStatusCode methods of aws-sdk-go-v2's errors, which any Invoker's errors may
// implement):
//
//   - the integration's deadline passing is 504 INTEGRATION_TIMEOUT; a client that went away is
//     returned as it is;
//   - InvalidRequestContentException (an event Lambda cannot parse) is 400 with Lambda's
//     message ({"message": "Could not parse request body into json: ..."}), as API Gateway
//     answers;
//   - an event over Lambda's payload limit (RequestEntityTooLargeException, HTTP 413) is
//     REQUEST_TOO_LARGE, 413 {"message": "Request Too Long"}, as recorded on AWS;
//   - throttling (TooManyRequestsException, HTTP 429), a failure of the Lambda service (5xx)
//     and any other error are INTEGRATION_FAILURE answered 500 {"message": "Internal server
//     error"}: API Gateway answers a throttled Lambda 500, and reports it as INTEGRATION_FAILURE,
//     whose gateway response can be customized;
//   - the other client errors of the Invoke API (ResourceNotFoundException, AccessDenied,
//     an invalid qualifier or parameter: HTTP 4xx) are 500
//     API_CONFIGURATION_ERROR, as API Gateway answers a function it cannot invoke ("Execution
//     failed due to configuration error").
func lambdaInvokeError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return transportError(ctx, err)
	}
	var (
		coded  interface{ ErrorCode() string }
		status interface{ HTTPStatusCode() int }
		text   interface{ ErrorMessage() string }
		code   string
		sc     int
	)
	if errors.As(err, &coded) {
		code = coded.ErrorCode()
	}
	if errors.As(err, &status) {
		sc = status.HTTPStatusCode()
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return transportError(ctx, err)
	case code == "InvalidRequestContentException", errors.Is(err, invoke.ErrInvalidRequestContent):
		msg := "Could not parse request body into json"
		if errors.As(err, &text) && text.ErrorMessage() != "" {
			msg = text.ErrorMessage()
		}
		return &apigate.Error{Type: apigate.Default4XX, Status: http.StatusBadRequest, Message: msg, Err: err}
	case code == "RequestEntityTooLargeException", sc == http.StatusRequestEntityTooLarge, errors.Is(err, invoke.ErrRequestTooLarge):
		// recorded: 413 {"message": "Request Too Long"}, x-amzn-ErrorType BadRequestException
		return &apigate.Error{Type: apigate.RequestTooLarge, Err: err}
	case code == "TooManyRequestsException", sc == http.StatusTooManyRequests, errors.Is(err, invoke.ErrTooManyRequests):
	case errors.Is(err, invoke.ErrFunctionNotFound), sc >= 400 && sc < 500,
		strings.HasSuffix(code, "NotFoundException"), strings.HasPrefix(code, "AccessDenied"):
		return configError(fmt.Errorf("integration: Execution failed due to configuration error: %w", err))
	}
	return lambdaFailure(err)
}

// lambdaFailure is INTEGRATION_FAILURE answered as API Gateway answers a Lambda function it
// could not invoke: 500 {"message": "Internal server error"}.
func lambdaFailure(err error) error {
	return &apigate.Error{Type: apigate.IntegrationFailure, Status: http.StatusInternalServerError, Message: "Internal server error", Err: err}
}
