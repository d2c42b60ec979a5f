package invoke

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambda/messages"

	"github.com/apigate/apigate/integration/invoke/internal/funcref"
	"github.com/apigate/apigate/internal/awspartition"
)

// Defaults of a Local.
const (
	// DefaultRegion and DefaultAccount complete the ARN of a function registered by name.
	DefaultRegion  = "us-east-1"
	DefaultAccount = "123456789012"
	// DefaultTimeout is Lambda's default function timeout (and SAM's).
	DefaultTimeout = 3 * time.Second
	// DefaultMaxConcurrency bounds the handlers running at once: Lambda's default
	// concurrency limit for an account in a region.
	DefaultMaxConcurrency = 1000
	// DefaultMaxAsync bounds the Event invocations in flight.
	DefaultMaxAsync = 64
)

// Local runs Go Lambda handlers in-process. Its zero value is ready to use; set its fields before
// the first Register. It is safe for concurrent use: Register may run alongside invocations.
// Close it when done with it.
//
// # What the function sees
//
// Each invocation runs the handler in a context that carries a lambdacontext.LambdaContext (a
// fresh UUID for AwsRequestID, also the Result's RequestID, and InvokedFunctionArn, the full ARN
// the function was invoked by, qualifier included) and the function's deadline. That context
// does not derive from the caller's, as on Lambda, where a caller that goes away (API Gateway's
// 29-second integration timeout, a client that hangs up) does not stop the function: it runs
// until it returns or its own timeout passes. The package variables of lambdacontext
// (FunctionName, MemoryLimitInMB, ...) are process-wide and are left alone, and the context has
// no "x-amzn-trace-id" value.
//
// A handler that takes the events structs is invoked by lambda.Proxy through the typed path
// (InvokeProxyEvent, InvokeHTTPEvent), without JSON, and its event is then not wholly its own:
// the multi-value maps of a 1.0 event and their slices are the gateway's request's. The handler
// must not write to them, nor use them once it has returned or its invocation has timed out,
// unless it copied them while invoked (see "The typed fast path" on lambda.Proxy).
//
// # Timeouts and concurrency
//
// A function's timeout is Lambda's (3 seconds unless set with Timeout or WithTimeout); API
// Gateway's integration timeout is the caller's context and applies separately. An
// invocation runs its handler on a worker, a goroutine of the Local's, while the caller waits,
// so that:
//   - at the function's deadline the invocation returns the Result Lambda reports, whether or
//     not the handler has returned: FunctionError "Unhandled" and
//     {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: ... Error: Task timed out after
//     3.00 seconds"} (so does a handler that returns after its deadline);
//   - when the caller's context is done first, the invocation returns its error (wrapped), as
//     the Invoke API call would fail. The caller's deadline is kept to the timer's precision; a
//     cancellation without a deadline (a client that went away) is seen at the latest 10 ms
//     after the invocation started;
//   - either way the handler goes on running, as on Lambda, where nothing stops a function
//     before its timeout, and here nothing stops it at all (Go cannot stop a goroutine): its
//     context is done at its deadline, and it runs until it returns. (A caller that gives up
//     before the worker has started the handler, under heavy load, leaves it uncalled.)
//
// A worker whose handler has returned waits for the next invocation, warm, as Lambda keeps an
// execution environment, until Close: a Local keeps as many idle workers as it ever had
// handlers running at once (one that is dropped without Close ends them once garbage
// collected). Every handler running, including those whose invocation was given up,
// counts against MaxConcurrency, Lambda's concurrency limit (1,000 by default, Lambda's default
// per account and region), and against its function's WithMaxConcurrency, as reserved
// concurrency caps a function on Lambda; an invocation beyond either fails with
// ErrTooManyRequests (the Invoke API's TooManyRequestsException) without running. So a
// function that never returns holds one worker per invocation, and at most MaxConcurrency of
// them: nothing grows without bound.
//
// # Event invocations
//
// An Event invocation (Invocation.Async) returns at once with status 202, and the function
// runs on a worker, counted as any, while a goroutine of the Local waits for it as a caller
// would, with no context of its own. At most MaxAsync are in flight; beyond, Invoke fails with
// ErrTooManyRequests. Its Result, the function's or, at its deadline, the timeout's, goes to
// OnAsyncResult, and nowhere else: without OnAsyncResult it is dropped (Local does not log).
//
// # Failures
//
// A returned error and a panic become, with FunctionError "Unhandled", the payloads
// aws-lambda-go's runtime reports, byte for byte: {"errorMessage":"<err.Error()>","errorType":
// "<the error's type name, without package or pointer>"}, and for a panic the value printed with
// %v, its type, and "stackTrace", the runtime's 32 frames from where the panic was recovered
// (the first two frames, the recovering code, are this package's rather than the runtime's, and
// so are the frames of the callers of the handler). After a panic the runtime exits and Lambda
// starts a fresh execution environment; here the process goes on, with the function's package
// state as the panic left it. A handler that calls runtime.Goexit never answers: its invocation
// times out, and its worker ends.
//
// # Closing
//
// Close refuses new invocations (ErrClosed), ends the idle workers and waits for the Event
// invocations in flight to be reported, each at the latest at its function's deadline. It does
// not wait for synchronous invocations, whose callers return by their deadlines (the gateway
// waits for its requests before it closes its integrations), nor for handlers still running
// after their invocation was given up: their workers end when they return.
type Local struct {
	// Region and Account complete the ARN of a function registered by name (DefaultRegion and
	// DefaultAccount when empty); a function registered by ARN keeps its own.
	Region, Account string
	// Timeout is the functions' timeout, DefaultTimeout when zero; WithTimeout sets one
	// function's.
	Timeout time.Duration
	// MaxConcurrency bounds the handlers running at once, synchronous and Event, including
	// those whose invocation was given up (DefaultMaxConcurrency when zero); beyond it an
	// invocation fails with ErrTooManyRequests.
	MaxConcurrency int
	// MaxAsync bounds the Event invocations in flight (DefaultMaxAsync when zero); beyond it
	// Invoke fails with ErrTooManyRequests.
	MaxAsync int
	// OnAsyncResult, when set, is called with the Result of every Event invocation once the
	// function has returned or its deadline has passed, on a goroutine of the Local. When nil,
	// the results are dropped.
	OnAsyncResult func(in *Invocation, r *Result)

	mu      sync.Mutex                             // serializes Register and Close
	fns     atomic.Pointer[map[string][]*function] // by name; replaced, never modified
	workers *pool                                  // made by the first Register or Close
}

// FunctionOption configures one registered function.
type FunctionOption func(*function)

// WithTimeout sets the function's timeout, overriding Local.Timeout.
func WithTimeout(d time.Duration) FunctionOption {
	return func(f *function) { f.timeout = d }
}

// WithMaxConcurrency bounds the function's handlers running at once, including those whose
// invocation was given up, as reserved concurrency does on Lambda (but the n are not set aside
// from the Local's MaxConcurrency); beyond it an invocation fails with ErrTooManyRequests.
func WithMaxConcurrency(n int) FunctionOption {
	return func(f *function) { f.maxConcurrency = n }
}

// function is a registered handler.
type function struct {
	ref                        funcref.Ref // as registered
	partition, region, account string      // where it lives
	arn, qualifiedARN          string      // its ARN, and with ref.Qualifier when there is one
	timeout                    time.Duration
	maxConcurrency             int          // WithMaxConcurrency's, 0 when not set
	workers                    *pool        // its Local's
	running                    atomic.Int32 // handlers running, when maxConcurrency is set

	// Exactly one of handlers and handler is set. handlers holds those made by lambda.NewHandler:
	// each is used by one invocation at a time, because the bytes it returns are a buffer that
	// its next invocation reuses (aws-lambda-go v1.55.1; its pull request #639). handler is a
	// lambda.Handler given to Register; serial guards it when it is one made by
	// lambda.NewHandler, for the same reason.
	handlers *sync.Pool
	handler  lambda.Handler
	serial   *sync.Mutex

	// The typed fast path, when the handler takes and returns the events structs.
	proxy func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)
	v2    func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)
}

// Register binds a handler to a function name or ARN, optionally qualified:
//
//	app                                                 every invocation of app
//	app:live                                            app's alias (or version) live only
//	arn:aws:lambda:eu-west-1:111122223333:function:app  app in that region and account only
//	111122223333:function:app                           app in that account only
//
// An invocation runs the most specific registration that matches it: one registered with its
// qualifier before one without, one registered by ARN before one by name. The parts an invocation
// leaves out match anything: "app" and "app:live" both reach a function registered by ARN. The
// same registration twice is an error.
//
// handler is anything lambda.NewHandler accepts: a function of (), (ctx), (event) or (ctx,
// event) returning (), (error), or (value, error), or a lambda.Handler. Events and values go
// through JSON exactly as on Lambda. A signature the runtime would reject at every invocation is
// rejected here, with the runtime's message. Handlers of exactly
//
//	func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)
//	func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)
//
// (or either without the context, or a named type of one of these) can also be called without
// JSON, through InvokeProxyEvent and InvokeHTTPEvent.
func (l *Local) Register(name string, handler any, opts ...FunctionOption) error {
	ref, ok := funcref.Parse(name)
	if !ok {
		return fmt.Errorf("invoke: register %q: not a function name, partial ARN or ARN", name)
	}
	f := &function{ref: ref, timeout: l.Timeout, partition: ref.Partition, region: ref.Region, account: ref.Account}
	if f.region == "" {
		f.region = cmp.Or(l.Region, DefaultRegion)
	}
	if f.account == "" {
		f.account = cmp.Or(l.Account, DefaultAccount)
	}
	if f.partition == "" {
		f.partition = awspartition.ForRegion(f.region).Name
	}
	home := funcref.Ref{Partition: f.partition, Region: f.region, Account: f.account, Name: ref.Name}
	f.arn = home.String()
	if ref.Qualifier != "" {
		f.qualifiedARN = f.arn + ":" + ref.Qualifier
	}
	for _, o := range opts {
		o(f)
	}
	if f.timeout <= 0 {
		f.timeout = DefaultTimeout
	}
	if err := f.setHandler(handler); err != nil {
		return fmt.Errorf("invoke: register %s: %w", name, err)
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	if l.workers == nil {
		l.workers = newPool(l.MaxConcurrency, l.MaxAsync)
		// a Local dropped without Close ends its idle workers once collected
		runtime.AddCleanup(l, (*pool).close, l.workers)
	}
	f.workers = l.workers
	var m map[string][]*function
	if old := l.fns.Load(); old != nil {
		for _, g := range (*old)[ref.Name] {
			if g.ref == ref {
				return fmt.Errorf("invoke: register %s: already registered", name)
			}
		}
		m = make(map[string][]*function, len(*old)+1)
		for k, v := range *old {
			m[k] = v
		}
	} else {
		m = make(map[string][]*function, 1)
	}
	fs := m[ref.Name]
	m[ref.Name] = append(fs[:len(fs):len(fs)], f)
	l.fns.Store(&m)
	return nil
}

// sharedHandlerType is the type lambda.NewHandler returns, whose results alias its buffers.
var sharedHandlerType = reflect.TypeOf(lambda.NewHandler(nil))

func (f *function) setHandler(h any) error {
	if h == nil {
		return errors.New("handler is nil") // the runtime's message
	}
	if lh, ok := h.(lambda.Handler); ok {
		f.handler = lh
		if reflect.TypeOf(lh) == sharedHandlerType {
			f.serial = new(sync.Mutex)
		}
		return nil
	}
	if err := validateHandler(reflect.TypeOf(h)); err != nil {
		return err
	}
	f.handlers = &sync.Pool{New: func() any { return lambda.NewHandler(h) }}
	f.setTyped(h)
	return nil
}

// validateHandler rejects what the runtime's reflectHandler rejects, with its messages
// (handlerTakesContext and validateReturns in aws-lambda-go's lambda/handler.go).
func validateHandler(t reflect.Type) error {
	if t.Kind() != reflect.Func {
		return fmt.Errorf("handler kind %s is not %s", t.Kind(), reflect.Func)
	}
	contextType := reflect.TypeFor[context.Context]()
	switch t.NumIn() {
	case 0:
	case 1:
		arg := t.In(0)
		if arg.Kind() == reflect.Interface && arg.NumMethod() != 0 &&
			(!contextType.Implements(arg) || !arg.Implements(contextType)) {
			return fmt.Errorf("handler takes an interface, but it is not context.Context: %q", arg.Name())
		}
	case 2:
		arg := t.In(0)
		if arg.Kind() != reflect.Interface || !contextType.Implements(arg) || !arg.Implements(contextType) {
			return fmt.Errorf("handler takes two arguments, but the first is not Context. got %s", arg.Kind())
		}
	default:
		return fmt.Errorf("handlers may not take more than two arguments, but handler takes %d", t.NumIn())
	}
	errorType := reflect.TypeFor[error]()
	switch n := t.NumOut(); {
	case n > 2:
		return errors.New("handler may not return more than two values")
	case n > 1:
		if !t.Out(1).Implements(errorType) {
			return errors.New("handler returns two values, but the second does not implement error")
		}
	case n == 1:
		if !t.Out(0).Implements(errorType) {
			return errors.New("handler returns a single value, but it does not implement error")
		}
	}
	return nil
}

// find returns the registration that serves ref, or nil.
func (l *Local) find(ref funcref.Ref) *function {
	m := l.fns.Load()
	if m == nil {
		return nil
	}
	var best *function
	bestScore := -1
	for _, f := range (*m)[ref.Name] {
		score, ok := f.match(ref)
		if ok && score > bestScore {
			best, bestScore = f, score
		}
	}
	return best
}

// match reports whether f serves ref, and how specifically: 2 for a registered qualifier, plus 1
// for a registered region or account.
func (f *function) match(ref funcref.Ref) (int, bool) {
	r := f.ref
	if r.Qualifier != "" && r.Qualifier != ref.Qualifier ||
		r.Partition != "" && ref.Partition != "" && r.Partition != ref.Partition ||
		r.Region != "" && ref.Region != "" && r.Region != ref.Region ||
		r.Account != "" && ref.Account != "" && r.Account != ref.Account {
		return 0, false
	}
	score := 0
	if r.Qualifier != "" {
		score += 2
	}
	if r.Account != "" {
		score++
	}
	return score, true
}

// lookup finds the function fn names.
func (l *Local) lookup(fn string) (*function, funcref.Ref, bool) {
	ref, ok := funcref.Parse(fn)
	if !ok {
		return nil, ref, false
	}
	f := l.find(ref)
	return f, ref, f != nil
}

// release counts a handler of f out when it returns, if f's concurrency is bounded.
func (f *function) release() {
	if f.maxConcurrency > 0 {
		f.running.Add(-1)
	}
}

func notFound(fn string) error {
	return fmt.Errorf("%w: %s", ErrFunctionNotFound, fn)
}

// invokedARN is the ARN an invocation by ref reaches f by, as the function sees it in
// InvokedFunctionArn: f's ARN with the invocation's qualifier, and the invocation's region and
// account if it named them.
func (f *function) invokedARN(ref funcref.Ref) string {
	if (ref.Partition == "" || ref.Partition == f.partition) &&
		(ref.Region == "" || ref.Region == f.region) &&
		(ref.Account == "" || ref.Account == f.account) {
		switch ref.Qualifier {
		case "":
			return f.arn
		case f.ref.Qualifier:
			return f.qualifiedARN
		}
	}
	return ref.ARN(f.partition, f.region, f.account)
}

// Invoke runs the function in.Function names and returns what it answered, or the timeout's
// Result at its deadline, or the error of ctx once ctx is done (see Local's doc):
//   - a function registered here that matches none (see Register) is ErrFunctionNotFound;
//   - a payload over MaxPayload (MaxAsyncPayload for Event) is ErrRequestTooLarge and one that
//     is not JSON is ErrInvalidRequestContent, as the Invoke API answers; an empty payload is
//     the event {};
//   - beyond the concurrency limits it is ErrTooManyRequests, and after Close ErrClosed;
//   - a response over MaxResponsePayload fails as on Lambda (FunctionError Unhandled,
//     errorType Function.ResponseSizeTooLarge).
//
// With in.Async the function runs in the background and the Result, status 202, has no
// payload; Invoke copies the payload. Otherwise the function reads in.Payload, maybe after
// Invoke has returned, if it was given up on.
func (l *Local) Invoke(ctx context.Context, in *Invocation) (*Result, error) {
	f, ref, ok := l.lookup(in.Function)
	if !ok {
		return nil, notFound(in.Function)
	}
	return l.invoke(ctx, f, ref, in)
}

func (l *Local) invoke(ctx context.Context, f *function, ref funcref.Ref, in *Invocation) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	payload := in.Payload
	limit := MaxPayload
	if in.Async {
		limit = MaxAsyncPayload
	}
	if len(payload) > limit {
		return nil, fmt.Errorf("%w (%s)", requestTooLarge(limit), in.Function)
	}
	if len(payload) == 0 {
		payload = emptyEvent
	} else if !json.Valid(payload) {
		return nil, fmt.Errorf("%w: %s", ErrInvalidRequestContent, in.Function)
	}
	if in.Async {
		return l.invokeAsync(f, ref, in, payload)
	}
	w, err := f.workers.acquire(f, false)
	if err != nil {
		return nil, err
	}
	j := &jsonInvocation{payload: payload}
	j.init(f, f.invokedARN(ref))
	switch err := w.exec(ctx, j); err {
	case nil:
		return j.finish(j.out), nil
	case errTimedOut:
		return j.timedOut(), nil
	default:
		return nil, fmt.Errorf("invoke: %s: %w", in.Function, err)
	}
}

var emptyEvent = []byte("{}")

func (l *Local) invokeAsync(f *function, ref funcref.Ref, in *Invocation, payload []byte) (*Result, error) {
	w, err := f.workers.acquire(f, true)
	if err != nil {
		return nil, err
	}
	// The caller may reuse its Invocation and payload once Invoke returns.
	j := &jsonInvocation{payload: bytes.Clone(payload)}
	j.init(f, f.invokedARN(ref))
	bg := &Invocation{Function: in.Function, Payload: j.payload, Async: true}
	go func() {
		defer f.workers.asyncDone()
		var r *Result
		if w.exec(context.Background(), j) == nil {
			r = j.finish(j.out)
		} else { // errTimedOut, with no context to be done
			r = j.timedOut()
		}
		if l.OnAsyncResult != nil {
			l.OnAsyncResult(bg, r)
		}
	}()
	return &Result{StatusCode: 202, RequestID: j.ctx.lc.AwsRequestID}, nil
}

// Close refuses new invocations (ErrClosed), ends the idle workers and waits for the Event
// invocations in flight to be reported (see Local's doc). It may be called several times, at
// once too; each call returns once the Event invocations are reported. It returns nil.
func (l *Local) Close() error {
	l.mu.Lock()
	if l.workers == nil {
		l.workers = newPool(l.MaxConcurrency, l.MaxAsync)
	}
	p := l.workers
	l.mu.Unlock()
	p.close()
	return nil
}

// callJSON calls the handler, turning a returned error or a panic into the runtime's error
// response. Its recovering function calls panicResponse directly (see there).
func (f *function) callJSON(ctx context.Context, payload []byte) (out []byte, fail *messages.InvokeResponse_Error) {
	defer func() {
		if v := recover(); v != nil {
			fail = panicResponse(v)
		}
	}()
	var err error
	switch {
	case f.handlers != nil:
		h := f.handlers.Get().(lambda.Handler)
		out, err = h.Invoke(ctx, payload)
		out = bytes.Clone(out) // before h, and the buffer out is, can be used again
		f.handlers.Put(h)      // not after a panic: that handler is dropped
	case f.serial != nil:
		f.serial.Lock()
		defer f.serial.Unlock()
		out, err = f.handler.Invoke(ctx, payload)
		out = bytes.Clone(out)
	default:
		out, err = f.handler.Invoke(ctx, payload)
		out = bytes.Clone(out)
	}
	if err != nil {
		return nil, errorResponse(err)
	}
	return out, nil
}
