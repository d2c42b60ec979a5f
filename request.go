package apigate

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
)

// Request is the method request as every stage after routing sees it: authorizers, API key
// checks, throttles, validation and integrations. The gateway builds one per request; stages
// read it and may fill in Context (an authorizer sets Context.Authorizer, the API key check
// Context.Identity.APIKey).
//
// # What a stage may keep
//
// A Request belongs to the gateway, as an http.ResponseWriter belongs to net/http's server: it
// is valid only while the call that received it runs (Authorize, CheckKey, Allow, Validate,
// Integrate, a Trace hook), and the gateway clears it and reuses it for a later request once
// the response is written. So a stage:
//   - may read and (where documented) change r during its call;
//   - must not keep r, or any map, slice or pointer reached from it (Header, Query, Body,
//     PathParameters, Context.Authorizer, ...), after returning, nor use them from a goroutine
//     that outlives the call;
//   - keeps what it needs by copying it, or keeps r.Clone(), a deep copy that is its own.
//
// Strings are immutable and may be kept as they are. The info a Trace hook gets (DoneInfo and
// the others) follows the same rule as r. A Request built by package apigatetest for a test is
// the test's own: none of this applies to it.
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
	// StageVariables are the variables of the stage serving the request. They are shared by
	// every request of the stage: never change them.
	StageVariables map[string]string
	// Context is $context: request id, stage, identity, authorizer output, and after routing
	// the matched resource (ResourcePath, such as /pets/{petId}, and ResourceID).
	Context Context
	// UsageIdentifierKey is the API key an authorizer returned (its usageIdentifierKey), which
	// the API key stage checks when the API's key source is AUTHORIZER.
	UsageIdentifierKey string
	// BinaryMediaTypes are the API's binary media types (such as image/png or image/*). They
	// are shared by every request of the deployment: never change them.
	BinaryMediaTypes []string
	// Trace observes the request, or is nil. Integrations call its IntegrationRequest and
	// IntegrationResponse hooks; the gateway calls the others.
	Trace *Trace
}

// Clone returns a deep copy of r that stays valid after the gateway has recycled r: its maps,
// slices, body and $context are its own (the authorizer's Claims and Context maps are copied;
// the values in them, read-only to every stage, are shared). The client's *http.Request is
// shared, not copied (its body has been read), and so are the stage variables, binary media
// types and Trace, which the gateway never changes.
func (r *Request) Clone() *Request {
	c := *r
	c.PathParameters = maps.Clone(r.PathParameters)
	c.Query = url.Values(http.Header(r.Query).Clone())
	c.Header = r.Header.Clone()
	c.Body = slices.Clone(r.Body)
	c.Context = r.Context.clone()
	return &c
}

// Response is what an integration answers; the gateway adds its own headers and sends it. The
// gateway only reads a Response, its Header and its Body, and keeps nothing of them once it has
// sent the response (the header values it sends are copies), so an integration may return the
// same read-only Response to many requests.
type Response struct {
	// StatusCode is the HTTP status of the method response.
	StatusCode int
	// Header holds the method response headers. Keys may be spelled as AWS sends them rather
	// than in Go's canonical form. The gateway sets Content-Length itself, from Body.
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
