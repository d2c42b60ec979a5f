package gateway

import (
	"maps"
	"slices"

	"github.com/apigate/apigate"
)

// Method is the definition of a method of a resource: its HTTP method, its integration and its
// request settings. Resource.Method defines one; Walk hands them out, read-only: the accessors
// return copies, so nothing a caller does to what they return changes the API.
type Method struct {
	httpMethod   string
	resourcePath string
	resourceID   string
	integration  apigate.Integration
	params       map[string]bool   // method.request.{header,querystring,path}.NAME -> required
	models       map[string]string // content type -> model name or inline schema
	validation   Validation
	apiKey       bool
	authorizer   Authorizer
	responses    map[int][]string // declared method responses: status -> header names
}

// HTTPMethod returns the method's HTTP method: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or
// ANY.
func (m *Method) HTTPMethod() string { return m.httpMethod }

// ResourcePath returns the path template of the method's resource, such as /pets/{petId}
// ($context.resourcePath).
func (m *Method) ResourcePath() string { return m.resourcePath }

// ResourceID returns the id of the method's resource ($context.resourceId).
func (m *Method) ResourceID() string { return m.resourceID }

// Integration returns the method's integration. The integration packages' integrations expose
// their definition (type, URI, options, templates) through methods of their own.
func (m *Method) Integration() apigate.Integration { return m.integration }

// Authorizer returns the method's authorizer, or nil for a method without one.
func (m *Method) Authorizer() Authorizer { return m.authorizer }

// APIKeyRequired reports whether the method requires an API key.
func (m *Method) APIKeyRequired() bool { return m.apiKey }

// RequestParameters returns the method's request parameters by full key
// (method.request.header.x-trace, ...), each with whether it is required.
func (m *Method) RequestParameters() map[string]bool { return maps.Clone(m.params) }

// RequestModels returns the method's request models by content type: the name of a model of
// the API or an inline JSON Schema document.
func (m *Method) RequestModels() map[string]string { return maps.Clone(m.models) }

// Validation returns the method's request validator.
func (m *Method) Validation() Validation { return m.validation }

// MethodResponses returns the method responses the method declares: each status code with the
// header names its responses may carry. It is nil for a method that declares none.
func (m *Method) MethodResponses() map[int][]string { return cloneResponses(m.responses) }

// frozen returns a copy of m that shares nothing mutable with it: what a deployment keeps.
func (m *Method) frozen() *Method {
	c := *m
	c.params = maps.Clone(m.params)
	c.models = maps.Clone(m.models)
	c.responses = cloneResponses(m.responses)
	return &c
}

func cloneResponses(r map[int][]string) map[int][]string {
	if r == nil {
		return nil
	}
	c := make(map[int][]string, len(r))
	for status, headers := range r {
		c[status] = slices.Clone(headers)
	}
	return c
}

// MethodOption sets one of a method's settings.
type MethodOption func(*Method)

// Validation is a request validator: whether to check required request parameters, the body
// against its model, or both (API Gateway's validateRequestParameters and validateRequestBody).
type Validation struct {
	// Parameters checks that the required request parameters are present and not empty.
	Parameters bool
	// Body checks the body against the model for its content type.
	Body bool
}

// RequestParameter declares a method request parameter by its full key
// ("method.request.header.x-trace", "method.request.querystring.q", "method.request.path.id"),
// required or not. Required parameters are checked when the method validates parameters.
func RequestParameter(key string, required bool) MethodOption {
	return func(m *Method) { m.params[key] = required }
}

// RequestModel sets the model for request bodies of a content type: the name of one of the
// API's models (or the built-in Empty and Error), or an inline JSON Schema draft 4 document.
func RequestModel(contentType, model string) MethodOption {
	return func(m *Method) { m.models[contentType] = model }
}

// ValidateRequest sets the method's request validator.
func ValidateRequest(v Validation) MethodOption {
	return func(m *Method) { m.validation = v }
}

// APIKeyRequired makes the method require an API key, checked by the gateway's KeyStore.
func APIKeyRequired() MethodOption {
	return func(m *Method) { m.apiKey = true }
}

// AuthorizeWith makes a the authorizer of the method: it runs after routing and before the API
// key check.
func AuthorizeWith(a Authorizer) MethodOption {
	return func(m *Method) { m.authorizer = a }
}

// MethodResponse declares a method response: a status code the method answers with and the
// headers it may carry (method.response.header.NAME). When a method declares method responses,
// Deploy checks its non-proxy integration against them as API Gateway does: every integration
// response must map to a declared status ("Invalid Response status code specified") and set only
// declared headers. A method that declares none accepts whatever its integration responses map
// to, a convenience for APIs defined in Go.
func MethodResponse(status int, headers ...string) MethodOption {
	return func(m *Method) {
		if m.responses == nil {
			m.responses = map[int][]string{}
		}
		m.responses[status] = append(m.responses[status], headers...)
	}
}
