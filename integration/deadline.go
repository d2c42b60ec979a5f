package integration

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// lazyDeadlineCtx is the integration's deadline as a context that starts no timer until something
// waits on it (calls Done): context.WithTimeout's timer costs as much as the rest of a typed
// in-process invocation, which mostly never looks at its context. Err reports the deadline
// passing all the same. Err, Deadline and Value take no lock: they run on every request.
type lazyDeadlineCtx struct {
	parent   context.Context
	deadline time.Time
	stopped  atomic.Bool
	timed    atomic.Pointer[timedCtx] // made by the first Done
	mu       sync.Mutex               // guards making timed
}

// timedCtx is context.WithDeadline(parent, deadline) and its cancel.
type timedCtx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// withLazyDeadline returns a context that expires after d (or when parent does). Call stop when
// done with it.
func withLazyDeadline(parent context.Context, d time.Duration) *lazyDeadlineCtx {
	return &lazyDeadlineCtx{parent: parent, deadline: time.Now().Add(d)}
}

// Deadline returns the earlier of the parent's deadline and the integration's.
func (c *lazyDeadlineCtx) Deadline() (time.Time, bool) {
	if d, ok := c.parent.Deadline(); ok && d.Before(c.deadline) {
		return d, true
	}
	return c.deadline, true
}

// Done starts the timer, once, and returns the channel closed when the context expires.
func (c *lazyDeadlineCtx) Done() <-chan struct{} {
	if t := c.timed.Load(); t != nil {
		return t.ctx.Done()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.timed.Load()
	if t == nil {
		t = new(timedCtx)
		t.ctx, t.cancel = context.WithDeadline(c.parent, c.deadline)
		c.timed.Store(t)
		// after the Store: stop either sees t or is seen here, and cancels it
		if c.stopped.Load() {
			t.cancel()
		}
	}
	return t.ctx.Done()
}

// Err returns context.DeadlineExceeded once the deadline has passed, the parent's error once it
// is done, context.Canceled once stopped, else nil.
func (c *lazyDeadlineCtx) Err() error {
	if t := c.timed.Load(); t != nil {
		return t.ctx.Err()
	}
	switch {
	case c.parent.Err() != nil:
		return c.parent.Err()
	case time.Until(c.deadline) <= 0: // the monotonic clock alone: half the cost of time.Now
		return context.DeadlineExceeded
	case c.stopped.Load():
		return context.Canceled
	}
	return nil
}

// Value returns the parent's value.
func (c *lazyDeadlineCtx) Value(key any) any { return c.parent.Value(key) }

// stop cancels the context, as context.WithTimeout's cancel does, and releases the timer if one
// was started.
func (c *lazyDeadlineCtx) stop() {
	c.stopped.Store(true)
	if t := c.timed.Load(); t != nil {
		t.cancel()
	}
}
