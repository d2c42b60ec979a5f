package integration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/backend"
	"github.com/apigate/apigate/integration/internal/failure"
	"github.com/apigate/apigate/integration/internal/uritemplate"
	"github.com/apigate/apigate/internal/forward"
)

// ProxyOptions configure an HTTP_PROXY integration.
type ProxyOptions struct {
	// RequestParameters map integration request parameters to their sources, as an
	// integration's requestParameters do on AWS, where HTTP_PROXY still applies them: keys are
	// integration.request.path.NAME, integration.request.querystring.NAME or
	// integration.request.header.NAME; values are method.request.* expressions,
	// stageVariables.NAME, context.NAME or a 'static' value. A path parameter fills {NAME} in
	// the URI; a query string parameter is appended to the client's; a header replaces the
	// client's header of the same name.
	RequestParameters map[string]string
	// Timeout is the integration's timeoutInMillis: 0 means 29 s; otherwise 50 ms to 29 s.
	Timeout time.Duration
	// Client sends the requests, with the rule of Options.Client: nil means a client the
	// integrations share, which, as API Gateway, follows no redirects and leaves compression to
	// the client and the backend; a client of your own is copied when the integration is made,
	// with its CheckRedirect replaced so that redirects are never followed (they are passed
	// back to the client). Keep its Transport's DisableCompression set to pass the backend's
	// bodies on as AWS does.
	Client *http.Client
}

// HTTPProxyIntegration is an HTTP_PROXY integration: the method request goes to an HTTP
// backend almost as it came, and the backend's response goes back to the client as it is. Build
// one with HTTPProxy; it is safe for concurrent use.
type HTTPProxyIntegration struct {
	proxyCommon
	rawURI string
	uri    uritemplate.Endpoint
	client *http.Client
	err    error
}

var (
	_ apigate.Integration = (*HTTPProxyIntegration)(nil)
	_ apigate.Validator   = (*HTTPProxyIntegration)(nil)
	_ Definer             = (*HTTPProxyIntegration)(nil)
)

// HTTPProxy returns an HTTP_PROXY integration that sends requests to uri with method.
//
// The method is GET, POST, PUT, DELETE, HEAD, OPTIONS or PATCH, or ANY (or "") for the
// client's. The URI is an absolute http or https URL in which {NAME} is filled from the
// integration.request.path.NAME parameter (a greedy resource's path usually comes in as
// "http://backend/{proxy}" with integration.request.path.proxy mapped from
// method.request.path.proxy; a {NAME} without a value stays as written) and
// ${stageVariables.NAME} from the stage (an unset variable is empty). Path parameter values are
// inserted as the client sent them (not URL-decoded) and escaped as for an HTTP integration:
// what the path (or the query, after a '?') cannot hold is percent-encoded, valid %XX escapes
// are kept; a client's a[b]'c arrives as a%5Bb%5D'c. A URI that starts
// with a stage variable is checked when a request fills it in.
//
// The backend gets:
//
//   - the integration's method, or the client's for ANY;
//   - the URI's query string, then the client's raw query string, then the mapped query string
//     parameters, so that a name present in several is repeated (a=uri&a=client&a=mapped);
//   - the client's headers except Host, Content-Encoding, the headers API Gateway never
//     forwards (Content-MD5, Expect, Max-Forwards, Server, Via, WWW-Authenticate) and the
//     hop-by-hop ones, with mapped headers replacing the client's, Accept: application/json and
//     User-Agent: AmazonAPIGateway_{apiId} when the client sent none,
//     X-Amzn-Apigateway-Api-Id, and X-Forwarded-For (the client's address appended),
//     X-Forwarded-Proto and X-Forwarded-Port;
//   - the body as received, bytes unchanged whatever its media type (HTTP_PROXY does no
//     content handling).
//
// The client gets the backend's status, headers and body as they are, except that the
// backend's Connection, Content-Length, Date, Server and x-amzn-RequestId headers are renamed
// x-amzn-Remapped-Connection, x-amzn-Remapped-Content-Length, x-amzn-Remapped-Date,
// x-amzn-Remapped-Server and x-amzn-Remapped-x-amzn-RequestId, spelled as AWS spells them
// (read them with h["x-amzn-Remapped-Date"]: http.Header.Get would look for the canonical
// X-Amzn-Remapped-Date), and Transfer-Encoding is dropped. Redirects are passed back, not
// followed.
//
// The Trace sees the request as sent to the backend (Authorization and X-Amz-Security-Token
// masked, see the package doc) and the backend's answer.
//
// Failures are *apigate.Error values: the timeout passing is INTEGRATION_TIMEOUT (504
// "Endpoint request timed out"); a refused connection, a reset, DNS or TLS failure is
// INTEGRATION_FAILURE (504); a URI that is not a valid endpoint once filled in, or a mapped
// header AWS forbids, is API_CONFIGURATION_ERROR (500); a response body over 10 MB is a
// DEFAULT_5XX answered with 502 {"message":"Internal server error"}.
//
// A definition that is wrong (a URI, method, mapping or timeout AWS would refuse) is reported
// by Validate; such an integration answers every request with API_CONFIGURATION_ERROR.
func HTTPProxy(method, uri string, opts ProxyOptions) *HTTPProxyIntegration {
	p := &HTTPProxyIntegration{client: backend.Client(opts.Client), rawURI: uri}
	var errs []error
	p.proxyCommon, errs = proxyCompile(method, opts.RequestParameters, opts.Timeout, errs)
	var ok bool
	if p.uri, ok = uritemplate.ParseEndpoint(uri); !ok {
		errs = append(errs, fmt.Errorf("%w: %q", ErrInvalidProxyURI, uri))
	}
	p.err = errors.Join(errs...)
	return p
}

// Validate reports what is wrong with the integration's definition: an invalid URI, method,
// request parameter or timeout. It returns nil for a valid integration.
func (p *HTTPProxyIntegration) Validate() error { return p.err }

// Definition returns the integration's definition.
func (p *HTTPProxyIntegration) Definition() Definition {
	return p.definition(TypeHTTPProxy, p.rawURI)
}

// proxyRequest is what one HTTP_PROXY request allocates together: its mapped parameters and the
// values of the headers it adds, which the request sent to the backend holds.
type proxyRequest struct {
	mapped paramsMapped
	vals   [6]string
}

// Integrate sends the method request to the backend and returns its response.
func (p *HTTPProxyIntegration) Integrate(ctx context.Context, r *apigate.Request) (*apigate.Response, error) {
	if p.err != nil {
		return nil, failure.Config(p.err)
	}
	st := new(proxyRequest)
	mapped := &st.mapped
	proxyEval(p.params, r, mapped)

	u, err := p.uri.URL(&mapped.path, r.StageVariables)
	if err != nil {
		return nil, err
	}
	u.RawQuery = uritemplate.Query(u.RawQuery, forward.RawQuery(r), &mapped.query)

	h := make(http.Header, len(r.Header)+6)
	host, err := proxyForwardHeader(h, r, mapped, &headerVals{st.vals[:]}, false)
	if err != nil {
		return nil, err
	}
	method := p.method
	if method == "" {
		method = r.Method
	}

	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	req := backend.NewRequest(ctx, method, &u, host, h, r.Body)
	resp, body, err := backend.Do(ctx, p.client, req, r, r.Body)
	if err != nil {
		return nil, err
	}
	proxyRemapHeader(resp.Header)
	return &apigate.Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body}, nil
}
