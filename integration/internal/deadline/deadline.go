// Package deadline holds the integration timeout as a context that starts no timer until
// something waits on it. Every integration bounds its call to the backend by its timeout
// (timeoutInMillis); most calls (an in-process Lambda function that never looks at its
// context, a MOCK) finish without anyone waiting on the deadline, and for them
// context.WithTimeout's timer costs as much as the rest of the call.
package deadline

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Timeout bounds: API Gateway's timeoutInMillis is 50 to 29000 milliseconds, 29000 by default.
const (
	Default = 29 * time.Second
	Min     = 50 * time.Millisecond
	Max     = 29 * time.Second
)

// ErrInvalid reports a timeout outside Min to Max (integration.ErrInvalidTimeout).
var ErrInvalid = errors.New("integration: timeoutInMillis must be between 50 and 29000")

// Timeout returns an integration's timeout: d, Default for zero, or an error matching
// ErrInvalid outside the allowed range (and Default with it).
func Timeout(d time.Duration) (time.Duration, error) {
	switch {
	case d == 0:
		return Default, nil
	case d < Min || d > Max:
		return Default, fmt.Errorf("%w: got %d", ErrInvalid, d.Milliseconds())
	}
	return d, nil
}

// Lazy is an integration's deadline as a context that starts no timer until something waits on
// it (calls Done). Err reports the deadline passing all the same. Err, Deadline and Value take
// no lock: they run on every request. A Lazy is used once: Start it (or make it with New), use
// it, Stop it; it must not be reused, since whoever got it as a context may keep it.
type Lazy struct {
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

var _ context.Context = (*Lazy)(nil)

// New returns a context that expires after d (or when parent does). Call Stop when done with
// it.
func New(parent context.Context, d time.Duration) *Lazy {
	return &Lazy{parent: parent, deadline: time.Now().Add(d)}
}

// Start readies a zero Lazy (one allocated with other things) as New does.
func (c *Lazy) Start(parent context.Context, d time.Duration) {
	c.parent, c.deadline = parent, time.Now().Add(d)
}

// Deadline returns the earlier of the parent's deadline and the integration's.
func (c *Lazy) Deadline() (time.Time, bool) {
	if d, ok := c.parent.Deadline(); ok && d.Before(c.deadline) {
		return d, true
	}
	return c.deadline, true
}

// Done starts the timer, once, and returns the channel closed when the context expires.
func (c *Lazy) Done() <-chan struct{} {
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
		// after the Store: Stop either sees t or is seen here, and cancels it
		if c.stopped.Load() {
			t.cancel()
		}
	}
	return t.ctx.Done()
}

// Err returns context.DeadlineExceeded once the deadline has passed, the parent's error once it
// is done, context.Canceled once stopped, else nil.
func (c *Lazy) Err() error {
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
func (c *Lazy) Value(key any) any { return c.parent.Value(key) }

// Stop cancels the context, as context.WithTimeout's cancel does, and releases the timer if one
// was started.
func (c *Lazy) Stop() {
	c.stopped.Store(true)
	if t := c.timed.Load(); t != nil {
		t.cancel()
	}
}
