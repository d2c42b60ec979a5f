package invoke

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// recorder is a fallback Invoker that records what reaches it.
type recorder struct{ got []string }

func (r *recorder) Invoke(_ context.Context, in *Invocation) (*Result, error) {
	r.got = append(r.got, in.Function)
	return &Result{StatusCode: 200, Payload: []byte(`"remote"`)}, nil
}

// typedRecorder is also an EventInvoker.
type typedRecorder struct{ recorder }

func (r *typedRecorder) InvokeProxyEvent(_ context.Context, fn string, _ *events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, *Result, error) {
	r.got = append(r.got, "typed "+fn)
	return &events.APIGatewayProxyResponse{StatusCode: 299}, &Result{StatusCode: 200}, nil
}

func (r *typedRecorder) InvokeHTTPEvent(_ context.Context, fn string, _ *events.APIGatewayV2HTTPRequest) (*events.APIGatewayV2HTTPResponse, *Result, error) {
	r.got = append(r.got, "typed "+fn)
	return &events.APIGatewayV2HTTPResponse{StatusCode: 299}, &Result{StatusCode: 200}, nil
}

func TestRegistry(t *testing.T) {
	local := &Local{}
	register(t, local, "app", func() (string, error) { return "local", nil })
	register(t, local, "arn:aws:lambda:eu-west-1:111122223333:function:regional", func() (string, error) { return "local", nil })
	register(t, local, "proxy", proxyHandler)
	fallback := &recorder{}
	reg := &Registry{Local: local, Fallback: fallback}
	for fn, want := range map[string]string{
		"app":      "local",
		"app:live": "local",
		"arn:aws:lambda:us-west-2:999999999999:function:app:live":   "local",
		"arn:aws:lambda:eu-west-1:111122223333:function:regional:1": "local",
		"arn:aws:lambda:us-west-2:111122223333:function:regional":   "remote",
		"other":    "remote",
		"bad name": "remote",
	} {
		fallback.got = nil
		r := invoke(t, reg, fn, "{}")
		if string(r.Payload) != `"`+want+`"` {
			t.Errorf("%s ran %s, want %s", fn, r.Payload, want)
		}
		if want == "remote" && (len(fallback.got) != 1 || fallback.got[0] != fn) {
			t.Errorf("%s: the fallback got %v", fn, fallback.got)
		}
	}

	// Typed: local functions run typed, others make the caller use Invoke.
	resp, r, ok, err := invokeAny(context.Background(), reg, "proxy", proxyEvent())
	if !ok || err != nil || r.FunctionError != "" || resp.(*events.APIGatewayProxyResponse).StatusCode != 201 {
		t.Errorf("typed local: %v %+v %v %v", resp, r, ok, err)
	}
	if _, _, ok, err := invokeAny(context.Background(), reg, "other", proxyEvent()); ok || err != nil {
		t.Errorf("typed remote: %v %v, want not ok", ok, err)
	}
	tf := &typedRecorder{}
	reg.Fallback = tf
	if resp, _, ok, err := invokeAny(context.Background(), reg, "other", proxyEvent()); !ok || err != nil || resp.(*events.APIGatewayProxyResponse).StatusCode != 299 {
		t.Errorf("typed fallback: %v %v %v", resp, ok, err)
	}

	// No fallback.
	reg = &Registry{Local: local}
	if _, err := reg.Invoke(context.Background(), &Invocation{Function: "other"}); !errors.Is(err, ErrFunctionNotFound) {
		t.Errorf("no fallback: %v", err)
	}
	if _, _, _, err := invokeAny(context.Background(), reg, "other", proxyEvent()); !errors.Is(err, ErrFunctionNotFound) {
		t.Errorf("typed, no fallback: %v", err)
	}
	// No Local.
	reg = &Registry{Fallback: fallback}
	if r := invoke(t, reg, "app", "{}"); string(r.Payload) != `"remote"` {
		t.Errorf("no Local: %s", r.Payload)
	}
}

// TestRegistryTypedAllocs: the Registry's typed path allocates what Local's does.
func TestRegistryTypedAllocs(t *testing.T) {
	local := &Local{}
	register(t, local, "proxy", proxyHandler)
	reg := &Registry{Local: local, Fallback: &recorder{}}
	e := proxyEvent()
	direct := testing.AllocsPerRun(100, func() { _, _, _ = local.InvokeProxyEvent(context.Background(), "proxy", e) })
	via := testing.AllocsPerRun(100, func() { _, _, _ = reg.InvokeProxyEvent(context.Background(), "proxy", e) })
	if via != direct {
		t.Errorf("%v allocations through the Registry, %v through Local", via, direct)
	}
}

// closer is a fallback that counts its Close calls.
type closer struct {
	recorder
	closed int
}

func (c *closer) Close() error { c.closed++; return errors.New("fallback closed") }

func TestRegistryClose(t *testing.T) {
	local := &Local{}
	register(t, local, "app", func() (string, error) { return "local", nil })
	fallback := &closer{}
	reg := &Registry{Local: local, Fallback: fallback}
	if err := reg.Close(); err == nil || err.Error() != "fallback closed" || fallback.closed != 1 {
		t.Errorf("Close: %v, fallback closed %d times", err, fallback.closed)
	}
	if _, err := reg.Invoke(context.Background(), &Invocation{Function: "app"}); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v, want ErrClosed", err)
	}
	if err := (&Registry{Fallback: &recorder{}}).Close(); err != nil {
		t.Errorf("a Registry with nothing to close: %v", err)
	}
}
