package invoke

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type greeting struct {
	Name string `json:"name"`
}

// rawHandler is a lambda.Handler: it gets and returns the payload as it is.
type rawHandler struct{}

func (rawHandler) Invoke(_ context.Context, payload []byte) ([]byte, error) {
	return append([]byte(`{"raw":`), append(payload, '}')...), nil
}

func register(t testing.TB, l *Local, name string, h any, opts ...FunctionOption) {
	t.Helper()
	if err := l.Register(name, h, opts...); err != nil {
		t.Fatal(err)
	}
}

func invoke(t testing.TB, inv Invoker, fn, payload string) *Result {
	t.Helper()
	r, err := inv.Invoke(context.Background(), &Invocation{Function: fn, Payload: []byte(payload)})
	if err != nil {
		t.Fatalf("Invoke(%s): %v", fn, err)
	}
	return r
}

// TestSignatures runs every handler signature lambda.NewHandler accepts and expects, byte for
// byte, what aws-lambda-go's own handler returns for the same payload.
func TestSignatures(t *testing.T) {
	const payload = `{"name":"gopher"}`
	var seen string // the event's name, as the handler got it
	var sawCtx bool // whether the handler's context had a LambdaContext
	ctxOK := func(ctx context.Context) { _, sawCtx = lambdacontext.FromContext(ctx) }
	handlers := []struct {
		name           string
		h              any
		takesEv, ctxed bool
	}{
		{"none", func() {}, false, false},
		{"none-error", func() error { return nil }, false, false},
		{"none-value-error", func() (string, error) { return "hi", nil }, false, false},
		{"ctx", func(ctx context.Context) { ctxOK(ctx) }, false, true},
		{"ctx-error", func(ctx context.Context) error { ctxOK(ctx); return nil }, false, true},
		{"ctx-value-error", func(ctx context.Context) (greeting, error) { ctxOK(ctx); return greeting{"ctx"}, nil }, false, true},
		{"event", func(e greeting) { seen = e.Name }, true, false},
		{"event-error", func(e greeting) error { seen = e.Name; return nil }, true, false},
		{"event-value-error", func(e greeting) (string, error) { seen = e.Name; return "<hello> & " + e.Name, nil }, true, false},
		{"ctx-event", func(ctx context.Context, e greeting) { ctxOK(ctx); seen = e.Name }, true, true},
		{"ctx-event-error", func(ctx context.Context, e greeting) error { ctxOK(ctx); seen = e.Name; return nil }, true, true},
		{"ctx-event-value-error", func(ctx context.Context, e *greeting) (*greeting, error) {
			ctxOK(ctx)
			seen = e.Name
			return &greeting{strings.ToUpper(e.Name)}, nil
		}, true, true},
		{"any", func(e any) (any, error) { seen = e.(map[string]any)["name"].(string); return e, nil }, true, false},
		{"map", func(ctx context.Context, e map[string]string) (map[string]int, error) {
			ctxOK(ctx)
			seen = e["name"]
			return map[string]int{e["name"]: len(e["name"])}, nil
		}, true, true},
		{"reader", func(e json.RawMessage) (io.Reader, error) {
			seen = "gopher"
			return strings.NewReader("not json: " + string(e)), nil
		}, true, false},
		{"lambda.Handler", rawHandler{}, false, false},
		{"lambda.NewHandler", lambda.NewHandler(func(ctx context.Context, e greeting) (greeting, error) {
			ctxOK(ctx)
			seen = e.Name
			return e, nil
		}), true, true},
	}
	for _, tc := range handlers {
		t.Run(tc.name, func(t *testing.T) {
			want, err := lambda.NewHandler(tc.h).Invoke(context.Background(), []byte(payload))
			if err != nil {
				t.Fatal(err)
			}
			want = bytes.Clone(want)
			seen, sawCtx = "", false
			var l Local
			register(t, &l, "fn", tc.h)
			r := invoke(t, &l, "fn", payload)
			if r.StatusCode != 200 || r.FunctionError != "" || !bytes.Equal(r.Payload, want) {
				t.Errorf("got %d %q %s, want 200 %s", r.StatusCode, r.FunctionError, r.Payload, want)
			}
			if tc.takesEv && seen != "gopher" {
				t.Errorf("the handler saw the event's name %q", seen)
			}
			if tc.ctxed && !sawCtx {
				t.Error("the handler's context has no LambdaContext")
			}
		})
	}
}

// TestInvalidHandlers: what the runtime would reject at every invocation, Register rejects with
// the runtime's message.
func TestInvalidHandlers(t *testing.T) {
	for _, h := range []any{
		nil,
		"not a function",
		func(a, b, c int) {},
		func(a int, ctx context.Context) {},
		func(r io.Reader) {},
		func() (int, int, error) { return 0, 0, nil },
		func() (int, int) { return 0, 0 },
		func() int { return 0 },
	} {
		_, want := lambda.NewHandler(h).Invoke(context.Background(), []byte(`{}`))
		if want == nil {
			t.Fatalf("%T: aws-lambda-go accepts it", h)
		}
		var l Local
		err := l.Register("fn", h)
		if err == nil || !strings.HasSuffix(err.Error(), ": "+want.Error()) {
			t.Errorf("%T: got %v, want ...: %v", h, err, want)
		}
		if _, err := l.Invoke(context.Background(), &Invocation{Function: "fn"}); !errors.Is(err, ErrFunctionNotFound) {
			t.Errorf("%T: a rejected handler is registered: %v", h, err)
		}
	}
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestLambdaContext(t *testing.T) {
	type seen struct {
		lc       *lambdacontext.LambdaContext
		deadline time.Time
	}
	var got seen
	h := func(ctx context.Context) error {
		got.lc, _ = lambdacontext.FromContext(ctx)
		got.deadline, _ = ctx.Deadline()
		return nil
	}
	for _, tc := range []struct {
		region, account    string
		localTimeout       time.Duration
		register, function string
		opts               []FunctionOption
		arn                string
		timeout            time.Duration
	}{
		{register: "app", function: "app", arn: "arn:aws:lambda:us-east-1:123456789012:function:app", timeout: 3 * time.Second},
		{register: "app", function: "app:live", arn: "arn:aws:lambda:us-east-1:123456789012:function:app:live"},
		{register: "app", function: "app:$LATEST", arn: "arn:aws:lambda:us-east-1:123456789012:function:app:$LATEST"},
		{register: "app", function: "111122223333:function:app", arn: "arn:aws:lambda:us-east-1:111122223333:function:app"},
		{register: "app", function: "arn:aws:lambda:eu-west-1:111122223333:function:app:7", arn: "arn:aws:lambda:eu-west-1:111122223333:function:app:7"},
		{register: "app:live", function: "app:live", arn: "arn:aws:lambda:us-east-1:123456789012:function:app:live"},
		{register: "arn:aws:lambda:eu-west-1:111122223333:function:app", function: "app:live", arn: "arn:aws:lambda:eu-west-1:111122223333:function:app:live"},
		{register: "210987654321:function:app", function: "app", arn: "arn:aws:lambda:us-east-1:210987654321:function:app"},
		{
			region: "cn-north-1", account: "210987654321", localTimeout: 10 * time.Second,
			register: "app", function: "app", arn: "arn:aws-cn:lambda:cn-north-1:210987654321:function:app", timeout: 10 * time.Second,
		},
		{
			localTimeout: 10 * time.Second,
			register:     "app", opts: []FunctionOption{WithTimeout(time.Minute)},
			function: "app", arn: "arn:aws:lambda:us-east-1:123456789012:function:app", timeout: time.Minute,
		},
	} {
		got = seen{}
		l := &Local{Region: tc.region, Account: tc.account, Timeout: tc.localTimeout}
		register(t, l, tc.register, h, tc.opts...)
		before := time.Now()
		r := invoke(t, l, tc.function, "")
		after := time.Now()
		if got.lc == nil {
			t.Fatalf("%s: no LambdaContext", tc.function)
		}
		if got.lc.InvokedFunctionArn != tc.arn {
			t.Errorf("%s: InvokedFunctionArn %s, want %s", tc.function, got.lc.InvokedFunctionArn, tc.arn)
		}
		if !uuidRE.MatchString(got.lc.AwsRequestID) || got.lc.AwsRequestID != r.RequestID {
			t.Errorf("%s: AwsRequestID %q, Result.RequestID %q", tc.function, got.lc.AwsRequestID, r.RequestID)
		}
		if tc.timeout != 0 && (got.deadline.Before(before.Add(tc.timeout)) || got.deadline.After(after.Add(tc.timeout))) {
			t.Errorf("%s: deadline %v after the call, want %v", tc.function, got.deadline.Sub(before), tc.timeout)
		}
	}

	// A fresh request id every time.
	var l Local
	register(t, &l, "app", h)
	ids := map[string]bool{}
	for range 1000 {
		r := invoke(t, &l, "app", "")
		if ids[r.RequestID] || !uuidRE.MatchString(r.RequestID) {
			t.Fatalf("request id %q repeated or malformed", r.RequestID)
		}
		ids[r.RequestID] = true
	}
}

// TestMatching: which registration serves which invocation.
func TestMatching(t *testing.T) {
	var l Local
	for _, name := range []string{
		"app",
		"app:live",
		"arn:aws:lambda:eu-west-1:111122223333:function:app",
		"other:v1",
	} {
		register(t, &l, name, func() (string, error) { return name, nil })
	}
	for fn, want := range map[string]string{
		"app":      "arn:aws:lambda:eu-west-1:111122223333:function:app",
		"app:v2":   "arn:aws:lambda:eu-west-1:111122223333:function:app",
		"app:live": "app:live",
		"arn:aws:lambda:eu-west-1:111122223333:function:app:live": "app:live",
		"arn:aws:lambda:eu-west-1:111122223333:function:app:v3":   "arn:aws:lambda:eu-west-1:111122223333:function:app",
		"arn:aws:lambda:us-west-2:111122223333:function:app":      "app",
		"arn:aws-cn:lambda:cn-north-1:111122223333:function:app":  "app",
		"999999999999:function:app":                               "app",
		"111122223333:function:app":                               "arn:aws:lambda:eu-west-1:111122223333:function:app",
		"other:v1":                                                "other:v1",
		"other":                                                   "",
		"other:v2":                                                "",
		"nope":                                                    "",
		"bad name":                                                "",
		"arn:aws:s3:::bucket":                                     "",
		"":                                                        "",
	} {
		r, err := l.Invoke(context.Background(), &Invocation{Function: fn})
		if want == "" {
			if !errors.Is(err, ErrFunctionNotFound) {
				t.Errorf("%q: got %v, want ErrFunctionNotFound", fn, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", fn, err)
			continue
		}
		if w, _ := json.Marshal(want); !bytes.Equal(r.Payload, w) {
			t.Errorf("%q reached %s, want %s", fn, r.Payload, w)
		}
	}

	for _, name := range []string{"app", "arn:aws:lambda:eu-west-1:111122223333:function:app", "bad name", "app:", "arn:aws:lambda:eu-west-1:1:function:app"} {
		if err := l.Register(name, func() {}); err == nil {
			t.Errorf("Register(%q) twice or invalid: no error", name)
		}
	}
}

func TestPayloads(t *testing.T) {
	var l Local
	register(t, &l, "echo", func(e any) (any, error) { return e, nil })
	// No payload is the event {}.
	if r := invoke(t, &l, "echo", ""); string(r.Payload) != `{}` {
		t.Errorf("empty payload: got %s", r.Payload)
	}
	// A payload that is not JSON never reaches the function.
	for _, p := range []string{"{", "abc", `{"a":1}x`} {
		_, err := l.Invoke(context.Background(), &Invocation{Function: "echo", Payload: []byte(p)})
		if !errors.Is(err, ErrInvalidRequestContent) {
			t.Errorf("payload %q: got %v, want ErrInvalidRequestContent", p, err)
		}
	}
	// An event of the wrong shape is the runtime's error.
	register(t, &l, "greet", func(g greeting) error { return nil })
	r := invoke(t, &l, "greet", `{"name":5}`)
	want := `{"errorMessage":"json: cannot unmarshal number into Go struct field greeting.name of type string","errorType":"UnmarshalTypeError"}`
	if r.FunctionError != "Unhandled" || string(r.Payload) != want {
		t.Errorf("got %q %s, want Unhandled %s", r.FunctionError, r.Payload, want)
	}
}

func TestErrorPayloads(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{errors.New("boom"), `{"errorMessage":"boom","errorType":"errorString"}`},
		{fmt.Errorf("wrapped: %w", io.EOF), `{"errorMessage":"wrapped: EOF","errorType":"wrapError"}`},
		{valueError{"v"}, `{"errorMessage":"value v","errorType":"valueError"}`},
		{&pointerError{"p"}, `{"errorMessage":"pointer p","errorType":"pointerError"}`},
		{errors.New(`<b> & "q"`), `{"errorMessage":"\u003cb\u003e \u0026 \"q\"","errorType":"errorString"}`},
	} {
		var l Local
		register(t, &l, "fn", func() error { return tc.err })
		r := invoke(t, &l, "fn", "")
		if r.StatusCode != 200 || r.FunctionError != "Unhandled" || string(r.Payload) != tc.want {
			t.Errorf("%v: got %d %q %s, want 200 Unhandled %s", tc.err, r.StatusCode, r.FunctionError, r.Payload, tc.want)
		}
	}
}

type valueError struct{ s string }

func (e valueError) Error() string { return "value " + e.s }

type pointerError struct{ s string }

func (e *pointerError) Error() string { return "pointer " + e.s }

func TestPanicPayload(t *testing.T) {
	var l Local
	register(t, &l, "fn", panicky)
	r := invoke(t, &l, "fn", "")
	var got struct {
		Message    string `json:"errorMessage"`
		Type       string `json:"errorType"`
		StackTrace []struct {
			Path  string `json:"path"`
			Line  int    `json:"line"`
			Label string `json:"label"`
		} `json:"stackTrace"`
	}
	if err := json.Unmarshal(r.Payload, &got); err != nil || r.FunctionError != "Unhandled" {
		t.Fatalf("%q %s: %v", r.FunctionError, r.Payload, err)
	}
	if got.Message != "oh no" || got.Type != "string" || len(got.StackTrace) < 4 {
		t.Fatalf("got %s", r.Payload)
	}
	// The runtime's order: the function building the response, the deferred function, the
	// panic, the code that panicked.
	for i, want := range []string{"panicResponse", "(*function).callJSON.func1", "gopanic", "panicky"} {
		if got.StackTrace[i].Label != want {
			t.Errorf("frame %d is %s, want %s", i, got.StackTrace[i].Label, want)
		}
	}
	if f := got.StackTrace[3]; !strings.HasSuffix(f.Path, "integration/invoke/local_test.go") || f.Line == 0 {
		t.Errorf("the panicking frame is %+v", f)
	}
}

func panicky() { panic("oh no") }

func TestTimeout(t *testing.T) {
	var l Local
	register(t, &l, "slow", func(ctx context.Context) (string, error) {
		<-ctx.Done()
		return "too late", nil
	}, WithTimeout(50*time.Millisecond))
	register(t, &l, "deaf", func() (string, error) {
		time.Sleep(60 * time.Millisecond)
		return "too late", nil
	}, WithTimeout(20*time.Millisecond))
	for fn, secs := range map[string]string{"slow": "0.05", "deaf": "0.02"} {
		r := invoke(t, &l, fn, "")
		want := `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: ` + r.RequestID + ` Error: Task timed out after ` + secs + ` seconds"}`
		if r.StatusCode != 200 || r.FunctionError != "Unhandled" || string(r.Payload) != want {
			t.Errorf("%s: got %d %q %s, want 200 Unhandled %s", fn, r.StatusCode, r.FunctionError, r.Payload, want)
		}
	}
}

// TestCallerContext: the function's context does not end with the caller's, as on Lambda; a
// caller that has already gone does not start it.
func TestCallerContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var l Local
	register(t, &l, "fn", func(fctx context.Context) (string, error) {
		cancel()
		return fmt.Sprint(fctx.Err()), nil
	})
	r, err := l.Invoke(ctx, &Invocation{Function: "fn"})
	if err != nil || string(r.Payload) != `"<nil>"` {
		t.Fatalf("got %v %s", err, r.Payload)
	}
	if _, err := l.Invoke(ctx, &Invocation{Function: "fn"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller: got %v", err)
	}
}

func TestAsync(t *testing.T) {
	results := make(chan *Result, 1)
	release := make(chan struct{})
	var got struct {
		name, id string
	}
	l := &Local{MaxAsync: 1, OnAsyncResult: func(in *Invocation, r *Result) {
		if in.Function != "fn" || !in.Async {
			t.Errorf("OnAsyncResult got %+v", in)
		}
		results <- r
	}}
	register(t, l, "fn", func(ctx context.Context, g greeting) (string, error) {
		<-release
		lc, _ := lambdacontext.FromContext(ctx)
		got.name, got.id = g.Name, lc.AwsRequestID
		return "done", nil
	})
	payload := []byte(`{"name":"first"}`)
	r, err := l.Invoke(context.Background(), &Invocation{Function: "fn", Payload: payload, Async: true})
	if err != nil || r.StatusCode != 202 || r.Payload != nil || r.FunctionError != "" || !uuidRE.MatchString(r.RequestID) {
		t.Fatalf("got %+v, %v; want 202, no payload, a request id", r, err)
	}
	copy(payload, `{"name":"other"}`) // the caller's buffer is its own again

	// The one slot is taken.
	_, err = l.Invoke(context.Background(), &Invocation{Function: "fn", Payload: payload, Async: true})
	if !errors.Is(err, ErrTooManyRequests) {
		t.Errorf("second Event invocation: got %v, want ErrTooManyRequests", err)
	}
	close(release)
	done := <-results
	if got.name != "first" || got.id != r.RequestID {
		t.Errorf("the function saw %q with request id %s, want first, %s", got.name, got.id, r.RequestID)
	}
	if done.StatusCode != 200 || string(done.Payload) != `"done"` || done.RequestID != r.RequestID {
		t.Errorf("OnAsyncResult got %+v", done)
	}
	// The slot is free once the result is reported, just after OnAsyncResult returns.
	for start := time.Now(); ; time.Sleep(time.Millisecond) {
		_, err := l.Invoke(context.Background(), &Invocation{Function: "fn", Payload: payload, Async: true})
		if err == nil {
			break
		}
		if !errors.Is(err, ErrTooManyRequests) || time.Since(start) > 10*time.Second {
			t.Fatalf("once reported: %v", err)
		}
	}
	<-results
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Invoke(context.Background(), &Invocation{Function: "fn", Payload: []byte("{"), Async: true}); !errors.Is(err, ErrInvalidRequestContent) {
		t.Errorf("invalid Event payload: got %v", err)
	}
}

// TestAsyncFailureNotLogged: without OnAsyncResult, a failed Event invocation is dropped; the
// library does not write to the standard logger.
func TestAsyncFailureNotLogged(t *testing.T) {
	var buf bytes.Buffer
	log.SetOutput(&buf)
	defer log.SetOutput(os.Stderr)
	var l Local
	register(t, &l, "fn", func() error { return errors.New("async boom") })
	if _, err := l.Invoke(context.Background(), &Invocation{Function: "fn", Async: true}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Errorf("logged %q", buf.String())
	}
}

// TestConcurrent: results do not share memory between concurrent invocations (aws-lambda-go's
// handler returns a buffer its next invocation reuses).
func TestConcurrent(t *testing.T) {
	var l Local
	echo := func(ctx context.Context, g greeting) (greeting, error) { return g, nil }
	register(t, &l, "echo", echo)
	register(t, &l, "shared", lambda.NewHandler(echo))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			var results []*Result
			var wants []string
			for i := range 200 {
				fn := []string{"echo", "shared"}[i%2]
				want := fmt.Sprintf(`{"name":"g%d-%d-%s"}`, g, i, strings.Repeat("x", i))
				results = append(results, invoke(t, &l, fn, want))
				wants = append(wants, want)
			}
			for i, r := range results {
				if string(r.Payload) != wants[i] {
					t.Errorf("got %s, want %s", r.Payload, wants[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestNewRequestID checks the request ids' shape and that they differ, and the hex table they
// are written with.
func TestNewRequestID(t *testing.T) {
	for c := range 256 {
		if got, want := hexPairs[2*c:2*c+2], fmt.Sprintf("%02x", c); got != want {
			t.Fatalf("hexPairs[%d] = %q, want %q", c, got, want)
		}
	}
	// The id is a string over b's bytes (unsafe.String, which saves an allocation per
	// invocation): it must read what b holds, where b is.
	var b [36]byte
	if id := newRequestID(&b); unsafe.StringData(id) != &b[0] || len(id) != len(b) || id != string(b[:]) {
		t.Fatalf("request id %q does not share the bytes of %q", id, b[:])
	}
	seen := map[string]bool{}
	for range 10000 {
		var b [36]byte
		id := newRequestID(&b)
		if !uuidRE.MatchString(id) || seen[id] {
			t.Fatalf("request id %q: not a fresh version 4 UUID", id)
		}
		seen[id] = true
	}
}
