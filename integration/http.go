package integration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/apigate/apigate/integration/internal/backend"
	"github.com/apigate/apigate/integration/internal/header"
	"github.com/apigate/apigate/integration/internal/uritemplate"
	"github.com/apigate/apigate/internal/forward"
)

// HTTP returns API Gateway's HTTP (non-proxy) integration that calls uri with method: the method
// request is turned into an integration request by parameter mappings and a request template,
// sent to the endpoint, and the endpoint's answer is turned into the method response by the
// integration response its status code selects (see NonProxyIntegration).
//
// The method is GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS or ANY (the client's method), in
// any case. The URI is an http or https URL in which {name} is replaced by the integration
// request path parameter name (integration.request.path.name; left as it is when unmapped, as
// LocalStack does) and ${stageVariables.name} by the stage variable (the empty string when
// unset). Path parameter values are escaped as for HTTP_PROXY: what the path (or the query,
// after a '?') cannot hold is percent-encoded, valid %XX escapes are kept.
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
// Mapped Expect, Proxy-Authenticate, TE, Via and Host headers are dropped. Mapped header names
// are sent as written (x-trace stays x-trace), and replace an added header of the same name in
// any case. The body is not sent with GET, HEAD or OPTIONS (as in LocalStack). Redirects are not
// followed: a 3xx answer is a status code like any other. Options.Client sends the requests
// (see Options).
//
// The call is bounded by the integration's timeout: past it the answer is 504
// INTEGRATION_TIMEOUT ("Endpoint request timed out"); a network failure (refused, reset, DNS,
// TLS) is 504 INTEGRATION_FAILURE; a response body over 10 MB is 502 {"message":"Internal
// server error"} (a DEFAULT_5XX). The method response carries X-Amzn-Trace-Id, the trace id
// sent to the endpoint, besides what NonProxyIntegration says.
func HTTP(method, uri string, opts Options) *NonProxyIntegration {
	e := &httpEndpoint{method: strings.ToUpper(method), rawURI: uri, client: backend.Client(opts.Client)}
	var errs []error
	if !backend.ValidMethod(e.method) {
		errs = append(errs, fmt.Errorf("%w: httpMethod %q", ErrInvalidIntegration, method))
	}
	var ok bool
	if e.uri, ok = uritemplate.ParseEndpoint(uri); !ok {
		errs = append(errs, fmt.Errorf("%w: Invalid HTTP endpoint specified for URI %q", ErrInvalidIntegration, uri))
	}
	e.err = errors.Join(errs...)
	return NonProxy(e, opts)
}

// httpEndpoint is an HTTP integration's endpoint.
type httpEndpoint struct {
	client *http.Client
	method string // upper case; ANY means the client's method
	rawURI string
	uri    uritemplate.Endpoint
	err    error
}

// Validate reports an invalid method or URI.
func (e *httpEndpoint) Validate() error { return e.err }

// Definition returns the endpoint's part of the definition.
func (e *httpEndpoint) Definition() Definition {
	return Definition{Type: TypeHTTP, HTTPMethod: e.method, URI: e.rawURI}
}

// Call sends the integration request and reads the endpoint's answer.
func (e *httpEndpoint) Call(ctx context.Context, req *EndpointRequest, resp *EndpointResponse) error {
	r := req.Request
	method := e.method
	if method == "ANY" {
		method = r.Method
	}
	u, err := e.uri.URL(req.Path, r.StageVariables)
	if err != nil {
		return err
	}
	u.RawQuery = uritemplate.Query(u.RawQuery, "", req.Query)
	trace := forward.TraceID(r)

	h := backend.NewHeader(r, req.Header, header.DroppedMapped, trace, 3)
	xff := forward.For(r.Header.Values("X-Forwarded-For"), forward.SourceIP(r))
	port, proto := forward.PortProto(r)
	if xff != "" {
		h.SetDefault("X-Forwarded-For", xff)
	}
	h.SetDefault("X-Forwarded-Port", port)
	h.SetDefault("X-Forwarded-Proto", proto)

	var body []byte
	if !backend.NoBodyMethod(method) {
		body = req.Body
	}
	hresp, respBody, err := backend.Do(ctx, e.client, backend.NewRequest(ctx, method, &u, "", h.H, body), r, body)
	if err != nil {
		return err
	}
	resp.Selection = backend.StatusText(hresp.StatusCode)
	resp.Header, resp.Body, resp.TraceID = hresp.Header, respBody, trace
	return nil
}
