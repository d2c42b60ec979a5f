package apigate

import (
	"net/http"
	"net/url"

	"github.com/apigate/apigate/mapping"
)

// Request is the method request as every stage after routing sees it: authorizers, API key
// checks, throttles, validation and integrations. The gateway builds one per request; stages
// read it and may fill in Context (an authorizer sets Context.Authorizer, the API key check
// Context.Identity.APIKey). A Request belongs to the gateway: it is valid only while the call
// that received it runs, and the gateway reuses it for later requests, as net/http reuses a
// ResponseWriter. A stage that works on in the background must copy what it needs.
type Request struct {
	// HTTP is the client's request. Its body has already been read into Body.
	HTTP *http.Request
	// Method is the request's method after X-HTTP-Method-Override.
	Method string
	// Path is the request path without the stage, as received (not URL-decoded).
	Path string
	// PathParameters are the values of the resource's {name} and {name+} parts, not
	// URL-decoded, as API Gateway passes them.
	PathParameters map[string]string
	// Query is the query string, URL-decoded, repeated keys in the order received.
	Query url.Values
	// Header is the request's headers.
	Header http.Header
	// Body is the request body (at most 10 MB).
	Body []byte
	// StageVariables are the variables of the stage serving the request.
	StageVariables map[string]string
	// Context is $context: request id, stage, identity, authorizer output, and after routing
	// the matched resource (ResourcePath, such as /pets/{petId}, and ResourceID).
	Context mapping.Context
	// UsageIdentifierKey is the API key an authorizer returned (its usageIdentifierKey), which
	// the API key stage checks when the API's key source is AUTHORIZER.
	UsageIdentifierKey string
	// BinaryMediaTypes are the API's binary media types (such as image/png or image/*).
	BinaryMediaTypes []string
}

// Response is what an integration answers; the gateway adds its own headers and sends it. The
// gateway only reads a Response, its Header and its Body, and keeps nothing of them once it has
// sent the response (the header values it sends are copies), so an integration may return the
// same read-only Response to many requests.
type Response struct {
	// StatusCode is the HTTP status of the method response.
	StatusCode int
	// Header holds the method response headers. Keys may be spelled as AWS sends them rather
	// than in Go's canonical form.
	Header http.Header
	// Body is the method response body.
	Body []byte
	// Release, when not nil, hands the Response back to the integration that made it, which
	// may then reuse it, its Header and its Body for another request. The gateway calls it
	// once it has sent the response. Whoever takes a Response from an integration and does
	// not send it the way the gateway does (a cache that keeps it) copies what it keeps
	// first, and calls Release at most once.
	Release func()
}
