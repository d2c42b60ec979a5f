package integration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/backend"
	"github.com/apigate/apigate/integration/internal/failure"
	"github.com/apigate/apigate/integration/internal/uritemplate"
	"github.com/apigate/apigate/internal/forward"
)

// HandlerOptions configure a Handler integration.
type HandlerOptions struct {
	// RequestParameters are applied as an HTTP_PROXY integration applies them (see
	// ProxyOptions): path parameters fill {NAME} in Path, query string parameters are appended
	// to the client's, headers replace the client's.
	RequestParameters map[string]string
	// Timeout is the integration's timeoutInMillis: 0 means 29 s; otherwise 50 ms to 29 s.
	Timeout time.Duration
	// Method is the method the handler sees: GET, POST, PUT, DELETE, HEAD, OPTIONS or PATCH,
	// or ANY (or "") for the client's.
	Method string
	// Path, when set, is the path (and optionally query string) the handler sees, written as
	// the path of an HTTP_PROXY URI: "/v1/{proxy}" with integration.request.path.proxy mapped
	// from method.request.path.proxy, ${stageVariables.NAME} for a stage variable. When empty
	// the handler sees the method request's path without the stage (apigate.Request.Path),
	// as a mux mounted at the API's root expects.
	Path string
	// StagePath, when Path is empty, gives the handler the path with the stage
	// ($context.path, /prod/pets) instead.
	StagePath bool
	// MaxAbandoned bounds the calls given up at the timeout (or when the client went away)
	// whose handler has not returned yet: while that many run, a request is answered
	// INTEGRATION_FAILURE without calling the handler (see Handler). 0 means
	// DefaultMaxAbandoned; a negative bound is invalid.
	MaxAbandoned int
}

// DefaultMaxAbandoned is a Handler integration's bound on its abandoned calls still running,
// as invoke.Local bounds the functions it runs by Lambda's default concurrency limit.
const DefaultMaxAbandoned = 1000

// ErrHandlerOverloaded is the cause of the answer a Handler integration gives while
// MaxAbandoned of its calls, given up at the timeout, still run.
var ErrHandlerOverloaded = errors.New("integration: the handler's calls given up at the integration timeout and still running are at MaxAbandoned")

// HandlerIntegration serves method requests with an in-process http.Handler, with the
// semantics of an HTTP_PROXY integration but no network hop. Build one with Handler; it is safe
// for concurrent use if the handler is.
type HandlerIntegration struct {
	proxyCommon
	h            http.Handler
	rawPath      string
	path         uritemplate.Template
	hasPath      bool
	stage        bool
	maxAbandoned int64
	abandoned    atomic.Int64 // calls given up whose handler still runs
	err          error
}

var (
	_ apigate.Integration = (*HandlerIntegration)(nil)
	_ apigate.Validator   = (*HandlerIntegration)(nil)
	_ Definer             = (*HandlerIntegration)(nil)
)

// errNilHandler reports a Handler integration without a handler.
var errNilHandler = errors.New("integration: Handler needs a non-nil http.Handler")

// Handler returns an integration that serves method requests with h, as if h were the backend
// of an HTTP_PROXY integration: this is how the gateway is put in front of an existing mux.
//
// The handler gets an *http.Request built from the method request: the method (the client's
// unless Method says otherwise); the path without the stage (see HandlerOptions.Path and
// StagePath) with its raw form kept in URL.RawPath and RequestURI; the client's raw query
// string with mapped parameters appended; the headers an HTTP_PROXY backend gets (see
// HTTPProxy), with Content-Length set for a body; the body; Host, RemoteAddr and TLS from the
// client's request; Proto HTTP/1.1; and a context derived from the one Integrate is given,
// ending at the integration timeout.
//
// The handler writes to an http.ResponseWriter (also an http.Flusher) with net/http's
// semantics: an implicit 200, headers taken at WriteHeader, a Content-Type sniffed when the
// handler sets none. The recorded response goes back to the client with HTTP_PROXY's header
// remapping (a Content-Length, Date, Server, Connection or x-amzn-RequestId the handler sets
// becomes x-amzn-Remapped-...). As with a network server, no Date or Content-Length is added.
//
// The handler runs in a goroutine of its own, the one extra goroutine per request that
// enforcing the timeout needs; the per-request state (request, recorder, buffers) comes from a
// pool. When the timeout passes first, Integrate returns INTEGRATION_TIMEOUT (504 "Endpoint
// request timed out") at once; the handler goes on with a cancelled context, and what it writes
// afterwards is discarded. A handler that panics gets a 502 {"message":"Internal server
// error"} (a DEFAULT_5XX, the panic value and stack in the error's cause) and the process goes
// on serving; a panic with http.ErrAbortHandler, which aborts a response in net/http, reads as
// a backend that dropped the connection: INTEGRATION_FAILURE (504). A response body over 10 MB
// gets a 502 as with HTTPProxy. As with net/http, the ResponseWriter and the request must not
// be used after ServeHTTP returns.
//
// A handler whose call was given up (at the timeout, or when the client went away) keeps its
// request, which is its own: its body, from then on, is a copy of what it had not read yet, so
// that it never reads the method request after the gateway has recycled it. Go cannot stop a
// goroutine, so such calls are bounded instead: while MaxAbandoned of them (1,000 by default)
// still run, the integration answers at once, without calling the handler, INTEGRATION_FAILURE
// (504 {"message":"Network error communicating with endpoint"}, cause ErrHandlerOverloaded), as
// an HTTP_PROXY integration answers a backend that refuses the connection, until some return.
// The Trace sees such a request, and the failure. The Trace sees the request the handler gets (its body is the
// method request's; Authorization and X-Amz-Security-Token masked, see the package doc) and
// what the handler wrote.
func Handler(h http.Handler, opts HandlerOptions) *HandlerIntegration {
	hi := &HandlerIntegration{h: h, stage: opts.StagePath, rawPath: opts.Path, maxAbandoned: int64(opts.MaxAbandoned)}
	var errs []error
	if h == nil {
		errs = append(errs, errNilHandler)
	}
	switch {
	case opts.MaxAbandoned == 0:
		hi.maxAbandoned = DefaultMaxAbandoned
	case opts.MaxAbandoned < 0:
		errs = append(errs, fmt.Errorf("%w: MaxAbandoned %d", ErrInvalidIntegration, opts.MaxAbandoned))
	}
	hi.proxyCommon, errs = proxyCompile(opts.Method, opts.RequestParameters, opts.Timeout, errs)
	if opts.Path != "" {
		hi.path, hi.hasPath = uritemplate.Parse(opts.Path), true
		sample := hi.path.Sample()
		if _, err := url.ParseRequestURI(sample); err != nil || !strings.HasPrefix(sample, "/") {
			errs = append(errs, fmt.Errorf("%w: path %q", ErrInvalidProxyURI, opts.Path))
		}
	}
	hi.err = errors.Join(errs...)
	return hi
}

// Validate reports what is wrong with the integration's definition: no handler, an invalid
// method, path template, request parameter, timeout or MaxAbandoned. It returns nil for a valid integration.
func (hi *HandlerIntegration) Validate() error { return hi.err }

// Definition returns the integration's definition: TypeHandler, with HandlerOptions.Path as its
// URI.
func (hi *HandlerIntegration) Definition() Definition {
	return hi.definition(TypeHandler, hi.rawPath)
}

// The states of a handlerCall, which say who owns it.
const (
	handlerRunning   = iota // the handler runs; Integrate waits
	handlerFinished         // the handler returned in time; Integrate reads the response
	handlerAbandoned        // Integrate gave up waiting; the handler's goroutine releases the call
)

// handlerCall is the pooled state of one call to an in-process handler: the recorder, the
// signalling and scratch space. What the handler may keep after it returns (its request and
// the request's context) is in a handlerReq, never reused.
type handlerCall struct {
	state  atomic.Int32
	done   chan struct{} // signalled when the handler returns in time; buffered
	timer  *time.Timer   // the integration timeout; stopped between calls
	hi     *HandlerIntegration
	req    *http.Request
	rec    handlerRecorder
	mapped paramsMapped
	buf    []byte
	err    error // the handler's panic
}

// handlerReq is what the handler's request is made of, allocated once per request.
type handlerReq struct {
	ctx  handlerCtx
	req  http.Request
	url  url.URL
	body handlerBody
	vals [16]string // the header's values, copied or added
}

var handlerCalls = sync.Pool{New: func() any {
	return &handlerCall{done: make(chan struct{}, 1)}
}}

// handlerBody is the handler's request body: a reader over the method request's bytes while
// Integrate waits for the handler, over a copy of what the handler has not read once Integrate
// gives up on it. The lock keeps a Read from running while the bytes are swapped; it is held
// only while a Read copies, so that Integrate never waits on the handler.
type handlerBody struct {
	mu  sync.Mutex
	src []byte
	r   bytes.Reader
}

// reset makes the body read src.
func (b *handlerBody) reset(src []byte) {
	b.src = src
	b.r.Reset(src)
}

// Read reads the body.
func (b *handlerBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	n, err := b.r.Read(p)
	b.mu.Unlock()
	return n, err
}

// Close does nothing: the bytes stay with the method request.
func (*handlerBody) Close() error { return nil }

// detach makes the body read a copy of what is left of it, the method request's bytes being
// no longer the handler's to read.
func (b *handlerBody) detach() {
	b.mu.Lock()
	rest := bytes.Clone(b.src[len(b.src)-b.r.Len():])
	b.src = nil
	b.r.Reset(rest)
	b.mu.Unlock()
}

// Integrate runs the handler on the method request and returns what it wrote.
func (hi *HandlerIntegration) Integrate(ctx context.Context, r *apigate.Request) (*apigate.Response, error) {
	if hi.err != nil {
		return nil, failure.Config(hi.err)
	}
	if err := ctx.Err(); err != nil {
		return nil, failure.Transport(ctx, err)
	}
	c := handlerCalls.Get().(*handlerCall)
	hr := new(handlerReq)
	if err := c.prepare(hi, r, hr); err != nil {
		c.release()
		return nil, err
	}
	var start time.Time
	if t := r.Trace; t != nil {
		if t.IntegrationRequest != nil {
			t.IntegrationRequest(r, &apigate.IntegrationRequestInfo{Method: hr.req.Method, URI: hr.req.RequestURI, Header: backend.TraceHeader(hr.req.Header), Body: r.Body})
		}
		start = time.Now()
	}
	if hi.abandoned.Load() >= hi.maxAbandoned {
		c.release()
		return traced(r, start, nil, &apigate.Error{Type: apigate.IntegrationFailure, Err: ErrHandlerOverloaded})
	}
	hr.ctx.init(ctx, time.Now().Add(hi.timeout))
	hr.req = *hr.req.WithContext(&hr.ctx)
	if c.timer == nil {
		c.timer = time.NewTimer(hi.timeout)
	} else {
		c.timer.Reset(hi.timeout)
	}
	c.hi, c.req = hi, &hr.req
	c.state.Store(handlerRunning)
	go c.serve()

	var stop error
	select {
	case <-c.done:
	case <-c.timer.C:
		stop = context.DeadlineExceeded
	case <-ctx.Done():
		stop = ctx.Err()
	}
	c.timer.Stop()
	if stop != nil {
		// Abandon the call before cancelling the context, so that a handler woken by the
		// cancellation cannot finish first and have its response taken after the deadline.
		// Counted first, so that the handler's goroutine, which uncounts it, never sees it
		// uncounted.
		hi.abandoned.Add(1)
		if c.state.CompareAndSwap(handlerRunning, handlerAbandoned) {
			if len(r.Body) > 0 {
				hr.body.detach()
			}
			hr.ctx.cancel(stop)
			return traced(r, start, nil, failure.Transport(&hr.ctx, stop))
		}
		hi.abandoned.Add(-1)
		<-c.done // the handler returned before the deadline was seen
	}
	hr.ctx.cancel(context.Canceled)
	resp, err := c.response()
	c.release()
	return traced(r, start, resp, err)
}

// traced reports the handler's answer, or the call's failure, to r's Trace, and returns them.
func traced(r *apigate.Request, start time.Time, resp *apigate.Response, err error) (*apigate.Response, error) {
	if t := r.Trace; t != nil && t.IntegrationResponse != nil {
		info := &apigate.IntegrationResponseInfo{Latency: time.Since(start), Err: err}
		if err == nil {
			info.StatusCode, info.Header, info.Body = resp.StatusCode, resp.Header, resp.Body
		}
		t.IntegrationResponse(r, info)
	}
	return resp, err
}

// serve runs the handler and hands the call back: to Integrate if it still waits, else to the
// pool.
func (c *handlerCall) serve() {
	defer func() {
		if p := recover(); p != nil {
			c.err = handlerPanic(p)
		}
		if c.state.CompareAndSwap(handlerRunning, handlerFinished) {
			c.done <- struct{}{}
			return
		}
		c.hi.abandoned.Add(-1)
		c.release()
	}()
	c.hi.h.ServeHTTP(&c.rec, c.req)
}

// handlerPanic turns a handler's panic into the gateway's answer.
func handlerPanic(p any) error {
	if p == http.ErrAbortHandler {
		return &apigate.Error{Type: apigate.IntegrationFailure,
			Err: fmt.Errorf("integration: the handler aborted its response: %w", http.ErrAbortHandler)}
	}
	var cause error
	if err, ok := p.(error); ok {
		cause = fmt.Errorf("integration: the handler panicked: %w\n%s", err, debug.Stack())
	} else {
		cause = fmt.Errorf("integration: the handler panicked: %v\n%s", p, debug.Stack())
	}
	return &apigate.Error{Type: apigate.Default5XX, Status: http.StatusBadGateway, Message: "Internal server error", Err: cause}
}

// prepare builds the handler's request from the method request into hr (all but its context).
func (c *handlerCall) prepare(hi *HandlerIntegration, r *apigate.Request, hr *handlerReq) error {
	proxyEval(hi.params, r, &c.mapped)
	var rawPath, tmplQuery string
	switch {
	case hi.hasPath:
		c.buf = hi.path.Expand(c.buf[:0], &c.mapped.path, r.StageVariables)
		rawPath, tmplQuery, _ = strings.Cut(string(c.buf), "?")
		if i := strings.IndexByte(tmplQuery, '#'); i >= 0 {
			tmplQuery = tmplQuery[:i]
		}
	case hi.stage && r.Context.Path != "":
		rawPath = r.Context.Path
	default:
		rawPath = r.Path
	}
	if rawPath == "" {
		rawPath = "/"
	}
	query := uritemplate.Query(tmplQuery, forward.RawQuery(r), &c.mapped.query)

	// The client's headers (Host dropped) and the four added to every request.
	header := make(http.Header, len(r.Header)+4)
	vals := headerVals{hr.vals[:]}
	host, err := proxyForwardHeader(header, r, &c.mapped, &vals, true)
	if err != nil {
		return err
	}
	if len(r.Body) > 0 {
		header["Content-Length"] = vals.one(strconv.Itoa(len(r.Body)))
	}
	method := hi.method
	if method == "" {
		method = r.Method
	}
	var remoteAddr string
	if r.HTTP != nil {
		remoteAddr = r.HTTP.RemoteAddr
		if host == "" {
			host = r.HTTP.Host
		}
	}

	path, err := url.PathUnescape(rawPath)
	if err != nil {
		path = rawPath
	}
	hr.url = url.URL{Path: path, RawQuery: query}
	if path != rawPath {
		hr.url.RawPath = rawPath
	}
	requestURI := rawPath
	if query != "" {
		requestURI = rawPath + "?" + query
	}
	hr.req = http.Request{
		Method:     method,
		URL:        &hr.url,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     header,
		Body:       http.NoBody,
		Host:       host,
		RemoteAddr: remoteAddr,
		RequestURI: requestURI,
	}
	if r.HTTP != nil {
		hr.req.TLS = r.HTTP.TLS
	}
	if len(r.Body) > 0 {
		hr.body.reset(r.Body)
		hr.req.Body = &hr.body
		hr.req.ContentLength = int64(len(r.Body))
	}
	c.rec.reset()
	c.err = nil
	return nil
}

// response returns what the handler wrote, or the error its failure gets.
func (c *handlerCall) response() (*apigate.Response, error) {
	if c.err != nil {
		return nil, c.err
	}
	w := &c.rec
	if w.tooLarge {
		return nil, backend.TooLarge(errHandlerResponseTooLarge)
	}
	w.finish()
	resp := &apigate.Response{StatusCode: w.status, Header: w.out}
	switch {
	case len(w.body) == 0:
	case cap(w.body) > handlerKeepBody:
		resp.Body, w.body = w.body, nil
	default:
		resp.Body = bytes.Clone(w.body)
	}
	w.out = nil
	return resp, nil
}

// release clears the call of the request's data and returns it to the pool.
func (c *handlerCall) release() {
	c.hi, c.req, c.err = nil, nil, nil
	clear(c.rec.header)
	c.rec.out = nil
	c.mapped.reset()
	handlerCalls.Put(c)
}
