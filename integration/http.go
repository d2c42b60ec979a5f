package integration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/apigate/apigate"
)

// HTTPIntegration is API Gateway's HTTP (non-proxy) integration: the method request is turned
// into an integration request by parameter mappings and a request template, sent to an HTTP
// endpoint, and the endpoint's answer is turned into the method response by the integration
// response its status code selects.
//
// The integration request carries only what is mapped (headers, query string, the URI's path
// parameters) and the headers API Gateway adds:
//
//   - Accept: application/json, unless a mapping sets Accept;
//   - the client's Content-Type, unless a mapping sets one (not for a client GET, HEAD or
//     OPTIONS, as in LocalStack);
//   - User-Agent: AmazonAPIGateway_{apiId}, unless a mapping sets one;
//   - X-Amzn-Apigateway-Api-Id: {apiId};
//   - X-Amzn-Trace-Id: the client's when it has a Root, else a new Root=1-xxxxxxxx-x...x;
//   - X-Forwarded-For (the client's, then the source IP), X-Forwarded-Port and
//     X-Forwarded-Proto, unless a mapping sets them.
//
// Mapped Expect, Proxy-Authenticate, TE, Via and Host headers are dropped; a mapping (or
// $context.requestOverride) that sets Content-Length, Transfer-Encoding, X-Amzn-Trace-Id or
// X-Amzn-Apigateway-Api-Id fails the request with 500 API_CONFIGURATION_ERROR, as on AWS, where
// such a definition is accepted and fails at run time. Mapped header names are sent as written
// (x-trace stays x-trace), and replace an added header of the same name in any case.
// The body is not sent with GET, HEAD or OPTIONS (as in LocalStack). Redirects are not
// followed: a 3xx answer is a status code like any other.
//
// The method response carries only the headers the chosen integration response maps (and
// overrides), Content-Type (the chosen template's content type, else application/json), and
// X-Amzn-Trace-Id, the trace id sent to the endpoint.
type HTTPIntegration struct {
	client *http.Client
	method string // upper case; ANY means the client's method
	uri    uriEndpoint
	np     nonProxy
	err    error // definition errors, np.err included
}

// HTTP returns an HTTP (non-proxy) integration that calls uri with method. The method is GET,
// POST, PUT, DELETE, PATCH, HEAD, OPTIONS or ANY (the client's method), in any case. The URI
// is an http or https URL in which {name} is replaced by the integration request path
// parameter name (integration.request.path.name; left as it is when unmapped, as LocalStack
// does) and ${stageVariables.name} by the stage variable (the empty string when unset). Path
// parameter values are escaped as for HTTP_PROXY: what the path (or the query, after a '?')
// cannot hold is percent-encoded, valid %XX escapes are kept (see uriAppendEscaped).
//
// The definition is compiled here; Validate reports what is wrong with it, and a request to an
// invalid integration is answered 500 API_CONFIGURATION_ERROR.
func HTTP(method, uri string, opts Options) *HTTPIntegration {
	h := &HTTPIntegration{method: strings.ToUpper(method), np: nonProxyCompile(opts), client: backendClient()}
	if opts.Client != nil {
		c := *opts.Client
		c.CheckRedirect = backendNoRedirect
		h.client = &c
	}
	var errs []error
	switch h.method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch,
		http.MethodHead, http.MethodOptions, "ANY":
	default:
		errs = append(errs, fmt.Errorf("%w: httpMethod %q", ErrInvalidIntegration, method))
	}
	var ok bool
	if h.uri, ok = uriParseEndpoint(uri); !ok {
		errs = append(errs, fmt.Errorf("%w: Invalid HTTP endpoint specified for URI %q", ErrInvalidIntegration, uri))
	}
	errs = append(errs, h.np.err)
	h.err = errors.Join(errs...)
	return h
}

// Validate reports the integration's definition errors (an invalid method or URI, templates
// that do not compile, invalid mapping expressions, selection patterns or status codes, a
// timeout out of range), or nil.
func (h *HTTPIntegration) Validate() error { return h.err }

// MethodResponses lists the method responses the integration responses map to: each status
// code with the method.response.header names its response parameters set.
func (h *HTTPIntegration) MethodResponses() map[int][]string { return h.np.methodResponses() }

// Integrate sends the integration request and turns the endpoint's answer into the method
// response. The call is bounded by the integration's timeout: past it the answer is 504
// INTEGRATION_TIMEOUT ("Endpoint request timed out"); a network failure (refused, reset, DNS,
// TLS) is 504 INTEGRATION_FAILURE. See HTTPIntegration for what is sent and returned, and
// buildRequest and buildResponse for the other errors.
func (h *HTTPIntegration) Integrate(ctx context.Context, r *apigate.Request) (*apigate.Response, error) {
	if h.err != nil {
		return nil, configError(h.err)
	}
	ir := &nonProxyRequest{r: r}
	if err := h.np.buildRequest(ir, false); err != nil {
		return nil, err
	}
	method := h.method
	if method == "ANY" {
		method = r.Method
	}
	u, err := h.uri.url(&ir.mapped.path, r.StageVariables)
	if err != nil {
		return nil, err
	}
	u.RawQuery = uriQuery(u.RawQuery, "", &ir.mapped.query)
	trace := nonProxyTraceID(r)
	header := h.requestHeader(r, ir, trace)

	ctx, cancel := context.WithTimeout(ctx, h.np.timeout)
	defer cancel()
	var body []byte
	if !httpNoBodyMethod(method) {
		body = ir.body
	}
	req := backendRequest(ctx, method, &u, "", header, body)
	resp, respBody, err := backendDo(ctx, h.client, req)
	if err != nil {
		return nil, err
	}
	return h.np.buildResponse(ir, &nonProxyEndpointResponse{
		selection: nonProxyStatusText(resp.StatusCode),
		header:    resp.Header,
		body:      respBody,
		trace:     trace,
	})
}

// requestHeader builds the integration request's headers: the mapped ones and those API
// Gateway adds.
func (h *HTTPIntegration) requestHeader(r *apigate.Request, ir *nonProxyRequest, trace string) http.Header {
	header := make(http.Header, len(ir.mapped.header.items)+9)
	for _, it := range ir.mapped.header.items {
		if paramsDroppedHTTPHeader(it.name) {
			continue
		}
		header[it.name] = it.values
	}
	// The added headers' one-value slices share one array.
	vals := make([]string, 0, 9)
	set := func(name, value string) {
		vals = append(vals, value)
		header[name] = vals[len(vals)-1 : len(vals) : len(vals)]
	}
	setDefault := func(name, value string) {
		if !ir.mapped.header.has(name) {
			set(name, value)
		}
	}
	apiID := r.Context.APIID
	setDefault("Accept", contentJSON)
	if ct := r.Header.Get("Content-Type"); ct != "" && !httpNoBodyMethod(r.Method) {
		setDefault("Content-Type", ct)
	}
	setDefault("User-Agent", "AmazonAPIGateway_"+apiID)
	set("X-Amzn-Apigateway-Api-Id", apiID)
	set("X-Amzn-Trace-Id", trace)
	xff := backendForwardedFor(r.Header.Values("X-Forwarded-For"), backendSourceIP(r))
	port, proto := backendForwarded(r)
	if xff != "" {
		setDefault("X-Forwarded-For", xff)
	}
	setDefault("X-Forwarded-Port", port)
	setDefault("X-Forwarded-Proto", proto)
	return header
}
