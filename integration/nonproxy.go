package integration

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apigate/apigate/internal/media"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/mapping"
)

// Passthrough is an integration's passthroughBehavior: what API Gateway does with a request whose
// Content-Type has no request template. The zero value is AWS's default, WhenNoMatch.
type Passthrough int

// The passthrough behaviours.
const (
	// WhenNoMatch sends the body through unchanged when no template matches its Content-Type.
	WhenNoMatch Passthrough = iota
	// WhenNoTemplates sends the body through only when the integration has no request templates
	// at all; when it has some and none matches, the request is answered 415.
	WhenNoTemplates
	// Never answers 415 Unsupported Media Type whenever no template matches.
	Never
)

var nonProxyPassthroughNames = [...]string{"WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"}

// String returns the behaviour's name in the API Gateway API, such as WHEN_NO_MATCH.
func (p Passthrough) String() string {
	return nonProxyName(nonProxyPassthroughNames[:], p, "Passthrough")
}

// ParsePassthrough reads a passthroughBehavior as the API Gateway API (WHEN_NO_MATCH) or an
// OpenAPI definition (when_no_match) writes it. The empty string is WhenNoMatch.
func ParsePassthrough(s string) (Passthrough, error) {
	return nonProxyParseName[Passthrough](nonProxyPassthroughNames[:], s, "passthroughBehavior")
}

// ContentHandling is an integration's or integration response's contentHandling: how API Gateway
// converts a payload between text and binary (base64). Whether a payload is binary depends on
// the API's binary media types: a request's Content-Type, a backend response's Content-Type.
// The zero value, Unset, converts a request payload never, and a response payload when the
// client's first Accept media type calls for the other kind (a binary Accept gets text
// base64-decoded, a text Accept gets binary base64-encoded).
type ContentHandling int

// The content handling strategies.
const (
	// Unset leaves a request payload as it is and converts a response payload to the kind
	// the client's first Accept media type asks for.
	Unset ContentHandling = iota
	// ConvertToText base64-encodes a binary payload and passes text unchanged.
	ConvertToText
	// ConvertToBinary base64-decodes a text payload and passes binary unchanged.
	ConvertToBinary
)

var contentHandlingNames = [...]string{"", "CONVERT_TO_TEXT", "CONVERT_TO_BINARY"}

// String returns the strategy's name in the API Gateway API (CONVERT_TO_TEXT, CONVERT_TO_BINARY),
// or the empty string for Unset.
func (c ContentHandling) String() string {
	return nonProxyName(contentHandlingNames[:], c, "ContentHandling")
}

// ParseContentHandling reads a contentHandling as the API Gateway API (CONVERT_TO_TEXT) or an
// OpenAPI definition (convert_to_text) writes it. The empty string is Unset.
func ParseContentHandling(s string) (ContentHandling, error) {
	return nonProxyParseName[ContentHandling](contentHandlingNames[:], s, "contentHandling")
}

// nonProxyName returns the API name of v, names[v], or typ(v) when it has none.
func nonProxyName[T ~int](names []string, v T, typ string) string {
	if v >= 0 && int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, int(v))
}

// nonProxyParseName returns the value whose API name is s in any case; the empty string is the
// zero value. field names the setting in the error.
func nonProxyParseName[T ~int](names []string, s, field string) (T, error) {
	if s == "" {
		return 0, nil
	}
	for i, name := range names {
		if strings.EqualFold(s, name) {
			return T(i), nil
		}
	}
	return 0, fmt.Errorf("integration: unknown %s %q", field, s)
}

// IntegrationResponse is one integration response of a non-proxy integration: which backend
// answers it applies to and how it turns them into the method response.
type IntegrationResponse struct {
	// SelectionPattern is a Java regular expression that must match the whole selection value
	// (for HTTP the backend's status code, for MOCK the request template's statusCode). The
	// empty pattern makes this the default response, used when no other pattern matches.
	SelectionPattern string
	// StatusCode is the method response's status, 100 to 599.
	StatusCode int
	// ResponseParameters map method response headers to their sources:
	// "method.response.header.X" to "integration.response.header.Y",
	// "integration.response.multivalueheader.Y", "integration.response.body",
	// "integration.response.body.JSONPATH", "context.x", "stageVariables.x" or "'static'".
	ResponseParameters map[string]string
	// ResponseTemplates are VTL templates by content type. The request's first Accept media type
	// chooses one; without any, the integration response body is passed through.
	ResponseTemplates map[string]string
	// ContentHandling converts the response payload between text and binary.
	ContentHandling ContentHandling
}

// Options are the settings of a non-proxy integration (MOCK, HTTP). The zero value is a
// valid integration with AWS's defaults, but it has no integration responses, so every request
// to it fails with 500 API_CONFIGURATION_ERROR.
type Options struct {
	// RequestParameters map integration request parameters to their sources:
	// "integration.request.path.N", "integration.request.querystring.N" or
	// "integration.request.header.N" to "method.request.path.x", "method.request.querystring.x",
	// "method.request.multivaluequerystring.x", "method.request.header.x",
	// "method.request.multivalueheader.x", "method.request.body", "method.request.body.JSONPATH",
	// "stageVariables.x", "context.x" or "'static'".
	RequestParameters map[string]string
	// RequestTemplates are VTL templates by content type, chosen by the request's Content-Type
	// (application/json when it has none).
	RequestTemplates map[string]string
	// Passthrough says what happens to a request whose Content-Type has no template.
	Passthrough Passthrough
	// ContentHandling converts the request payload between text and binary.
	ContentHandling ContentHandling
	// Responses are the integration responses. When several patterns match, the first in this
	// order wins.
	Responses []IntegrationResponse
	// Timeout bounds the call to the backend: 0 means DefaultTimeout (29 s); otherwise it must
	// be between MinTimeout and MaxTimeout.
	Timeout time.Duration
	// Client sends an HTTP integration's requests (a MOCK integration sends none). Nil means a
	// client shared by the HTTP and HTTP_PROXY integrations, whose transport does not ask for
	// compressed responses (API Gateway sends no Accept-Encoding unless one is mapped). A client
	// of your own is copied when the integration is made, with its CheckRedirect replaced so
	// that redirects are never followed; changing it afterwards does not change the
	// integration.
	Client *http.Client
}

// ErrInvalidIntegration is matched (errors.Is) by every definition error a non-proxy
// integration's Validate reports, besides the mapping package's own (mapping.ErrInvalidExpr,
// template syntax errors) and ErrInvalidTimeout, which it wraps as they are.
var ErrInvalidIntegration = errors.New("integration: invalid integration")

// nonProxy is the compiled form of Options, shared by the non-proxy integrations: the request
// pipeline (passthrough, request template, parameter mapping, overrides) and the response
// pipeline (selection, response parameters, response template, content handling).
type nonProxy struct {
	params      []paramsRequest
	templates   map[string]*nonProxyTemplate // request templates by lower-case media type
	passthrough Passthrough
	handling    ContentHandling
	responses   []nonProxyResponse // in the order given
	fallback    int                // index of the default response, -1 when there is none
	timeout     time.Duration
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

// nonProxyCompile compiles opts once; the errors it finds are kept in err and reported by
// Validate.
func nonProxyCompile(opts Options) nonProxy {
	np := nonProxy{passthrough: opts.Passthrough, handling: opts.ContentHandling, fallback: -1}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidIntegration}, args...)...))
	}
	if opts.Passthrough < WhenNoMatch || opts.Passthrough > Never {
		bad("passthroughBehavior %d", int(opts.Passthrough))
	}
	if opts.ContentHandling < Unset || opts.ContentHandling > ConvertToBinary {
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
		np.refusable = np.refusable || p.target == paramsHeader && paramsIllegalHeader(p.name)
	}
	np.templates = make(map[string]*nonProxyTemplate, len(opts.RequestTemplates))
	for _, ct := range slices.Sorted(maps.Keys(opts.RequestTemplates)) {
		key := media.Type(ct)
		if key == "" {
			bad("request template for an empty content type")
			continue
		}
		if _, dup := np.templates[key]; dup {
			bad("two request templates for content type %q", key)
			continue
		}
		t, err := nonProxyCompileTemplate(ct, opts.RequestTemplates[ct])
		if err != nil {
			errs = append(errs, fmt.Errorf("integration: request template %q: %w", ct, err))
			continue
		}
		np.templates[key] = t
	}
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
	if ir.ContentHandling < Unset || ir.ContentHandling > ConvertToBinary {
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
	cr.templates = make(map[string]*nonProxyTemplate, len(ir.ResponseTemplates))
	for _, ct := range slices.Sorted(maps.Keys(ir.ResponseTemplates)) {
		key := media.Type(ct)
		if key == "" {
			errs = append(errs, fmt.Errorf("%w: response template for an empty content type", ErrInvalidIntegration))
			continue
		}
		if _, dup := cr.templates[key]; dup {
			errs = append(errs, fmt.Errorf("%w: two response templates for content type %q", ErrInvalidIntegration, key))
			continue
		}
		t, err := nonProxyCompileTemplate(ct, ir.ResponseTemplates[ct])
		if err != nil {
			errs = append(errs, fmt.Errorf("response template %q: %w", ct, err))
			continue
		}
		cr.templates[key] = t
	}
	if len(cr.templates) > 0 {
		cr.first = cr.templates[slices.Min(slices.Collect(maps.Keys(cr.templates)))]
		cr.json = cr.templates[contentJSON]
	}
	if len(cr.params) == 0 && cr.handling == Unset {
		for _, t := range cr.templates {
			if t.static != nil {
				t.fixed = &apigate.Response{StatusCode: cr.status, Header: http.Header{"Content-Type": {t.contentType}}, Body: t.static}
			}
		}
	}
	return cr, errors.Join(errs...)
}

// validate returns the definition errors.
func (np *nonProxy) validate() error { return np.err }

// methodResponses returns a copy of needs.
func (np *nonProxy) methodResponses() map[int][]string {
	out := make(map[int][]string, len(np.needs))
	for status, headers := range np.needs {
		out[status] = slices.Clone(headers)
	}
	return out
}

// configError is API_CONFIGURATION_ERROR (500 {"message": "Internal server error"}) caused by
// err.
func configError(err error) error {
	return &apigate.Error{Type: apigate.APIConfigurationError, Err: err}
}
