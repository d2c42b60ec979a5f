package integration

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"time"
)

// Options are the definition of a non-proxy integration (MOCK, HTTP, a Lambda function's or an
// AWS service's): the integration request's mappings, the integration responses and the
// timeout. The zero value is a valid definition with AWS's defaults, but it has no integration
// responses, so every request to it fails with 500 API_CONFIGURATION_ERROR.
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
	// Timeout bounds the call to the endpoint: 0 means DefaultTimeout (29 s); otherwise it must
	// be between MinTimeout and MaxTimeout.
	Timeout time.Duration
	// Client sends the requests of an integration with an HTTP endpoint (HTTP, an AWS service);
	// MOCK and Lambda integrations send none. It follows the rule of every integration of this
	// module that takes a client (HTTPProxy's ProxyOptions.Client too): nil means a client the
	// integrations share, whose transport does not ask for compressed responses (API Gateway
	// sends no Accept-Encoding unless one is mapped); a client of your own is copied when the
	// integration is made, with its CheckRedirect replaced so that redirects are never
	// followed (a 3xx is an answer, as on AWS), and changing it afterwards does not change the
	// integration. Keep its Transport's DisableCompression set to get the bodies AWS gets.
	Client *http.Client
}

// IntegrationResponse is one integration response of a non-proxy integration: which endpoint
// answers it applies to and how it turns them into the method response.
type IntegrationResponse struct {
	// SelectionPattern is a Java regular expression that must match the whole selection value
	// (for HTTP and AWS services the endpoint's status code, for MOCK the request template's
	// statusCode, for Lambda the function error's errorMessage). The empty pattern makes this
	// the default response, used when no other pattern matches.
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

// cloneResponses returns a deep copy of rs.
func cloneResponses(rs []IntegrationResponse) []IntegrationResponse {
	if rs == nil {
		return nil
	}
	out := make([]IntegrationResponse, len(rs))
	for i, ir := range rs {
		ir.ResponseParameters = maps.Clone(ir.ResponseParameters)
		ir.ResponseTemplates = maps.Clone(ir.ResponseTemplates)
		out[i] = ir
	}
	return out
}

// ErrInvalidIntegration is matched (errors.Is) by every definition error an integration's
// Validate reports, besides the mapping package's own (mapping.ErrInvalidExpr, template syntax
// errors) and ErrInvalidTimeout, which it wraps as they are.
var ErrInvalidIntegration = errors.New("integration: invalid integration")

// Passthrough is an integration's passthroughBehavior: what API Gateway does with a request whose
// Content-Type has no request template. The zero value is AWS's default, PassthroughWhenNoMatch.
type Passthrough int

// The passthrough behaviours.
const (
	// PassthroughWhenNoMatch sends the body through unchanged when no template matches its
	// Content-Type.
	PassthroughWhenNoMatch Passthrough = iota
	// PassthroughWhenNoTemplates sends the body through only when the integration has no
	// request templates at all; when it has some and none matches, the request is answered 415.
	PassthroughWhenNoTemplates
	// PassthroughNever answers 415 Unsupported Media Type whenever no template matches.
	PassthroughNever
)

var passthroughNames = [...]string{"WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"}

// String returns the behaviour's name in the API Gateway API, such as WHEN_NO_MATCH.
func (p Passthrough) String() string {
	return enumName(passthroughNames[:], p, "Passthrough")
}

// ParsePassthrough reads a passthroughBehavior as the API Gateway API (WHEN_NO_MATCH) or an
// OpenAPI definition (when_no_match) writes it. The empty string is PassthroughWhenNoMatch.
func ParsePassthrough(s string) (Passthrough, error) {
	return enumParse[Passthrough](passthroughNames[:], s, "passthroughBehavior")
}

// ContentHandling is an integration's or integration response's contentHandling: how API Gateway
// converts a payload between text and binary (base64). Whether a payload is binary depends on
// the API's binary media types: a request's Content-Type, a backend response's Content-Type.
// The zero value, ContentHandlingUnset, converts a request payload never, and a response payload
// when the client's first Accept media type calls for the other kind (a binary Accept gets text
// base64-decoded, a text Accept gets binary base64-encoded).
type ContentHandling int

// The content handling strategies.
const (
	// ContentHandlingUnset (no contentHandling) leaves a request payload as it is and converts
	// a response payload to the kind the client's first Accept media type asks for.
	ContentHandlingUnset ContentHandling = iota
	// ConvertToText base64-encodes a binary payload and passes text unchanged.
	ConvertToText
	// ConvertToBinary base64-decodes a text payload and passes binary unchanged.
	ConvertToBinary
)

var contentHandlingNames = [...]string{"", "CONVERT_TO_TEXT", "CONVERT_TO_BINARY"}

// String returns the strategy's name in the API Gateway API (CONVERT_TO_TEXT, CONVERT_TO_BINARY),
// or the empty string for ContentHandlingUnset.
func (c ContentHandling) String() string {
	return enumName(contentHandlingNames[:], c, "ContentHandling")
}

// ParseContentHandling reads a contentHandling as the API Gateway API (CONVERT_TO_TEXT) or an
// OpenAPI definition (convert_to_text) writes it. The empty string is ContentHandlingUnset.
func ParseContentHandling(s string) (ContentHandling, error) {
	return enumParse[ContentHandling](contentHandlingNames[:], s, "contentHandling")
}

// enumName returns the API name of v, names[v], or typ(v) when it has none.
func enumName[T ~int](names []string, v T, typ string) string {
	if v >= 0 && int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, int(v))
}

// enumParse returns the value whose API name is s in any case; the empty string is the zero
// value. field names the setting in the error.
func enumParse[T ~int](names []string, s, field string) (T, error) {
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
