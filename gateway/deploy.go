package gateway

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway/internal/response"
	"github.com/apigate/apigate/gateway/internal/router"
	"github.com/apigate/apigate/gateway/internal/validate"
)

// Deployment is an immutable snapshot of a REST API, compiled for serving: its router, request
// validators and gateway responses are built once, here. Stages serve deployments.
type Deployment struct {
	id        string
	apiID     string
	router    *router.Router
	routes    []deployedRoute
	responses *response.Set
	binary    []string
	keySource KeySource
}

type deployedRoute struct {
	path    string
	id      string
	methods map[string]*deployedMethod
}

type deployedMethod struct {
	integration apigate.Integration
	validator   *validate.Validator // nil when the method validates nothing
	apiKey      bool
	authorizer  Authorizer
}

// ID returns the deployment's id ($context.deploymentId).
func (d *Deployment) ID() string { return d.id }

// Deploy checks the API's definition as API Gateway does and freezes it into a Deployment. The
// error lists every problem found; each matches ErrInvalidDefinition.
func (a *RESTAPI) Deploy() (*Deployment, error) {
	errs := slices.Clone(a.errs)
	d := &Deployment{
		id:        deploymentID(),
		apiID:     a.id,
		binary:    slices.Clone(a.binary),
		keySource: a.keySource,
	}
	var routes []router.Route
	var walk func(r *Resource)
	walk = func(r *Resource) {
		dr := deployedRoute{path: r.path, id: r.id, methods: map[string]*deployedMethod{}}
		rt := router.Route{Path: r.path}
		for _, m := range r.methods {
			dm, err := a.deployMethod(m)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			dr.methods[m.method] = dm
			rt.Methods = append(rt.Methods, m.method)
		}
		routes = append(routes, rt)
		d.routes = append(d.routes, dr)
		for _, c := range r.children {
			walk(c)
		}
	}
	walk(a.root)
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
	d.router = rtr
	responses := map[apigate.ResponseType]response.Custom{}
	for t, r := range a.responses {
		responses[t] = response.Custom{StatusCode: r.StatusCode, Parameters: r.Parameters, Templates: r.Templates}
	}
	if d.responses, err = response.Compile(responses); err != nil {
		errs = append(errs, fmt.Errorf("%w: gateway responses: %w", ErrInvalidDefinition, err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return d, nil
}

func (a *RESTAPI) deployMethod(m *Method) (*deployedMethod, error) {
	where := m.method + " " + m.resource.path
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
