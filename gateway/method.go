package gateway

import "github.com/apigate/apigate"

// Method is a method of a resource: its integration and its request settings.
type Method struct {
	resource    *Resource
	method      string
	integration apigate.Integration
	params      map[string]bool   // method.request.{header,querystring,path}.NAME -> required
	models      map[string]string // content type -> model name or inline schema
	validation  Validation
	apiKey      bool
	authorizer  Authorizer
	responses   map[int][]string // declared method responses: status -> header names
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
