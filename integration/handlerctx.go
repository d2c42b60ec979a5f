package integration

import (
	"context"
	"sync"
	"time"
)

// handlerCtx is the context an in-process handler's request carries: the context Integrate was
// given, ending at the integration timeout. It is context.WithDeadline's behaviour without its
// timer and its registration with the parent: Integrate already waits on the parent, the
// deadline and the handler at once, and cancels this context itself, so one allocation (with
// the Done channel, two) serves where WithDeadline takes five. It implements AfterFunc, so that
// contexts a handler derives from it need no goroutine either.
//
// A handlerCtx belongs to one request and is never reused: a handler may keep its request's
// context after returning, as with net/http.
type handlerCtx struct {
	parent   context.Context
	deadline time.Time
	done     chan struct{}

	mu     sync.Mutex
	err    error
	afters []*handlerAfter
}

// handlerAfter is a function registered with AfterFunc.
type handlerAfter struct{ f func() }

var _ context.Context = (*handlerCtx)(nil)

// init readies the context for a request whose deadline is d.
func (c *handlerCtx) init(parent context.Context, d time.Time) {
	c.parent, c.deadline, c.done = parent, d, make(chan struct{})
	if pd, ok := parent.Deadline(); ok && pd.Before(d) {
		c.deadline = pd
	}
}

// Deadline returns the integration's deadline, or the parent's when that is earlier.
func (c *handlerCtx) Deadline() (time.Time, bool) { return c.deadline, true }

// Done returns a channel closed when the request is over: the handler returned, the deadline
// passed or the parent was cancelled.
func (c *handlerCtx) Done() <-chan struct{} { return c.done }

// Err returns nil until Done is closed, then why: context.DeadlineExceeded, or the parent's
// error, or context.Canceled once the handler has returned.
func (c *handlerCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Value returns the parent's value for key.
func (c *handlerCtx) Value(key any) any { return c.parent.Value(key) }

// String names the context, for debugging.
func (c *handlerCtx) String() string { return "integration.Handler request context" }

// cancel closes Done with err, once, and starts the functions registered with AfterFunc.
func (c *handlerCtx) cancel(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err = err
	close(c.done)
	afters := c.afters
	c.afters = nil
	c.mu.Unlock()
	for _, a := range afters {
		go a.f()
	}
}

// AfterFunc arranges for f to run in its own goroutine once the context is done, as
// context.AfterFunc does; the context package uses it for contexts derived from this one.
func (c *handlerCtx) AfterFunc(f func()) (stop func() bool) {
	a := &handlerAfter{f: f}
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		go f()
		return func() bool { return false }
	}
	c.afters = append(c.afters, a)
	c.mu.Unlock()
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i, b := range c.afters {
			if b == a {
				c.afters = append(c.afters[:i], c.afters[i+1:]...)
				return true
			}
		}
		return false
	}
}
