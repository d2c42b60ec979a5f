package gateway

import (
	"context"
	"fmt"
	"maps"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/stage"
)

// Option configures a Gateway: the runtime wiring (stages, stores, observers, limits) that is
// not part of an API's definition.
type Option func(*config) error

type config struct {
	stages    []stage.Config
	atRoot    bool
	keys      KeyStore
	throttler Throttler
	policy    ResourcePolicy
	accountID string
	traces    []*apigate.Trace
	bodyBytes int64
}

// Stage adds a stage that serves the deployment given to New, configured by c, which is checked
// with c.Validate and copied (later changes to c's variables do not reach the gateway). Without
// any Stage option the gateway has one stage, "prod", without variables.
func Stage(c stage.Config) Option {
	return func(cfg *config) error {
		if err := c.Validate(); err != nil {
			return err
		}
		for _, s := range cfg.stages {
			if s.Name == c.Name {
				return fmt.Errorf("stage %q: given twice", c.Name)
			}
		}
		c.Variables = maps.Clone(c.Variables)
		cfg.stages = append(cfg.stages, c)
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

// Policy sets the API's resource policy (see ResourcePolicy; policy.Resource in package
// auth/policy is one). Without it, the methods' authorizers alone decide.
func Policy(p ResourcePolicy) Option {
	return func(c *config) error { c.policy = p; return nil }
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

// Observe makes t observe every request a stage serves (see apigate.Trace for the hooks and
// their contract): the gateway sets the request's Trace and calls the hooks of its own stages;
// integrations call IntegrationRequest and IntegrationResponse. Observe may be given more than
// once: the hooks of each trace run in the order the options were given. A request for a stage
// the gateway does not serve, or one refused after Close, reaches no stage and calls no hook.
func Observe(t *apigate.Trace) Option {
	return func(c *config) error {
		if t != nil {
			c.traces = append(c.traces, t)
		}
		return nil
	}
}

// OnError sets a function called with every failure the gateway answers with a gateway
// response (or, for a client that went away, with no response): the place to log causes the
// client never sees (a panicking handler's stack, a backend's network error). It is a shorthand
// for Observe with a Done hook that calls f(r.HTTP.Context(), r, info.Err) when info.Err is not
// nil, and runs once the response has been written. The error can hold request data (a
// rendered template, an endpoint URL with stage variables in it): redact before logging. f must
// be safe for concurrent use.
func OnError(f func(ctx context.Context, r *apigate.Request, err error)) Option {
	return Observe(&apigate.Trace{Done: func(r *apigate.Request, info *apigate.DoneInfo) {
		if info.Err != nil {
			f(r.HTTP.Context(), r, info.Err)
		}
	}})
}

// MaxBodyBytesInFlight bounds the bytes of request bodies the gateway holds at once, over all
// requests in flight (DefaultMaxBodyBytesInFlight unless set). A request whose body would take
// the total over the bound is answered 429 {"message":"Too Many Requests"} (THROTTLED, the
// answer API Gateway gives when its account or stage limits are exceeded, customizable as the
// API's THROTTLED gateway response), before its body is read. n must be at least
// 2*MaxBodySize, so that any single request the API accepts can pass: a body of unknown length
// (chunked) is read in pieces and then copied into one buffer, and is held twice for a moment.
func MaxBodyBytesInFlight(n int64) Option {
	return func(c *config) error {
		if n < 2*MaxBodySize {
			return fmt.Errorf("MaxBodyBytesInFlight(%d): the bound must be at least 2*MaxBodySize (%d)", n, 2*MaxBodySize)
		}
		c.bodyBytes = n
		return nil
	}
}

// trace returns the traces of the Observe options as one, or nil for none.
func (c *config) trace() *apigate.Trace {
	switch len(c.traces) {
	case 0:
		return nil
	case 1:
		return c.traces[0]
	}
	t := c.traces[0]
	for _, next := range c.traces[1:] {
		t = compose(t, next)
	}
	return t
}
