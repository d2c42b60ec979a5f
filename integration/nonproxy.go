package integration

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/deadline"
	"github.com/apigate/apigate/integration/internal/failure"
	"github.com/apigate/apigate/integration/internal/header"
	"github.com/apigate/apigate/internal/media"
	"github.com/apigate/apigate/mapping"
)

// NonProxyIntegration is a non-proxy integration: API Gateway's MOCK, HTTP and AWS (Lambda
// custom, AWS service) integrations, and NonProxy around an Endpoint of your own. The method
// request becomes an integration request by parameter mappings and a request template; the
// endpoint's answer becomes the method response by the integration response it selects:
//
//   - request side: the passthrough behaviour and the request's Content-Type choose a
//     request template (application/json when the request has no Content-Type), or pass
//     the body through; a refused Content-Type is 415 UNSUPPORTED_MEDIA_TYPE. The template
//     sees a binary body (one of the API's binary media types) as base64 text; content
//     handling converts the payload. The request parameters are evaluated, then the
//     template's $context.requestOverride applied; a mapping that sets Content-Length,
//     Transfer-Encoding, X-Amzn-Trace-Id or X-Amzn-Apigateway-Api-Id is 500
//     API_CONFIGURATION_ERROR, as on AWS, where such a definition is accepted and fails at run
//     time;
//   - the endpoint is called, bounded by the timeout (see Endpoint);
//   - response side: the first integration response whose selection pattern (a Java regular
//     expression, compiled with java.util.regex's rules by internal/jre) matches the whole
//     selection value, else the default response (the one without a pattern), else 500
//     API_CONFIGURATION_ERROR; its response parameters, its response template chosen by the
//     client's first Accept media type (that type's, else application/json's, else the one
//     whose content type sorts first; none passes the body through), content handling and
//     the template's $context.responseOverride.
//
// The method response carries only the headers the chosen integration response maps (and the
// overrides), Content-Type (the chosen template's content type, else application/json) and,
// but for MOCK, X-Amzn-Trace-Id. A request template that reads a body which starts like JSON
// but is not answers 400 ({"message": "Could not process payload..."}, a DEFAULT_4XX); any
// other failure of a template, and a ConvertToBinary payload that is not base64, is 500
// API_CONFIGURATION_ERROR.
type NonProxyIntegration struct {
	endpoint Endpoint
	opts     Options // as given, deep-copied: the definition
	np       nonProxy
	err      error // the definition errors: the endpoint's, then np.err
}

var (
	_ apigate.Integration     = (*NonProxyIntegration)(nil)
	_ apigate.Validator       = (*NonProxyIntegration)(nil)
	_ apigate.MethodResponder = (*NonProxyIntegration)(nil)
	_ Definer                 = (*NonProxyIntegration)(nil)
	_ io.Closer               = (*NonProxyIntegration)(nil)
)

// NonProxy returns the non-proxy integration of opts around endpoint. The definition is
// compiled here, the endpoint's Validate (if it has one) called once; Validate reports what is
// wrong with either, and a request to an invalid integration is answered 500
// API_CONFIGURATION_ERROR.
//
// A non-proxy integration for a backend of your own is an Endpoint:
//
//	integration.NonProxy(integration.EndpointFunc(func(ctx context.Context, req *integration.EndpointRequest, resp *integration.EndpointResponse) error {
//		status, body, err := queue.Send(ctx, req.Body)
//		...
//		resp.Selection, resp.Body = strconv.Itoa(status), body
//		return nil
//	}), opts)
func NonProxy(endpoint Endpoint, opts Options) *NonProxyIntegration {
	return newNonProxy(endpoint, opts, false)
}

// newNonProxy is NonProxy, for MOCK's endpoint when mock.
func newNonProxy(endpoint Endpoint, opts Options, mock bool) *NonProxyIntegration {
	n := &NonProxyIntegration{endpoint: endpoint, np: nonProxyCompile(opts)}
	n.np.mock = mock
	n.opts = opts
	n.opts.RequestParameters = maps.Clone(opts.RequestParameters)
	n.opts.RequestTemplates = maps.Clone(opts.RequestTemplates)
	n.opts.Responses = cloneResponses(opts.Responses)
	var errs []error
	if endpoint == nil {
		errs = append(errs, fmt.Errorf("%w: no endpoint", ErrInvalidIntegration))
	} else if v, ok := endpoint.(apigate.Validator); ok {
		errs = append(errs, v.Validate())
	}
	n.err = errors.Join(append(errs, n.np.err)...)
	return n
}

// Validate reports the integration's definition errors (the endpoint's, templates that do not
// compile, invalid mapping expressions, selection patterns or status codes, a timeout out of
// range), or nil.
func (n *NonProxyIntegration) Validate() error { return n.err }

// MethodResponses lists the method responses the integration responses map to: each status
// code with the method.response.header names its response parameters set. The map and its
// slices are the caller's own.
func (n *NonProxyIntegration) MethodResponses() map[int][]string { return n.np.methodResponses() }

// Definition returns the integration's definition: the endpoint's part (when it is a Definer)
// and the options.
func (n *NonProxyIntegration) Definition() Definition {
	var d Definition
	if df, ok := n.endpoint.(Definer); ok {
		d = df.Definition()
	}
	d.RequestParameters = n.opts.RequestParameters
	d.RequestTemplates = n.opts.RequestTemplates
	d.Passthrough = n.opts.Passthrough
	d.ContentHandling = n.opts.ContentHandling
	d.Timeout = n.np.timeout
	d.Responses = n.opts.Responses
	return d.Clone()
}

// Close closes the endpoint if it is an io.Closer (a Lambda integration's invoker), else does
// nothing.
func (n *NonProxyIntegration) Close() error {
	if c, ok := n.endpoint.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// Integrate turns the method request into the integration request, calls the endpoint and turns
// its answer into the method response (see NonProxyIntegration and Endpoint).
func (n *NonProxyIntegration) Integrate(ctx context.Context, r *apigate.Request) (*apigate.Response, error) {
	if n.err != nil {
		return nil, failure.Config(n.err)
	}
	ir := nonProxyGet(r)
	defer ir.release()
	if err := n.np.buildRequest(ir); err != nil {
		return nil, err
	}
	if err := n.call(ctx, ir); err != nil {
		return nil, err
	}
	return n.np.buildResponse(ir, &ir.resp)
}

// call calls the endpoint, bounded by the timeout (MOCK's, which answers at once, is not).
func (n *NonProxyIntegration) call(ctx context.Context, ir *nonProxyRequest) error {
	if n.np.mock {
		return n.endpoint.Call(ctx, &ir.req, &ir.resp)
	}
	dctx := deadline.New(ctx, n.np.timeout) // no timer unless the endpoint waits on it
	defer dctx.Stop()
	err := n.endpoint.Call(dctx, &ir.req, &ir.resp)
	var ge *apigate.Error
	switch {
	case err != nil && !errors.As(err, &ge) && dctx.Err() != nil:
		return failure.Transport(dctx, err)
	case err != nil:
		return err
	case errors.Is(dctx.Err(), context.DeadlineExceeded):
		return &apigate.Error{Type: apigate.IntegrationTimeout, Err: fmt.Errorf("integration: the endpoint answered after the timeout: %w", dctx.Err())}
	}
	return nil
}

// nonProxy is the compiled form of Options, shared by the non-proxy integrations: the request
// pipeline (passthrough, request template, parameter mapping, overrides) and the response
// pipeline (selection, response parameters, response template, content handling).
type nonProxy struct {
	params      []paramsRequest
	templates   map[string]*nonProxyTemplate // request templates by lower-case media type
	passthrough Passthrough
	handling    ContentHandling
	// mock says the endpoint is MOCK's, which sends nothing anywhere: the request template
	// renders into a reused buffer and the request parameters are evaluated only when one may
	// set a header API Gateway refuses.
	mock      bool
	responses []nonProxyResponse // in the order given
	fallback  int                // index of the default response, -1 when there is none
	timeout   time.Duration
	// refusable says a request parameter may set a header API Gateway refuses, which fails the
	// request: the only effect request parameters have on a MOCK integration.
	refusable bool
	// selected caches the integration response each status code (100 to 599, as a selection
	// value) selects, and at selectionEmptyMemo the one the empty value selects: the response's
	// index + 1, 0 until known. Nil without patterns.
	selected *[501]atomic.Int32
	err      error // the definition errors; a request then fails with API_CONFIGURATION_ERROR
	// needs lists the method responses the integration responses map to: status code -> the
	// method.response.header names they set.
	needs map[int][]string
}

// nonProxyResponse is an IntegrationResponse ready to use.
type nonProxyResponse struct {
	pattern   *selectionPattern // nil for the default response
	status    int
	params    []paramsResponse
	templates map[string]*nonProxyTemplate // by lower-case media type
	json      *nonProxyTemplate            // the application/json template, if any
	first     *nonProxyTemplate            // the template of the smallest content type, if any
	handling  ContentHandling
	// setsContentType says a response parameter maps Content-Type (in any case).
	setsContentType bool
}

// nonProxyTemplate is a compiled mapping template and the content type it is kept under.
type nonProxyTemplate struct {
	contentType string
	tmpl        *mapping.Template
	// static is the output of a template whose output cannot depend on the request (it has
	// no $ and no #: text only), rendered once; nil for any other template.
	static []byte
	// fixed is the whole method response when it cannot depend on the request: a static
	// template in an integration response without parameters or content handling. It is
	// shared by every request that gets it, read-only (the gateway only reads responses).
	fixed *apigate.Response
}

// nonProxyCompileTemplate compiles a mapping template kept under content type ct.
func nonProxyCompileTemplate(ct, src string) (*nonProxyTemplate, error) {
	t, err := mapping.Compile(src)
	if err != nil {
		return nil, err
	}
	nt := &nonProxyTemplate{contentType: ct, tmpl: t}
	if !strings.ContainsAny(src, "$#") {
		if out, err := t.Render(nil, nil); err == nil {
			nt.static = append(make([]byte, 0, len(out)), out...) // not nil when empty
		}
	}
	return nt, nil
}

// nonProxyCompileTemplates compiles the request or response templates (side) of a definition,
// keyed by lower-case media type.
func nonProxyCompileTemplates(side string, m map[string]string) (map[string]*nonProxyTemplate, []error) {
	out := make(map[string]*nonProxyTemplate, len(m))
	var errs []error
	for _, ct := range slices.Sorted(maps.Keys(m)) {
		key := media.Type(ct)
		if key == "" {
			errs = append(errs, fmt.Errorf("%w: %s template for an empty content type", ErrInvalidIntegration, side))
			continue
		}
		if _, dup := out[key]; dup {
			errs = append(errs, fmt.Errorf("%w: two %s templates for content type %q", ErrInvalidIntegration, side, key))
			continue
		}
		t, err := nonProxyCompileTemplate(ct, m[ct])
		if err != nil {
			errs = append(errs, fmt.Errorf("integration: %s template %q: %w", side, ct, err))
			continue
		}
		out[key] = t
	}
	return out, errs
}

// nonProxyCompile compiles opts once; the errors it finds are kept in err and reported by
// Validate.
func nonProxyCompile(opts Options) nonProxy {
	np := nonProxy{passthrough: opts.Passthrough, handling: opts.ContentHandling, fallback: -1}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidIntegration}, args...)...))
	}
	if opts.Passthrough < PassthroughWhenNoMatch || opts.Passthrough > PassthroughNever {
		bad("passthroughBehavior %d", int(opts.Passthrough))
	}
	if opts.ContentHandling < ContentHandlingUnset || opts.ContentHandling > ConvertToBinary {
		bad("contentHandling %d", int(opts.ContentHandling))
	}
	var err error
	if np.timeout, err = timeout(opts.Timeout); err != nil {
		errs = append(errs, err)
	}
	if np.params, err = paramsCompileRequest(opts.RequestParameters); err != nil {
		errs = append(errs, err)
	}
	for _, p := range np.params {
		np.refusable = np.refusable || p.target == paramsHeader && header.Refused(p.name)
	}
	var terrs []error
	np.templates, terrs = nonProxyCompileTemplates("request", opts.RequestTemplates)
	errs = append(errs, terrs...)
	np.responses = make([]nonProxyResponse, 0, len(opts.Responses))
	np.needs = make(map[int][]string, len(opts.Responses))
	for i := range opts.Responses {
		ir := &opts.Responses[i]
		headers := np.needs[ir.StatusCode]
		for _, key := range slices.Sorted(maps.Keys(ir.ResponseParameters)) {
			if name, ok := strings.CutPrefix(key, "method.response.header."); ok {
				headers = append(headers, name)
			}
		}
		np.needs[ir.StatusCode] = headers
		cr, err := nonProxyCompileResponse(&opts.Responses[i])
		if err != nil {
			errs = append(errs, fmt.Errorf("integration: integration response %d (status %d): %w", i, opts.Responses[i].StatusCode, err))
			continue
		}
		np.responses = append(np.responses, cr)
		if cr.pattern == nil && np.fallback < 0 {
			np.fallback = len(np.responses) - 1
		}
		if cr.pattern != nil && np.selected == nil {
			np.selected = new([501]atomic.Int32)
		}
	}
	np.err = errors.Join(errs...)
	return np
}

// nonProxyCompileResponse compiles one integration response.
func nonProxyCompileResponse(ir *IntegrationResponse) (nonProxyResponse, error) {
	cr := nonProxyResponse{status: ir.StatusCode, handling: ir.ContentHandling}
	var errs []error
	if ir.StatusCode < 100 || ir.StatusCode > 599 {
		errs = append(errs, fmt.Errorf("%w: statusCode %d is not between 100 and 599", ErrInvalidIntegration, ir.StatusCode))
	}
	if ir.ContentHandling < ContentHandlingUnset || ir.ContentHandling > ConvertToBinary {
		errs = append(errs, fmt.Errorf("%w: contentHandling %d", ErrInvalidIntegration, int(ir.ContentHandling)))
	}
	if ir.SelectionPattern != "" {
		p, err := selectionCompile(ir.SelectionPattern)
		if err != nil {
			errs = append(errs, err)
		}
		cr.pattern = p
	}
	var err error
	if cr.params, err = paramsCompileResponse(ir.ResponseParameters); err != nil {
		errs = append(errs, err)
	}
	for _, p := range cr.params {
		cr.setsContentType = cr.setsContentType || strings.EqualFold(p.header, "Content-Type")
	}
	var terrs []error
	cr.templates, terrs = nonProxyCompileTemplates("response", ir.ResponseTemplates)
	errs = append(errs, terrs...)
	if len(cr.templates) > 0 {
		cr.first = cr.templates[slices.Min(slices.Collect(maps.Keys(cr.templates)))]
		cr.json = cr.templates[media.JSON]
	}
	if len(cr.params) == 0 && cr.handling == ContentHandlingUnset {
		for _, t := range cr.templates {
			if t.static != nil {
				t.fixed = &apigate.Response{StatusCode: cr.status, Header: http.Header{"Content-Type": {t.contentType}}, Body: t.static}
			}
		}
	}
	return cr, errors.Join(errs...)
}

// methodResponses returns a copy of needs.
func (np *nonProxy) methodResponses() map[int][]string {
	out := maps.Clone(np.needs)
	for status, headers := range out {
		out[status] = slices.Clone(headers)
	}
	return out
}
