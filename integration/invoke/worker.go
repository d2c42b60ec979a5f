package invoke

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// The concurrency model of a Local: every function runs on a worker, a goroutine of the Local's
// pool, while its caller waits for it, for its timeout or for the caller's context, whichever
// comes first. A worker whose function has returned goes back to the pool and waits for the
// next invocation, warm, as Lambda keeps an execution environment; a worker whose invocation was
// given up stays busy until its function returns. Busy workers are the Local's concurrent
// executions, which MaxConcurrency (and a function's WithMaxConcurrency) bound.
//
// A worker and its caller meet through two channels and a state. The caller sets the state to
// handed, sends the job on jobs and waits on wake. The worker takes what it needs of the
// caller's (the event of a typed invocation, which the caller may reuse once it returns), moves
// the state to running and calls the function; when the function has returned, it moves the
// state to returned and sends true on wake, and the caller puts the worker back in the pool. A
// caller that stops waiting moves the state from running to abandoned, and the worker, finding
// it so, puts itself back; whichever moves the state first decides. A caller that stops waiting
// before the worker has taken the job (the state is still handed) moves it to withdrawn and
// waits for the worker's true: the worker then does not call the function.
//
// The caller's clock is the worker's timer, set with AfterFunc, which sends false on wake when
// it fires. It is set for the earliest of the function's deadline, the caller's deadline
// (ctx.Deadline) and watchDelay after the start, and left alone when it is already set to fire
// by then: an invocation that returns early, most of them, neither sets nor stops a timer, and
// a timer that fires for an invocation that has ended only wakes the next one on that worker,
// which reads the clock, finds nothing due and waits on. Only an invocation still running
// watchDelay after its start calls ctx.Done and waits on it: a context's Done can start a timer
// of its own (context.WithDeadline's, the integrations' deadline contexts), which the
// invocations that return sooner then never pay for. So a caller's deadline is kept to the
// timer's precision, and a context cancelled without a deadline (a client that went away) ends
// the wait at the latest watchDelay after the invocation started.

// watchDelay is how long an invocation runs before its caller watches ctx.Done (see above).
const watchDelay = 10 * time.Millisecond

// errTimedOut reports an invocation given up at the function's deadline.
var errTimedOut = errors.New("invoke: task timed out")

// job is one invocation as a worker runs it.
type job interface {
	// run calls the function, on w's goroutine, once w.take has said so.
	run(w *worker)
	base() *invocation
}

// States of a worker's job.
const (
	handed    uint32 = iota // sent to the worker
	running                 // taken by the worker (see take)
	returned                // the function has returned
	abandoned               // given up by the caller once running
	withdrawn               // given up by the caller while handed
)

// worker runs one job at a time.
type worker struct {
	pool  *pool
	jobs  chan job  // the next job; closed when the pool is done with the worker
	wake  chan bool // true when the job's function returned, false when timer fired
	timer *time.Timer
	// fireAt is when timer fires, as last set. Only the worker's caller reads and writes it.
	fireAt time.Time
	state  atomic.Uint32
}

// pool is a Local's workers, and the count of its Event invocations in flight.
type pool struct {
	mu       sync.Mutex
	idle     []*worker
	busy     int // workers running a function
	max      int // the most busy workers
	closed   bool
	async    int            // Event invocations in flight
	maxAsync int            // the most of them
	asyncWG  sync.WaitGroup // counts them, for Close
}

func newPool(maxConcurrency, maxAsync int) *pool {
	if maxConcurrency <= 0 {
		maxConcurrency = DefaultMaxConcurrency
	}
	if maxAsync <= 0 {
		maxAsync = DefaultMaxAsync
	}
	return &pool{max: maxConcurrency, maxAsync: maxAsync}
}

// acquire returns a worker for an invocation of f (an Event invocation when async), an idle one
// or a new one. Beyond the limits it fails with ErrTooManyRequests; once the pool is closed,
// with ErrClosed.
func (p *pool) acquire(f *function, async bool) (*worker, error) {
	if f.maxConcurrency > 0 && f.running.Add(1) > int32(f.maxConcurrency) {
		f.running.Add(-1)
		return nil, fmt.Errorf("%w: ReservedFunctionConcurrentInvocationLimitExceeded: %s: %d executions running", ErrTooManyRequests, f.arn, f.maxConcurrency)
	}
	p.mu.Lock()
	var w *worker
	var err error
	switch n := len(p.idle); {
	case p.closed:
		err = ErrClosed
	case async && p.async >= p.maxAsync:
		err = fmt.Errorf("%w: %s: %d Event invocations in flight", ErrTooManyRequests, f.arn, p.maxAsync)
	case n > 0:
		w = p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
	case p.busy < p.max:
		w = p.newWorker()
	default:
		err = fmt.Errorf("%w: ConcurrentInvocationLimitExceeded: %s: %d executions running", ErrTooManyRequests, f.arn, p.max)
	}
	if err != nil {
		p.mu.Unlock()
		f.release()
		return nil, err
	}
	p.busy++
	if async {
		p.async++
		p.asyncWG.Add(1)
	}
	p.mu.Unlock()
	return w, nil
}

// newWorker starts a worker. p.mu is held.
func (p *pool) newWorker() *worker {
	w := &worker{pool: p, jobs: make(chan job), wake: make(chan bool, 2)}
	w.timer = time.AfterFunc(time.Hour, w.tick)
	w.timer.Stop()
	go w.loop()
	return w
}

// put takes back a worker whose function has returned; the worker ends if the pool is closed.
func (p *pool) put(w *worker) {
	p.mu.Lock()
	p.busy--
	if p.closed {
		p.mu.Unlock()
		close(w.jobs)
		return
	}
	p.idle = append(p.idle, w)
	p.mu.Unlock()
}

// lost forgets a busy worker whose goroutine has ended (its function called runtime.Goexit).
func (p *pool) lost() {
	p.mu.Lock()
	p.busy--
	p.mu.Unlock()
}

// asyncDone counts an Event invocation out, once reported.
func (p *pool) asyncDone() {
	p.mu.Lock()
	p.async--
	p.mu.Unlock()
	p.asyncWG.Done()
}

// close refuses new invocations, ends the idle workers and waits for the Event invocations in
// flight to be reported. Busy workers end when their function returns.
func (p *pool) close() {
	p.mu.Lock()
	idle := p.idle
	p.idle, p.closed = nil, true
	p.mu.Unlock()
	for _, w := range idle {
		close(w.jobs)
	}
	p.asyncWG.Wait()
}

// tick is the timer's function: it wakes the caller, unless a wake is already pending.
func (w *worker) tick() {
	select {
	case w.wake <- false:
	default:
	}
}

// loop runs the jobs it is given until the pool is done with it.
func (w *worker) loop() {
	for j := range w.jobs {
		w.serve(j)
	}
	w.timer.Stop()
}

// serve runs j, then hands the worker back: to the caller when it is waiting, else to the pool.
func (w *worker) serve(j job) {
	inv := j.base()
	ok := false
	defer func() {
		inv.end()
		inv.f.release()
		switch {
		case !ok: // runtime.Goexit: the goroutine ends; its caller waits for the deadline
			w.pool.lost()
		case w.state.CompareAndSwap(running, returned):
			w.wake <- true
		case w.state.Load() == withdrawn: // the caller waits for this
			w.wake <- true
			w.pool.put(w)
		default: // abandoned
			w.pool.put(w)
		}
	}()
	j.run(w)
	ok = true
}

// take tells the caller that the worker has taken what it needs of the caller's, and reports
// whether to call the function: false when the caller has given up already.
func (w *worker) take() bool {
	return w.state.CompareAndSwap(handed, running)
}

// exec runs j on w and waits for it: nil once the function has returned, errTimedOut once its
// deadline has passed, ctx's error once ctx is done, whichever comes first. The function's
// clock starts here.
func (w *worker) exec(ctx context.Context, j job) error {
	inv := j.base()
	start := inv.start()
	deadline := inv.ctx.deadline()
	watchAt := start.Add(watchDelay)
	ctxDeadline, hasDeadline := ctx.Deadline()
	watching := false
	// when to look next: at the function's deadline and, until watching ctx.Done, at watchAt
	// and ctx's deadline
	next := func() time.Time {
		t := deadline
		if !watching && watchAt.Before(t) {
			t = watchAt
		}
		if !watching && hasDeadline && ctxDeadline.Before(t) {
			t = ctxDeadline
		}
		return t
	}
	w.arm(start, next())
	w.state.Store(handed)
	w.jobs <- j

	var done <-chan struct{} // ctx.Done, once watching
	for {
		if !watching {
			if <-w.wake {
				break
			}
		} else {
			var r bool
			select {
			case r = <-w.wake:
			case <-done:
				return w.abandon(ctx.Err())
			}
			if r {
				break
			}
		}
		// the timer fired: for this invocation or an earlier one
		now := time.Now()
		if !now.Before(deadline) {
			return w.abandon(errTimedOut)
		}
		if err := ctx.Err(); err != nil {
			return w.abandon(err)
		}
		if !watching && hasDeadline && !now.Before(ctxDeadline) { // before ctx's own timer says so
			return w.abandon(context.DeadlineExceeded)
		}
		if !watching && !now.Before(watchAt) {
			watching, done = true, ctx.Done()
		}
		w.arm(now, next())
	}
	w.pool.put(w)
	return nil
}

// arm makes the timer fire at the latest at at, unless it is set to fire between now and at.
func (w *worker) arm(now, at time.Time) {
	if w.fireAt.After(now) && !w.fireAt.After(at) {
		return
	}
	w.timer.Reset(at.Sub(now))
	w.fireAt = at
}

// abandon stops waiting for the function and returns err; if the function has returned first,
// it takes the worker back and returns nil. When the worker has not taken the job yet, it waits
// until it has: the worker may be reading the caller's event.
func (w *worker) abandon(err error) error {
	switch {
	case w.state.CompareAndSwap(running, abandoned):
		return err
	case w.state.CompareAndSwap(handed, withdrawn):
		for !<-w.wake {
		}
		return err
	}
	// returned
	for !<-w.wake {
	}
	w.pool.put(w)
	return nil
}
