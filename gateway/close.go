package gateway

import (
	"context"
	"errors"
	"io"
	"reflect"
	"sync"
	"sync/atomic"
	"time"
)

// lifecycle counts the requests in flight and refuses new ones once the gateway is closing.
// One word holds both, so that admitting a request costs one atomic addition.
type lifecycle struct {
	state  atomic.Int64 // the requests in flight, and closingBit once Close is called
	once   sync.Once
	closed chan struct{} // closed when the closers have returned
	err    error         // what they returned, joined; read after closed
}

const closingBit = 1 << 62

// enter admits a request, or reports that the gateway is closing. An admitted request calls
// leave when it is done.
func (l *lifecycle) enter() bool {
	if l.state.Add(1)&closingBit != 0 {
		l.state.Add(-1)
		return false
	}
	return true
}

func (l *lifecycle) leave() { l.state.Add(-1) }

// closing reports whether Close has been called.
func (l *lifecycle) closing() bool { return l.state.Load()&closingBit != 0 }

// close refuses the requests that enter from now on.
func (l *lifecycle) close() { l.state.Or(closingBit) }

// inflight returns the number of requests in flight.
func (l *lifecycle) inflight() int64 { return l.state.Load() &^ closingBit }

// Close shuts the gateway down, in the manner of http.Server.Shutdown:
//  1. from the call on, every new request is refused with 503 {"message":"Service Unavailable"}
//     (x-amzn-ErrorType ServiceUnavailableException, Connection: close), so that a load
//     balancer or client moves on to another instance;
//  2. it waits for the requests in flight to finish;
//  3. it closes, once each, every part of the served deployments and of the gateway that
//     implements io.Closer: integrations (shared by methods), authorizers, the key store and
//     the throttler. A closer may wait for work of its own (a Lambda invoker waits for its
//     asynchronous Event invocations).
//
// Close returns the closers' errors, joined, or ctx.Err() if ctx ends first; the closers then
// go on in the background, and calling Close again waits for them anew. Once Close is called,
// Redeploy fails with ErrClosed. Close does not close the deployments Redeploy replaced before
// it (requests in flight still used them then, and the new deployment may share their parts):
// closing what only they used is the caller's (the integrations are the caller's own values;
// Deployment.Walk finds them too).
//
// Close does not close the http.Server serving the gateway: shut the server down first (its
// Shutdown waits for the handler, and with it for the gateway's requests), then close the
// gateway.
func (g *Gateway) Close(ctx context.Context) error {
	g.life.close()
	if err := g.life.wait(ctx); err != nil {
		return err
	}
	g.life.once.Do(func() {
		closers := g.closers()
		go func() {
			g.life.err = closeAll(closers)
			close(g.life.closed)
		}()
	})
	select {
	case <-g.life.closed:
		return g.life.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// wait polls until no request is in flight, as http.Server.Shutdown polls for idle
// connections: from every millisecond up to twice a second.
func (l *lifecycle) wait(ctx context.Context) error {
	interval := time.Millisecond
	t := time.NewTimer(interval)
	defer t.Stop()
	for l.inflight() != 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			interval = min(2*interval, 500*time.Millisecond)
			t.Reset(interval)
		}
	}
	return nil
}

// closers returns the distinct parts of the served deployments and of the gateway that
// implement io.Closer: the deployments' first, then the key store, the throttler and the
// resource policy.
func (g *Gateway) closers() []io.Closer {
	var parts []any
	for _, name := range g.stageNames {
		for _, c := range g.stages[name].deployment.Load().closers {
			parts = append(parts, c)
		}
	}
	parts = append(parts, g.keys, g.throttler, g.policy)
	return distinctClosers(parts)
}

// closersOf returns the distinct integrations and authorizers of methods that implement
// io.Closer.
func closersOf(methods []*Method) []io.Closer {
	var parts []any
	for _, m := range methods {
		parts = append(parts, m.integration, m.authorizer)
	}
	return distinctClosers(parts)
}

// distinctClosers returns the parts that implement io.Closer, each once, in order. Parts are
// the same when they are equal as interface values; a part whose value cannot be compared (a
// struct holding a map, say) is kept each time it appears.
func distinctClosers(parts []any) []io.Closer {
	var out []io.Closer
	seen := map[any]bool{}
	for _, p := range parts {
		c, ok := p.(io.Closer)
		if !ok {
			continue
		}
		if reflect.ValueOf(c).Comparable() {
			if seen[c] {
				continue
			}
			seen[c] = true
		}
		out = append(out, c)
	}
	return out
}

// closeAll closes every closer and joins their errors.
func closeAll(closers []io.Closer) error {
	var errs []error
	for _, c := range closers {
		if err := c.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
