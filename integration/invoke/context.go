package invoke

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// invocationCtx is the context a function runs in: a deadline and a LambdaContext, as the
// runtime's context.WithDeadline plus lambdacontext.NewContext, inside the invocation's one
// allocation (see invocation) and without a timer for the functions that never watch their
// context. The timer is the cost: creating and stopping one is most of an invocation's overhead
// on the typed path. The first call of Done or AfterFunc (which context.WithCancel, WithTimeout
// and AfterFunc make on a parent) creates the standard context.WithDeadline it stands for, and
// from then on the context is that one; before it, Err reads the monotonic clock. When the
// invocation returns, the context ends (Canceled, or DeadlineExceeded if the deadline had
// passed), as the runtime's does.
type invocationCtx struct {
	start   time.Time     // when the function started, with the monotonic reading time.Now takes
	timeout time.Duration // the function's: its deadline is start + timeout
	lc      lambdacontext.LambdaContext
	id      [36]byte // the bytes of lc.AwsRequestID

	inner atomic.Pointer[context.Context] // the standard context, once made
	mu    sync.Mutex                      // guards making inner, cancel and ended
	// cancel cancels inner; ended is the error of an invocation that returned before inner
	// was made.
	cancel context.CancelFunc
	ended  error
}

// init prepares c for an invocation by arn of a function with timeout, under a fresh request id.
// It runs before anyone sees c: lc.AwsRequestID is a string over c.id, which newRequestID writes
// here, once, and nothing writes again, so the string's bytes never change, as Go's strings'
// must not.
func (c *invocationCtx) init(timeout time.Duration, arn string) {
	c.timeout = timeout
	c.lc = lambdacontext.LambdaContext{AwsRequestID: newRequestID(&c.id), InvokedFunctionArn: arn}
}

// lambdaContextKey is the key lambdacontext.NewContext stores its LambdaContext under
// (unexported there), learnt by asking lambdacontext.FromContext for it: Value answers it with
// &lc, as lambdacontext.NewContext(Background, &lc) would, without a context.WithValue.
var lambdaContextKey = func() any {
	var k keyProbe
	lambdacontext.FromContext(&k)
	return k.key
}()

// keyProbe is a context that records the key it is asked for.
type keyProbe struct {
	context.Context
	key any
}

func (p *keyProbe) Value(key any) any { p.key = key; return nil }

func (c *invocationCtx) Deadline() (time.Time, bool) { return c.deadline(), true }

// deadline is the function's deadline, start + timeout, with start's monotonic reading.
func (c *invocationCtx) deadline() time.Time { return c.start.Add(c.timeout) }

// expired reports whether the deadline has passed. time.Since on start, which has a monotonic
// reading, reads only the monotonic clock, which costs about half of what time.Now does.
func (c *invocationCtx) expired() bool { return time.Since(c.start) >= c.timeout }

func (c *invocationCtx) Value(key any) any {
	if key == lambdaContextKey && key != nil {
		return &c.lc
	}
	return nil
}

func (c *invocationCtx) Done() <-chan struct{} { return c.standard().Done() }

// AfterFunc lets the context package attach children (context.WithCancel(ctx), ...) and
// context.AfterFunc calls to the standard context without a goroutine each.
func (c *invocationCtx) AfterFunc(f func()) func() bool { return context.AfterFunc(c.standard(), f) }

func (c *invocationCtx) Err() error {
	if p := c.inner.Load(); p != nil {
		return (*p).Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.inner.Load(); p != nil {
		return (*p).Err()
	}
	if c.ended != nil {
		return c.ended
	}
	if c.expired() {
		return context.DeadlineExceeded
	}
	return nil
}

func (c *invocationCtx) String() string { return "invoke.invocationCtx" }

// standard returns the standard context, making it on first use in the state c is in.
func (c *invocationCtx) standard() context.Context {
	if p := c.inner.Load(); p != nil {
		return *p
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.inner.Load(); p != nil {
		return *p
	}
	ctx, cancel := context.WithDeadline(context.Background(), c.deadline())
	if c.ended == context.Canceled {
		cancel()
	}
	c.cancel = cancel
	c.inner.Store(&ctx)
	return ctx
}

// end ends the context when the invocation has returned, after its deadline if expired.
func (c *invocationCtx) end(expired bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		c.cancel()
		return
	}
	if expired {
		c.ended = context.DeadlineExceeded
	} else {
		c.ended = context.Canceled
	}
}
