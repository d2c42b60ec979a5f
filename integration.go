package apigate

import "context"

// Integration is the integration stage of a method: it turns the method request into the
// response the client gets. The gateway calls Integrate once per request, after routing,
// authorization, API keys, throttling and validation have passed.
//
// Integrate must be safe for concurrent use. It returns the response to send, or an error that
// is (or wraps) an *Error; any other error is answered as API_CONFIGURATION_ERROR. It must
// return once ctx is done (the integration's timeout is its own to enforce, the client going
// away is the gateway's), and it may keep nothing of r once it returns (see Request).
//
// The integration package holds API Gateway's integration types (MOCK, HTTP, HTTP_PROXY and
// in-process http.Handler); integration/lambda and integration/awsservice hold the others.
type Integration interface {
	Integrate(ctx context.Context, r *Request) (*Response, error)
}

// IntegrationFunc adapts a function to Integration, as http.HandlerFunc adapts one to
// http.Handler.
type IntegrationFunc func(ctx context.Context, r *Request) (*Response, error)

// Integrate calls f(ctx, r).
func (f IntegrationFunc) Integrate(ctx context.Context, r *Request) (*Response, error) {
	return f(ctx, r)
}

// Validator is implemented by parts of a definition that can be wrong (an integration whose
// template does not compile, a timeout out of range). The gateway calls Validate when it
// deploys an API and refuses to deploy one whose parts fail; the error says what is wrong.
type Validator interface {
	Validate() error
}

// MethodResponder is implemented by non-proxy integrations, whose integration responses map to
// method responses. MethodResponses lists them: each status code with the
// method.response.header names its response parameters set. The gateway checks them against
// the method responses a method declares.
type MethodResponder interface {
	MethodResponses() map[int][]string
}
