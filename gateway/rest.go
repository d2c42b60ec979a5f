package gateway

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway/internal/response"
	"github.com/apigate/apigate/gateway/internal/validate"
	"github.com/apigate/apigate/internal/router"
)

// restPipeline is the request path of a REST API deployment: its router, its methods by route
// and its gateway responses, compiled by Deploy.
type restPipeline struct {
	router    *router.Router
	routes    []deployedRoute
	responses *response.Set
	keySource KeySource
}

var _ pipeline = (*restPipeline)(nil)

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

// run is the REST API's request path after stage selection, in API Gateway's order. Each stage
// turns its failure into an *apigate.Error (its own, or one of the type named here), which the
// gateway answers with a gateway response.
func (p *restPipeline) run(ctx context.Context, g *Gateway, x *exchange) (resp *apigate.Response, err error) {
	defer recoverStage(&resp, &err)
	r := &x.req
	if err := checkLimits(r); err != nil {
		return nil, err
	}
	if err := g.readBody(x); err != nil {
		return nil, err
	}
	m, err := p.route(r)
	if err != nil {
		return nil, err
	}
	x.routeMatched()
	if g.policy != nil && m.authorizer != nil { // without one, Decide alone decides
		if err := g.policy.Precheck(ctx, r); err != nil {
			return nil, asGatewayError(err, apigate.AccessDenied)
		}
	}
	var authErr error
	if m.authorizer != nil {
		start := x.now()
		authErr = asGatewayError(m.authorizer.Authorize(ctx, r), apigate.AuthorizerConfigurationError)
		x.authorizerDone(start, authErr)
	}
	if g.policy != nil {
		authErr = asGatewayError(g.policy.Decide(ctx, r, m.authorizer != nil, authErr), apigate.AccessDenied)
	}
	if authErr != nil {
		return nil, authErr
	}
	if m.apiKey {
		err := g.checkKey(ctx, p.keySource, r)
		x.keyChecked(err)
		if err != nil {
			return nil, err
		}
	}
	if g.throttler != nil {
		err := asGatewayError(g.throttler.Allow(ctx, r), apigate.Throttled)
		x.throttleChecked(err)
		if err != nil {
			return nil, err
		}
	}
	if m.validator != nil {
		err := m.validator.Validate(r)
		x.validated(err)
		if err != nil {
			return nil, err
		}
	}
	start := x.now()
	resp, err = m.integration.Integrate(ctx, r)
	x.integrated(start)
	if err != nil {
		return nil, asGatewayError(err, apigate.APIConfigurationError)
	}
	if resp == nil {
		return nil, &apigate.Error{Type: apigate.APIConfigurationError, Err: errors.New("gateway: the integration returned no response")}
	}
	return resp, nil
}

// render answers a failure with the API's gateway response.
func (p *restPipeline) render(err error, r *apigate.Request) (int, http.Header, []byte) {
	return p.responses.Render(err, r)
}

// recoverStage turns a stage's panic into API_CONFIGURATION_ERROR, as AWS answers a failing
// integration. A panic with http.ErrAbortHandler goes on: it asks net/http to abort the response.
func recoverStage(resp **apigate.Response, err *error) {
	if p := recover(); p != nil {
		if p == http.ErrAbortHandler {
			panic(p)
		}
		*resp, *err = nil, &apigate.Error{Type: apigate.APIConfigurationError, Err: fmt.Errorf("gateway: panic: %v", p)}
	}
}

// asGatewayError keeps nil and an *apigate.Error as they are and makes any other error one of
// type t.
func asGatewayError(err error, t apigate.ResponseType) error {
	if err == nil {
		return nil
	}
	var ge *apigate.Error
	if errors.As(err, &ge) {
		return err
	}
	return &apigate.Error{Type: t, Err: err}
}

// route finds the method for the request and fills in what routing learns.
func (p *restPipeline) route(r *apigate.Request) (*deployedMethod, error) {
	match, params, ok := p.router.Match(r.Method, r.Path, nil)
	if !ok {
		return nil, &apigate.Error{Type: apigate.MissingAuthenticationToken}
	}
	rt := &p.routes[match.Route]
	m := rt.methods[match.Method]
	r.Context.ResourcePath, r.Context.ResourceID = rt.path, rt.id
	if len(params) > 0 {
		r.PathParameters = make(map[string]string, len(params))
		for _, p := range params {
			r.PathParameters[p.Name] = p.Value
		}
	}
	return m, nil
}

// checkKey runs the API key stage.
func (g *Gateway) checkKey(ctx context.Context, source KeySource, r *apigate.Request) error {
	var key string
	if source == KeyFromAuthorizer {
		key = r.UsageIdentifierKey
	} else {
		key = r.Header.Get("X-Api-Key")
	}
	if key == "" || g.keys == nil {
		return &apigate.Error{Type: apigate.InvalidAPIKey}
	}
	id, err := g.keys.CheckKey(ctx, r, key)
	if err != nil {
		return asGatewayError(err, apigate.InvalidAPIKey)
	}
	r.Context.Identity.APIKey, r.Context.Identity.APIKeyID = key, id
	return nil
}
