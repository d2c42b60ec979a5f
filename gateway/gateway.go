package gateway

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/methodrequest"
	"github.com/apigate/apigate/stage"
)

// Gateway serves deployments on named stages. It is an http.Handler: mount it as a server
// (NewServer), under a prefix of an existing mux (http.StripPrefix("/api", gw)), or in front of
// an existing mux with an integration.Handler method. Requests are addressed as on AWS,
// /{stage}/path, unless the gateway serves its one stage at the root (ServeAtRoot). Note that
// http.ServeMux cleans paths before they reach the gateway (it redirects /api/prod//pets to
// /api/prod/pets), so API Gateway's rules for doubled slashes only show when the gateway gets
// the raw path, as it does as a server or under http.StripPrefix alone.
//
// Close ends its life: it refuses new requests, waits for those in flight and closes the parts
// that hold resources.
type Gateway struct {
	stages     map[string]*servedStage
	stageNames []string // in the order of the options
	atRoot     *servedStage
	keys       KeyStore
	throttler  Throttler
	policy     ResourcePolicy
	accountID  string
	trace      *apigate.Trace // nil when nothing observes the requests
	clock      methodrequest.Clock
	exchanges  sync.Pool // *exchange, reused once a response is written
	bodies     bodyBudget
	life       lifecycle
}

// servedStage is what the gateway keeps of a stage at run time: its configuration and the
// deployment it serves now, swapped atomically by Redeploy.
type servedStage struct {
	config     stage.Config
	deployment atomic.Pointer[Deployment]
}

// Errors Redeploy returns.
var (
	// ErrUnknownStage is returned for a stage the gateway does not serve.
	ErrUnknownStage = errors.New("gateway: no such stage")
	// ErrClosed is returned once Close has been called.
	ErrClosed = errors.New("gateway: closed")
)

// New returns a gateway serving d on the stages the options name.
func New(d *Deployment, opts ...Option) (*Gateway, error) {
	if d == nil {
		return nil, errors.New("gateway: New needs a deployment")
	}
	c := config{accountID: "123456789012", bodyBytes: DefaultMaxBodyBytesInFlight}
	for _, o := range opts {
		if err := o(&c); err != nil {
			return nil, fmt.Errorf("gateway: %w", err)
		}
	}
	if len(c.stages) == 0 {
		c.stages = []stage.Config{{Name: "prod"}}
	}
	if c.atRoot && len(c.stages) != 1 {
		return nil, errors.New("gateway: ServeAtRoot needs exactly one stage")
	}
	g := &Gateway{
		stages:    map[string]*servedStage{},
		keys:      c.keys,
		throttler: c.throttler,
		policy:    c.policy,
		accountID: c.accountID,
		trace:     c.trace(),
		bodies:    bodyBudget{limit: c.bodyBytes},
		life:      lifecycle{closed: make(chan struct{})},
	}
	g.exchanges.New = func() any { return new(exchange) }
	for _, sc := range c.stages {
		s := &servedStage{config: sc}
		s.deployment.Store(d)
		g.stages[sc.Name] = s
		g.stageNames = append(g.stageNames, sc.Name)
		if c.atRoot {
			g.atRoot = s
		}
	}
	return g, nil
}

// Redeploy makes the stage serve d from now on. Requests in flight finish on the deployment
// they started with. It fails with ErrClosed once Close has been called.
func (g *Gateway) Redeploy(stageName string, d *Deployment) error {
	if g.life.closing() {
		return ErrClosed
	}
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
