package integration

import (
	"context"
	"net/http"

	"github.com/apigate/apigate"
)

// Endpoint is the backend of a non-proxy integration (NonProxy): MOCK's, an HTTP endpoint, a
// Lambda function, an AWS service, or one of your own. The integration builds the integration
// request (parameter mapping, request template, passthrough, content handling) and calls the
// endpoint with it; from the endpoint's answer it selects the integration response and builds
// the method response.
//
// Call sends req to the endpoint and fills in resp, which the integration hands over empty.
// The contract:
//   - ctx ends at the integration timeout (or when the client goes away); Call returns once ctx
//     is done. An answer that comes after the timeout is INTEGRATION_TIMEOUT, as is an error
//     that is not an *apigate.Error once the timeout has passed;
//   - an error is the request's gateway response: an *apigate.Error (INTEGRATION_FAILURE for
//     an endpoint that cannot be reached, API_CONFIGURATION_ERROR for one that cannot work);
//     any other error is answered API_CONFIGURATION_ERROR;
//   - Call may not keep req, resp, nor anything reached from req after it returns (see
//     EndpointRequest); what it puts in resp is read until the method response is built, and
//     never written to;
//   - Call reports what it sends and what it gets to req.Request.Trace, when it has the
//     IntegrationRequest and IntegrationResponse hooks (see apigate.Trace), and costs nothing
//     more when it has not;
//   - Call must be safe for concurrent use.
//
// An Endpoint may also implement apigate.Validator (its own definition errors, reported with
// the options' by the integration's Validate), Definer (its part of the integration's
// definition: type, HTTP method, URI, credentials) and io.Closer (called by the integration's
// Close).
type Endpoint interface {
	Call(ctx context.Context, req *EndpointRequest, resp *EndpointResponse) error
}

// EndpointFunc adapts a function to Endpoint, as http.HandlerFunc adapts one to http.Handler.
type EndpointFunc func(ctx context.Context, req *EndpointRequest, resp *EndpointResponse) error

// Call calls f(ctx, req, resp).
func (f EndpointFunc) Call(ctx context.Context, req *EndpointRequest, resp *EndpointResponse) error {
	return f(ctx, req, resp)
}

// EndpointRequest is the integration request a non-proxy integration built from the method
// request. It belongs to the integration, which reuses it for another request once the method
// response is built: everything in it is valid only during Call and is read, never written to.
type EndpointRequest struct {
	// Request is the method request (see apigate.Request for what a stage may keep of it).
	Request *apigate.Request
	// Body is the integration request's body: the request template's output, or the method
	// request's body passed through, after content handling.
	Body []byte
	// Templated says a request template rendered Body; false when the body was passed through.
	Templated bool
	// Path, Query and Header are the integration request parameters: the requestParameters
	// evaluated and the request template's $context.requestOverride applied, in the order of
	// their keys. A header set by a mapping keeps the spelling written. A MOCK integration's
	// are not evaluated, since they go nowhere.
	Path, Query, Header *Params
}

// EndpointResponse is what an endpoint answered, as the integration responses read it. Call
// fills it in.
type EndpointResponse struct {
	// Selection is the value the integration responses' selection patterns match: the status
	// code in decimal for an HTTP or AWS service endpoint, the errorMessage of a Lambda
	// function's error ("" for a success).
	Selection string
	// Default chooses the default integration response without trying the patterns (MOCK, when
	// no request template rendered).
	Default bool
	// Header is the endpoint's response headers: integration.response.header.NAME.
	Header http.Header
	// Body is the endpoint's response body: $input in response templates,
	// integration.response.body in response parameters.
	Body []byte
	// ParamsBody, when not nil, is the body response parameters read through a JSONPath
	// (integration.response.body.a.b) in place of Body: for a Lambda function's error, the
	// error with the JSON text in its errorMessage deserialized.
	ParamsBody []byte
	// TraceID, when not empty, is the X-Amzn-Trace-Id the method response carries unless a
	// mapping or an override sets one: the trace id the endpoint was sent.
	TraceID string
}
