package gateway

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/stage"
)

// Gateway serves deployments on named stages. It is an http.Handler: mount it as a server, under
// a prefix of an existing mux (http.StripPrefix("/api", gw)), or in front of an existing mux with
// an integration.Handler method. Requests are addressed as on AWS, /{stage}/path, unless the
// gateway serves its one stage at the root (ServeAtRoot). Note that http.ServeMux cleans paths
// before they reach the gateway (it redirects /api/prod//pets to /api/prod/pets), so API
// Gateway's rules for doubled slashes only show when the gateway gets the raw path, as it does
// as a server or under http.StripPrefix alone.
type Gateway struct {
	stages    map[string]*servedStage
	atRoot    *servedStage
	keys      KeyStore
	throttler Throttler
	accountID string
	onError   func(ctx context.Context, r *apigate.Request, err error)
	clock     requestClock
	requests  sync.Pool // *apigate.Request, reused once a response is written
}

type servedStage struct {
	name       string
	variables  map[string]string
	deployment atomic.Pointer[Deployment]
}

// Option configures a Gateway.
type Option func(*config) error

type config struct {
	stages    []stageConfig
	atRoot    bool
	keys      KeyStore
	throttler Throttler
	accountID string
	onError   func(ctx context.Context, r *apigate.Request, err error)
}

type stageConfig struct {
	name string
	vars stage.Variables
}

// Stage adds a stage that serves the deployment given to New, with its stage variables. Without
// any Stage option the gateway has one stage, "prod", without variables.
func Stage(name string, vars stage.Variables) Option {
	return func(c *config) error {
		if err := stage.ValidateName(name); err != nil {
			return err
		}
		if err := vars.Validate(); err != nil {
			return fmt.Errorf("stage %s: %w", name, err)
		}
		for _, s := range c.stages {
			if s.name == name {
				return fmt.Errorf("%w %q: the stage already exists", stage.ErrInvalidName, name)
			}
		}
		c.stages = append(c.stages, stageConfig{name, maps.Clone(vars)})
		return nil
	}
}

// ServeAtRoot serves the gateway's only stage at the root of the URL space: /pets rather than
// /prod/pets. $context.path still carries the stage, as it would on AWS behind a custom domain.
func ServeAtRoot() Option {
	return func(c *config) error { c.atRoot = true; return nil }
}

// Keys sets the store that checks API keys for methods that require one. Without it, such
// methods answer every request with 403 {"message":"Forbidden"}, as API Gateway does for a key
// it does not know.
func Keys(ks KeyStore) Option {
	return func(c *config) error { c.keys = ks; return nil }
}

// Throttle sets the throttling stage, run for every request after authorization and the API key
// check.
func Throttle(t Throttler) Option {
	return func(c *config) error { c.throttler = t; return nil }
}

// AccountID sets $context.accountId (by default 123456789012, AWS's documentation account).
func AccountID(id string) Option {
	return func(c *config) error { c.accountID = id; return nil }
}

// OnError sets a function called with every failure the gateway turns into a gateway response,
// before the response is sent: the place to log causes the client never sees (a panicking
// handler's stack, a backend's network error). The error can hold request data (a rendered
// template, an endpoint URL with stage variables in it): redact before logging. f must be safe
// for concurrent use.
func OnError(f func(ctx context.Context, r *apigate.Request, err error)) Option {
	return func(c *config) error { c.onError = f; return nil }
}

// ErrUnknownStage is returned by Redeploy for a stage the gateway does not serve.
var ErrUnknownStage = errors.New("gateway: no such stage")

// New returns a gateway serving d on the stages the options name.
func New(d *Deployment, opts ...Option) (*Gateway, error) {
	if d == nil {
		return nil, errors.New("gateway: New needs a deployment")
	}
	c := config{accountID: "123456789012"}
	for _, o := range opts {
		if err := o(&c); err != nil {
			return nil, fmt.Errorf("gateway: %w", err)
		}
	}
	if len(c.stages) == 0 {
		c.stages = []stageConfig{{name: "prod"}}
	}
	if c.atRoot && len(c.stages) != 1 {
		return nil, errors.New("gateway: ServeAtRoot needs exactly one stage")
	}
	g := &Gateway{stages: map[string]*servedStage{}, keys: c.keys, throttler: c.throttler, accountID: c.accountID, onError: c.onError}
	g.requests.New = func() any { return new(apigate.Request) }
	for _, sc := range c.stages {
		s := &servedStage{name: sc.name, variables: sc.vars}
		s.deployment.Store(d)
		g.stages[sc.name] = s
		if c.atRoot {
			g.atRoot = s
		}
	}
	return g, nil
}

// Redeploy makes the stage serve d from now on. Requests in flight finish on the deployment
// they started with.
func (g *Gateway) Redeploy(stageName string, d *Deployment) error {
	s, ok := g.stages[stageName]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownStage, stageName)
	}
	if d == nil {
		return errors.New("gateway: Redeploy needs a deployment")
	}
	s.deployment.Store(d)
	return nil
}

// Deployment returns the deployment a stage serves now, or nil for an unknown stage.
func (g *Gateway) Deployment(stageName string) *Deployment {
	if s, ok := g.stages[stageName]; ok {
		return s.deployment.Load()
	}
	return nil
}
