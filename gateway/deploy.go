package gateway

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway/internal/response"
	"github.com/apigate/apigate/gateway/internal/validate"
	"github.com/apigate/apigate/internal/methodrequest"
	"github.com/apigate/apigate/internal/router"
)

// Deployment is an immutable snapshot of an API, compiled for serving: for a REST API its
// router, request validators and gateway responses are built once, by Deploy. Stages serve
// deployments; Walk reads the definitions a deployment was made from.
type Deployment struct {
	id        string
	apiID     string
	name      string
	binary    []string
	models    map[string]string
	responses map[apigate.ResponseType]GatewayResponse // the customizations, as defined
	keySource KeySource
	methods   []*Method   // the method definitions, frozen, in Walk's order
	closers   []io.Closer // the distinct integrations and authorizers that implement io.Closer
	pipeline  pipeline    // the API kind's request path
}

// ID returns the deployment's id ($context.deploymentId).
func (d *Deployment) ID() string { return d.id }

// APIID returns the id of the API the deployment was made from ($context.apiId).
func (d *Deployment) APIID() string { return d.apiID }

// Name returns the name of the API the deployment was made from.
func (d *Deployment) Name() string { return d.name }

// APIKeySource returns where the API's methods that require an API key find it.
func (d *Deployment) APIKeySource() KeySource { return d.keySource }

// GatewayResponses returns the API's customizations of gateway responses by type, as
// CustomizeResponse set them (a copy).
func (d *Deployment) GatewayResponses() map[apigate.ResponseType]GatewayResponse {
	return cloneGatewayResponses(d.responses)
}

func cloneGatewayResponses(m map[apigate.ResponseType]GatewayResponse) map[apigate.ResponseType]GatewayResponse {
	if m == nil {
		return nil
	}
	c := make(map[apigate.ResponseType]GatewayResponse, len(m))
	for t, r := range m {
		r.Parameters, r.Templates = maps.Clone(r.Parameters), maps.Clone(r.Templates)
		c[t] = r
	}
	return c
}

// Models returns the API's models by name: JSON Schema draft 4 documents.
func (d *Deployment) Models() map[string]string { return maps.Clone(d.models) }

// BinaryMediaTypes returns the API's binary media types.
func (d *Deployment) BinaryMediaTypes() []string { return slices.Clone(d.binary) }

// Deploy checks the API's definition as API Gateway does and freezes it into a Deployment. The
// error lists every problem found; each matches ErrInvalidDefinition.
func (a *RESTAPI) Deploy() (*Deployment, error) {
	errs := slices.Clone(a.errs)
	d := &Deployment{
		id:        methodrequest.DeploymentID(),
		apiID:     a.id,
		name:      a.name,
		binary:    slices.Clone(a.binary),
		models:    maps.Clone(a.models),
		responses: cloneGatewayResponses(a.responses),
		keySource: a.keySource,
	}
	p := &restPipeline{keySource: a.keySource}
	var routes []router.Route
	a.root.walk(func(r *Resource) {
		dr := deployedRoute{path: r.path, id: r.id, methods: map[string]*deployedMethod{}}
		rt := router.Route{Path: r.path}
		for _, m := range r.methods {
			dm, err := a.deployMethod(m)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			dr.methods[m.httpMethod] = dm
			rt.Methods = append(rt.Methods, m.httpMethod)
			d.methods = append(d.methods, m.frozen())
		}
		routes = append(routes, rt)
		p.routes = append(p.routes, dr)
	})
	rtr, err := router.Compile(routes)
	var ce *router.CompileError
	switch {
	case errors.As(err, &ce):
		msg := ce.Error() // AWS's message for a greedy child, variable siblings, duplicates
		if errors.Is(ce, router.ErrInvalidPathPart) {
			msg = pathPartMessage
		}
		errs = append(errs, &definitionError{msg: "resource " + ce.Path + ": " + msg, err: ce})
	case err != nil:
		errs = append(errs, fmt.Errorf("%w: %w", ErrInvalidDefinition, err))
	}
	p.router = rtr
	responses := map[apigate.ResponseType]response.Custom{}
	for t, r := range a.responses {
		responses[t] = response.Custom{StatusCode: r.StatusCode, Parameters: r.Parameters, Templates: r.Templates}
	}
	if p.responses, err = response.Compile(responses); err != nil {
		errs = append(errs, fmt.Errorf("%w: gateway responses: %w", ErrInvalidDefinition, err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	d.pipeline = p
	d.closers = closersOf(d.methods)
	return d, nil
}

func (a *RESTAPI) deployMethod(m *Method) (*deployedMethod, error) {
	where := m.httpMethod + " " + m.resourcePath
	dm := &deployedMethod{integration: m.integration, apiKey: m.apiKey, authorizer: m.authorizer}
	if v, ok := m.integration.(apigate.Validator); ok {
		if err := v.Validate(); err != nil {
			return nil, fmt.Errorf("%w: %s: integration: %w", ErrInvalidDefinition, where, err)
		}
	}
	if err := checkMethodResponses(m); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidDefinition, where, err)
	}
	for key := range m.params {
		if !validParamKey(key) {
			return nil, fmt.Errorf("%w: %s: Invalid mapping expression specified: %s", ErrInvalidDefinition, where, key)
		}
	}
	if m.validation.Parameters || m.validation.Body {
		cfg := validate.Config{Parameters: m.validation.Parameters, Body: m.validation.Body, Shared: a.models}
		for key, req := range m.params {
			if req {
				cfg.Required = append(cfg.Required, key)
			}
		}
		slices.Sort(cfg.Required)
		if len(m.models) > 0 {
			cfg.Models = map[string]string{}
			for ct, model := range m.models {
				schema := model
				if !strings.HasPrefix(strings.TrimSpace(model), "{") {
					if _, ok := a.models[model]; !ok && model != "Empty" && model != "Error" {
						return nil, fmt.Errorf("%w: %s: Invalid model identifier specified: %s", ErrInvalidDefinition, where, model)
					}
					// a named model (the API's, or the built-in Empty and Error) by the URL
					// API Gateway gives it, which the validator resolves
					schema = `{"$ref":"https://apigateway.amazonaws.com/restapis/` + a.id + `/models/` + model + `"}`
				}
				cfg.Models[ct] = schema
			}
		}
		v, err := validate.Compile(cfg)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrInvalidDefinition, where, err)
		}
		dm.validator = v
	}
	return dm, nil
}

// validParamKey reports whether key names a method request parameter API Gateway accepts.
func validParamKey(key string) bool {
	for _, p := range []string{"method.request.header.", "method.request.querystring.", "method.request.path.",
		"method.request.multivaluequerystring.", "method.request.multivalueheader."} {
		if name, ok := strings.CutPrefix(key, p); ok && name != "" {
			return true
		}
	}
	return false
}

// checkMethodResponses checks a method's non-proxy integration against the method responses the
// method declares, with API Gateway's messages.
func checkMethodResponses(m *Method) error {
	mr, ok := m.integration.(apigate.MethodResponder)
	if !ok || len(m.responses) == 0 {
		return nil
	}
	needs := mr.MethodResponses()
	statuses := slices.Sorted(maps.Keys(needs))
	for _, status := range statuses {
		declared, ok := m.responses[status]
		if !ok {
			return fmt.Errorf("integration response %d: Invalid Response status code specified", status)
		}
		for _, h := range needs[status] {
			if !slices.ContainsFunc(declared, func(d string) bool { return strings.EqualFold(d, h) }) {
				return fmt.Errorf("integration response %d: Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: method.response.header.%s]", status, h)
			}
		}
	}
	return nil
}

// definitionError is a definition problem whose message is API Gateway's own.
type definitionError struct {
	msg string
	err error
}

func (e *definitionError) Error() string { return e.msg }

// Is reports whether target is ErrInvalidDefinition.
func (e *definitionError) Is(target error) bool { return target == ErrInvalidDefinition }

// Unwrap returns the underlying error.
func (e *definitionError) Unwrap() error { return e.err }
