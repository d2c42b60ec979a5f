package invoke

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// long is how long the functions that ignore their context would hold a caller that waited for
// them: the tests assert that invocations return well before.
const long = 30 * time.Second

// deaf returns a function that ignores its context and blocks until release is closed (or long
// has passed), and a channel that receives a value when it starts.
func deaf(release <-chan struct{}) (func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error), <-chan struct{}) {
	started := make(chan struct{}, 1000)
	return func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		started <- struct{}{}
		select {
		case <-release:
		case <-time.After(long):
		}
		return events.APIGatewayProxyResponse{StatusCode: 200, Body: "too late"}, nil
	}, started
}

// busy reports the Local's busy and idle workers.
func (l *Local) busy() (busy, idle int) {
	p := l.workers
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.busy, len(p.idle)
}

// waitIdle waits until no worker of l is busy.
func waitIdle(t *testing.T, l *Local) {
	t.Helper()
	for start := time.Now(); ; time.Sleep(time.Millisecond) {
		if busy, _ := l.busy(); busy == 0 {
			return
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("workers still busy")
		}
	}
}

func timedOutPayload(r *Result, secs string) string {
	return `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: ` + r.RequestID + ` Error: Task timed out after ` + secs + ` seconds"}`
}

// TestTimeoutEnforced: a function that ignores its context and blocks past its timeout answers
// Sandbox.Timedout at its timeout, through every path, and goes on running.
func TestTimeoutEnforced(t *testing.T) {
	release := make(chan struct{})
	h, started := deaf(release)
	var l Local
	register(t, &l, "deaf", h, WithTimeout(50*time.Millisecond))
	reg := &Registry{Local: &l}
	paths := map[string]func() (*Result, error){
		"json": func() (*Result, error) {
			return l.Invoke(context.Background(), &Invocation{Function: "deaf"})
		},
		"typed": func() (*Result, error) {
			resp, r, err := l.InvokeProxyEvent(context.Background(), "deaf", proxyEvent())
			if resp != nil {
				t.Errorf("typed: a response %+v", resp)
			}
			return r, err
		},
		"registry": func() (*Result, error) {
			return reg.Invoke(context.Background(), &Invocation{Function: "deaf"})
		},
		"registry typed": func() (*Result, error) {
			_, r, err := reg.InvokeProxyEvent(context.Background(), "deaf", proxyEvent())
			return r, err
		},
	}
	for name, call := range paths {
		start := time.Now()
		r, err := call()
		took := time.Since(start)
		if err != nil || r.StatusCode != 200 || r.FunctionError != "Unhandled" || string(r.Payload) != timedOutPayload(r, "0.05") {
			t.Errorf("%s: %v %+v", name, err, r)
		}
		if took < 50*time.Millisecond || took > long/3 {
			t.Errorf("%s: returned after %v, want 50ms, well before %v", name, took, long)
		}
		<-started
	}
	// the functions still run, each on its worker
	if busy, _ := l.busy(); busy != len(paths) {
		t.Errorf("%d workers busy, want %d", busy, len(paths))
	}
	close(release)
	waitIdle(t, &l)
	if _, idle := l.busy(); idle != len(paths) {
		t.Errorf("%d idle workers, want %d", idle, len(paths))
	}
}

// TestCallerGivesUp: the caller's deadline, and its cancellation, end the invocation with the
// context's error; the function goes on and its context is its own.
func TestCallerGivesUp(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	h, started := deaf(release)
	var l Local
	register(t, &l, "deaf", h, WithTimeout(time.Minute))

	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 50*time.Millisecond)
		}, context.DeadlineExceeded},
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"cancel later", func() (context.Context, context.CancelFunc) { // after watchDelay
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(5*watchDelay, cancel)
			return ctx, cancel
		}, context.Canceled},
	} {
		for path, call := range map[string]func(context.Context) (*Result, error){
			"json": func(ctx context.Context) (*Result, error) {
				return l.Invoke(ctx, &Invocation{Function: "deaf"})
			},
			"typed": func(ctx context.Context) (*Result, error) {
				_, r, err := l.InvokeProxyEvent(ctx, "deaf", proxyEvent())
				return r, err
			},
		} {
			ctx, cancel := tc.ctx()
			start := time.Now()
			r, err := call(ctx)
			took := time.Since(start)
			cancel()
			if !errors.Is(err, tc.want) || r != nil {
				t.Errorf("%s %s: %v %+v, want %v", tc.name, path, err, r, tc.want)
			}
			if took > long/3 {
				t.Errorf("%s %s: returned after %v, want well before %v", tc.name, path, took, long)
			}
			<-started
		}
	}
}

// TestConcurrencyLimit: the handlers running, given up on or not, count against MaxConcurrency
// and WithMaxConcurrency, and free their place when they return.
func TestConcurrencyLimit(t *testing.T) {
	release := make(chan struct{})
	h, started := deaf(release)
	l := &Local{MaxConcurrency: 3}
	register(t, l, "deaf", h, WithTimeout(10*time.Millisecond))
	register(t, l, "capped", h, WithTimeout(10*time.Millisecond), WithMaxConcurrency(1))
	register(t, l, "quick", func() (string, error) { return "ok", nil })

	r := invoke(t, l, "capped", "")
	if r.FunctionError != "Unhandled" {
		t.Fatalf("capped: %+v", r)
	}
	<-started
	// capped's one place is taken by the function still running
	if _, err := l.Invoke(context.Background(), &Invocation{Function: "capped"}); !errors.Is(err, ErrTooManyRequests) {
		t.Errorf("capped, second: %v, want ErrTooManyRequests", err)
	}
	for range 2 {
		if r := invoke(t, l, "deaf", ""); r.FunctionError != "Unhandled" {
			t.Fatalf("deaf: %+v", r)
		}
		<-started
	}
	// three handlers run: the Local is full, for Event invocations too
	for _, in := range []*Invocation{{Function: "quick"}, {Function: "quick", Async: true}} {
		if _, err := l.Invoke(context.Background(), in); !errors.Is(err, ErrTooManyRequests) {
			t.Errorf("%+v: %v, want ErrTooManyRequests", in, err)
		}
	}
	if _, _, err := l.InvokeProxyEvent(context.Background(), "deaf", proxyEvent()); !errors.Is(err, ErrTooManyRequests) {
		t.Errorf("typed: %v, want ErrTooManyRequests", err)
	}
	close(release)
	waitIdle(t, l)
	for _, fn := range []string{"quick", "capped"} {
		if _, err := l.Invoke(context.Background(), &Invocation{Function: fn}); err != nil {
			t.Errorf("%s after the handlers returned: %v", fn, err)
		}
	}
	if busy, idle := l.busy(); busy != 0 || idle != 3 {
		t.Errorf("%d busy, %d idle workers, want 0 and 3", busy, idle)
	}
}

// TestEventTimeout: an Event invocation whose function never returns is reported at its
// deadline, and Close waits for that report, not for the function.
func TestEventTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	h, _ := deaf(release)
	reported := make(chan *Result, 1)
	l := &Local{OnAsyncResult: func(_ *Invocation, r *Result) { reported <- r }}
	register(t, l, "deaf", h, WithTimeout(50*time.Millisecond))
	start := time.Now()
	r, err := l.Invoke(context.Background(), &Invocation{Function: "deaf", Async: true})
	if err != nil || r.StatusCode != 202 {
		t.Fatalf("%v %+v", err, r)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	select {
	case got := <-reported:
		if got.RequestID != r.RequestID || got.FunctionError != "Unhandled" || string(got.Payload) != timedOutPayload(got, "0.05") {
			t.Errorf("reported %+v", got)
		}
	default:
		t.Fatal("Close returned before the result was reported")
	}
	if took < 50*time.Millisecond || took > long/3 {
		t.Errorf("Close returned after %v, want 50ms, well before %v", took, long)
	}
}

// TestClose: Close is idempotent and safe to call at once from many goroutines; it refuses new
// invocations, lets the running ones finish, and ends the workers.
func TestClose(t *testing.T) {
	release := make(chan struct{})
	var l Local
	register(t, &l, "quick", func() (string, error) { return "ok", nil })
	register(t, &l, "slow", func() (string, error) { <-release; return "slow", nil })
	invoke(t, &l, "quick", "")
	slow := make(chan *Result)
	go func() { slow <- invoke(t, &l, "slow", "") }()
	for busy, _ := l.busy(); busy == 0; busy, _ = l.busy() {
		time.Sleep(time.Millisecond)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := l.Close(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for _, in := range []*Invocation{{Function: "quick"}, {Function: "quick", Async: true}} {
		if _, err := l.Invoke(context.Background(), in); !errors.Is(err, ErrClosed) {
			t.Errorf("%+v after Close: %v, want ErrClosed", in, err)
		}
	}
	if _, _, err := l.InvokeProxyEvent(context.Background(), "quick", proxyEvent()); !errors.Is(err, ErrNoEventHandler) {
		t.Errorf("typed, untyped function: %v", err)
	}
	if _, err := l.Invoke(context.Background(), &Invocation{Function: "nope"}); !errors.Is(err, ErrFunctionNotFound) {
		t.Errorf("unknown function after Close: %v", err)
	}
	if _, idle := l.busy(); idle != 0 {
		t.Errorf("%d idle workers after Close", idle)
	}
	close(release)
	if r := <-slow; string(r.Payload) != `"slow"` {
		t.Errorf("the invocation running at Close: %s", r.Payload)
	}
	waitIdle(t, &l)
	if _, idle := l.busy(); idle != 0 {
		t.Errorf("%d idle workers after Close", idle)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	// A Local closed before any Register.
	var fresh Local
	if err := fresh.Close(); err != nil {
		t.Fatal(err)
	}
	register(t, &fresh, "quick", func() (string, error) { return "ok", nil })
	if _, err := fresh.Invoke(context.Background(), &Invocation{Function: "quick"}); !errors.Is(err, ErrClosed) {
		t.Errorf("registered after Close: %v, want ErrClosed", err)
	}
}

// TestGoexit: a handler that calls runtime.Goexit never answers: its invocation times out and
// its worker is not counted any more.
func TestGoexit(t *testing.T) {
	var l Local
	register(t, &l, "goexit", func() error { runtime.Goexit(); return nil }, WithTimeout(20*time.Millisecond))
	r := invoke(t, &l, "goexit", "")
	if r.FunctionError != "Unhandled" || string(r.Payload) != timedOutPayload(r, "0.02") {
		t.Errorf("%+v", r)
	}
	waitIdle(t, &l)
	if _, idle := l.busy(); idle != 0 {
		t.Errorf("%d idle workers, want 0", idle)
	}
}

// TestManyConcurrent: many concurrent invocations, quick, timing out and given up by their
// callers, through both paths, each get their own answer; afterwards no worker is busy and at
// most MaxConcurrency wait.
func TestManyConcurrent(t *testing.T) {
	l := &Local{MaxConcurrency: 64}
	register(t, l, "echo", func(ctx context.Context, g greeting) (greeting, error) { return g, nil })
	register(t, l, "proxy", proxyHandler)
	register(t, l, "sleepy", func(ctx context.Context, g greeting) (greeting, error) {
		time.Sleep(5 * time.Millisecond)
		return g, nil
	}, WithTimeout(2*time.Millisecond))
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 100 {
				want := fmt.Sprintf(`{"name":"g%d-%d"}`, g, i)
				ctx := context.Background()
				var cancel context.CancelFunc = func() {}
				if i%7 == 0 {
					ctx, cancel = context.WithTimeout(ctx, time.Millisecond)
				}
				switch i % 3 {
				case 0:
					r, err := l.Invoke(ctx, &Invocation{Function: "echo", Payload: []byte(want)})
					switch {
					case errors.Is(err, context.DeadlineExceeded), errors.Is(err, ErrTooManyRequests):
					case err != nil || string(r.Payload) != want:
						t.Errorf("echo: %v %+v", err, r)
					}
				case 1:
					e := proxyEvent()
					e.PathParameters["petId"] = want
					resp, _, err := l.InvokeProxyEvent(ctx, "proxy", e)
					switch {
					case errors.Is(err, context.DeadlineExceeded), errors.Is(err, ErrTooManyRequests):
					case err != nil || resp.Body != `{"pet":"`+want+`","tag":"a","host":"api.example.com"}`:
						t.Errorf("proxy: %v %+v", err, resp)
					}
				case 2:
					r, err := l.Invoke(ctx, &Invocation{Function: "sleepy", Payload: []byte(want)})
					switch {
					case errors.Is(err, context.DeadlineExceeded), errors.Is(err, ErrTooManyRequests):
					case err != nil || r.FunctionError != "Unhandled" && string(r.Payload) != want:
						t.Errorf("sleepy: %v %+v", err, r)
					}
				}
				cancel()
			}
		})
	}
	wg.Wait()
	waitIdle(t, l)
	if _, idle := l.busy(); idle > 64 {
		t.Errorf("%d idle workers, over MaxConcurrency", idle)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}

// slowTake is a job whose worker takes it only once gate is closed.
type slowTake struct {
	invocation
	gate   chan struct{}
	called bool
}

func (j *slowTake) run(w *worker) {
	<-j.gate
	if w.take() {
		j.called = true
	}
}

// TestWithdrawn: a caller that gives up before its worker has taken the job waits until it has
// (the worker may be reading the caller's event), and the function is not called; the worker
// serves the next job.
func TestWithdrawn(t *testing.T) {
	p := newPool(0, 0)
	f := &function{arn: "arn:aws:lambda:us-east-1:123456789012:function:fn", timeout: time.Minute, workers: p}
	w, err := p.acquire(f, false)
	if err != nil {
		t.Fatal(err)
	}
	j := &slowTake{gate: make(chan struct{})}
	j.init(f, f.arn)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	const hold = 50 * time.Millisecond
	time.AfterFunc(hold, func() { close(j.gate) })
	start := time.Now()
	if err := w.exec(ctx, j); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("exec: %v, want context.DeadlineExceeded", err)
	}
	if took := time.Since(start); took < hold {
		t.Errorf("exec returned after %v, before the worker took the job", took)
	}
	if j.called {
		t.Error("the function was called")
	}
	for start := time.Now(); ; time.Sleep(time.Millisecond) {
		p.mu.Lock()
		busy, idle := p.busy, len(p.idle)
		p.mu.Unlock()
		if busy == 0 && idle == 1 {
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("%d busy, %d idle workers", busy, idle)
		}
	}
	w, err = p.acquire(f, false)
	if err != nil {
		t.Fatal(err)
	}
	j = &slowTake{gate: make(chan struct{})}
	j.init(f, f.arn)
	close(j.gate)
	if err := w.exec(context.Background(), j); err != nil || !j.called {
		t.Errorf("the next job: %v, called %v", err, j.called)
	}
	p.close()
}

// TestDroppedLocal: a Local dropped without Close ends its idle workers once collected.
func TestDroppedLocal(t *testing.T) {
	l := &Local{}
	register(t, l, "fn", func() {})
	invoke(t, l, "fn", "")
	p := l.workers
	l = nil
	for start := time.Now(); ; time.Sleep(time.Millisecond) {
		runtime.GC()
		p.mu.Lock()
		closed, idle := p.closed, len(p.idle)
		p.mu.Unlock()
		if closed && idle == 0 {
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("the dropped Local's pool is still open")
		}
	}
}
