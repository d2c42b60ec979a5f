package gateway

import (
	"errors"
	"fmt"
	"strings"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/methodrequest"
)

// RESTAPI is the definition of a REST API: a tree of resources with methods, the API's models,
// binary media types and gateway response customizations. Build it, then Deploy it. A RESTAPI is
// not safe for concurrent use while it is being built; a Deployment made from it is immutable.
type RESTAPI struct {
	name      string
	id        string
	root      *Resource
	models    map[string]string
	responses map[apigate.ResponseType]GatewayResponse
	binary    []string
	keySource KeySource
	errs      []error
}

// KeySource says where methods that require an API key find it.
type KeySource int

const (
	// KeyFromHeader reads the key from the X-API-Key header (API Gateway's HEADER, the default).
	KeyFromHeader KeySource = iota
	// KeyFromAuthorizer takes the key from the authorizer's usage identifier key (AUTHORIZER).
	KeyFromAuthorizer
)

// GatewayResponse customizes one gateway response type: its status code, headers
// ("gatewayresponse.header.<Name>" -> a source such as "method.request.header.x", "context.requestId",
// "stageVariables.x" or "'static'") and body templates by content type, in which $context.*,
// $stageVariables.* and method request parameters are substituted (they are not VTL).
type GatewayResponse struct {
	// StatusCode replaces the type's status code; 0 keeps it.
	StatusCode int
	// Parameters map "gatewayresponse.header.<Name>" to the header's source.
	Parameters map[string]string
	// Templates map a content type to the body template.
	Templates map[string]string
}

// NewRESTAPI starts the definition of a REST API. Its id ($context.apiId) is derived from the
// name, so it is stable from run to run; SetID chooses another.
func NewRESTAPI(name string) *RESTAPI {
	a := &RESTAPI{name: name, id: methodrequest.ShortID(name, 10), models: map[string]string{}}
	a.root = &Resource{api: a, path: "/", id: methodrequest.ShortID("root:"+name, 10)}
	return a
}

// Name returns the API's name.
func (a *RESTAPI) Name() string { return a.name }

// ID returns the API's id, $context.apiId.
func (a *RESTAPI) ID() string { return a.id }

// SetID sets the API's id, as AWS's restApiId: 10 lower-case letters and digits by convention.
func (a *RESTAPI) SetID(id string) *RESTAPI {
	a.id = id
	return a
}

// Root returns the root resource, "/".
func (a *RESTAPI) Root() *Resource { return a.root }

// Resource returns the resource at path (such as "/pets/{petId}"), creating it and any missing
// parent along the way. Asking again for the same path returns the same resource. Invalid paths
// are reported by Deploy, with API Gateway's messages.
func (a *RESTAPI) Resource(path string) *Resource {
	if !strings.HasPrefix(path, "/") {
		a.fail(fmt.Errorf("%w: resource path %q must start with /", ErrInvalidDefinition, path))
		return a.root
	}
	return a.root.Resource(strings.TrimPrefix(path, "/"))
}

// Model adds a named model: a JSON Schema draft 4 document that methods name in RequestModel.
// The built-in models Empty and Error are always there.
func (a *RESTAPI) Model(name, schema string) *RESTAPI {
	for i := 0; i < len(name); i++ {
		if c := name[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			a.fail(fmt.Errorf("%w: model %q: Model name must be alphanumeric", ErrInvalidDefinition, name))
			return a
		}
	}
	if name == "" {
		a.fail(fmt.Errorf("%w: Model name must be alphanumeric", ErrInvalidDefinition))
		return a
	}
	a.models[name] = schema
	return a
}

// CustomizeResponse sets the API's customization of a gateway response type.
func (a *RESTAPI) CustomizeResponse(t apigate.ResponseType, r GatewayResponse) *RESTAPI {
	if a.responses == nil {
		a.responses = map[apigate.ResponseType]GatewayResponse{}
	}
	a.responses[t] = r
	return a
}

// BinaryMediaTypes sets the media types the API treats as binary (such as "image/png" or
// "image/*").
func (a *RESTAPI) BinaryMediaTypes(types ...string) *RESTAPI {
	a.binary = append([]string(nil), types...)
	return a
}

// APIKeySource sets where methods that require an API key find it.
func (a *RESTAPI) APIKeySource(s KeySource) *RESTAPI {
	a.keySource = s
	return a
}

func (a *RESTAPI) fail(err error) { a.errs = append(a.errs, err) }

// ErrInvalidDefinition is matched (errors.Is) by every error Deploy reports about the API's
// definition; the message is API Gateway's where it has one.
var ErrInvalidDefinition = errors.New("gateway: invalid API definition")

// Resource is one resource of a REST API: a path part under its parent, with methods and child
// resources.
type Resource struct {
	api      *RESTAPI
	parent   *Resource
	part     string // "pets", "{petId}", "{proxy+}"; "" for the root
	path     string // the full path template
	id       string
	children []*Resource
	methods  []*Method // in the order they were defined
}

// Path returns the resource's path template, such as /pets/{petId}.
func (r *Resource) Path() string { return r.path }

// ID returns the resource's id ($context.resourceId).
func (r *Resource) ID() string { return r.id }

// Resource returns the child resource at the relative path (one part such as "{petId}", or
// several: "pets/{petId}"), creating what is missing.
func (r *Resource) Resource(rel string) *Resource {
	cur := r
	if rel == "" {
		return cur
	}
	for _, part := range strings.Split(rel, "/") {
		if part == "" {
			r.api.fail(&definitionError{msg: fmt.Sprintf("resource %s: %s", strings.TrimSuffix(cur.path, "/")+"/"+rel, pathPartMessage)})
			return cur
		}
		cur = cur.child(part)
	}
	return cur
}

// pathPartMessage is API Gateway's message for a path part it refuses.
const pathPartMessage = "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace."

func (r *Resource) child(part string) *Resource {
	for _, c := range r.children {
		if c.part == part {
			return c
		}
	}
	path := r.path + "/" + part
	if r.parent == nil {
		path = "/" + part
	}
	c := &Resource{api: r.api, parent: r, part: part, path: path, id: methodrequest.ShortID(r.api.name+":"+path, 6)}
	r.children = append(r.children, c)
	return c
}

// Method defines the HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY) on the
// resource, answered by integ, and returns the resource so calls chain. Defining a method twice
// is an error ("Method already exists for this resource"), reported by Deploy.
func (r *Resource) Method(method string, integ apigate.Integration, opts ...MethodOption) *Resource {
	m := &Method{httpMethod: method, resourcePath: r.path, resourceID: r.id, integration: integ, params: map[string]bool{}, models: map[string]string{}}
	for _, o := range opts {
		o(m)
	}
	switch method {
	case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY":
	default:
		r.api.fail(fmt.Errorf("%w: %s %s: Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY", ErrInvalidDefinition, method, r.path))
		return r
	}
	for _, old := range r.methods {
		if old.httpMethod == method {
			r.api.fail(fmt.Errorf("%w: %s %s: Method already exists for this resource", ErrInvalidDefinition, method, r.path))
			return r
		}
	}
	if integ == nil {
		r.api.fail(fmt.Errorf("%w: %s %s: No integration defined for method", ErrInvalidDefinition, method, r.path))
	}
	r.methods = append(r.methods, m)
	return r
}
