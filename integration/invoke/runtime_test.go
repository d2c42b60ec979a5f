//go:build !lambda.norpc

package invoke

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambda/messages"
)

// The tests here compare with aws-lambda-go's own failure reporting, reached through its
// exported (deprecated, net/rpc mode) lambda.Function, which builds the error response with the
// same unexported functions as the Runtime API loop; the loop then marshals it with
// encoding/json.

// runtimeFailure invokes h as aws-lambda-go's runtime does and returns its error response.
func runtimeFailure(t *testing.T, h any, payload string) *messages.InvokeResponse_Error {
	t.Helper()
	var resp messages.InvokeResponse
	deadline := time.Now().Add(time.Minute)
	req := &messages.InvokeRequest{
		Payload:   []byte(payload),
		RequestId: "00000000-0000-4000-8000-000000000000",
		Deadline:  messages.InvokeRequest_Timestamp{Seconds: deadline.Unix()},
	}
	//lint:ignore SA1019 the RPC-mode Function is aws-lambda-go's only exported way to get the runtime's error payloads
	if err := lambda.NewFunction(lambda.NewHandler(h)).Invoke(req, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Error == nil {
		t.Fatalf("%T did not fail", h)
	}
	return resp.Error
}

type customError struct{ Code int }

func (e customError) Error() string { return fmt.Sprintf("custom %d", e.Code) }

// TestErrorsAsRuntime: a returned error's payload is, byte for byte, the runtime's.
func TestErrorsAsRuntime(t *testing.T) {
	for _, err := range []error{
		errors.New("boom"),
		fmt.Errorf("wrapped: %w", io.EOF),
		customError{7},
		&customError{8},
		&pointerError{"p"},
		errors.Join(errors.New("a"), errors.New("b")),
		errors.New("<html> & \"quotes\" \u2028 \xff"),
		messages.InvokeResponse_Error{Message: "passed through", Type: "Custom.Type"},
		&messages.InvokeResponse_Error{Message: "pointer", Type: "Not.Passed"},
		context.DeadlineExceeded,
	} {
		h := func(context.Context, greeting) (string, error) { return "", err }
		want, _ := json.Marshal(runtimeFailure(t, h, `{}`))
		var l Local
		register(t, &l, "fn", h)
		r := invoke(t, &l, "fn", `{}`)
		if r.FunctionError != "Unhandled" || string(r.Payload) != string(want) {
			t.Errorf("%v:\n got %q %s\nwant Unhandled %s", err, r.FunctionError, r.Payload, want)
		}
	}
	// The runtime's own errors: an event of the wrong shape.
	h := func(g greeting) error { return nil }
	want, _ := json.Marshal(runtimeFailure(t, h, `{"name":[1]}`))
	var l Local
	register(t, &l, "fn", h)
	if r := invoke(t, &l, "fn", `{"name":[1]}`); string(r.Payload) != string(want) {
		t.Errorf("bad event:\n got %s\nwant %s", r.Payload, want)
	}
}

// TestPanicsAsRuntime: a panic's message and type are the runtime's, and so is its stack from the
// panic to the handler aws-lambda-go wraps around the function.
func TestPanicsAsRuntime(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    func(context.Context, greeting) (string, error)
	}{
		{"string", func(context.Context, greeting) (string, error) { panic("boom") }},
		{"error", func(context.Context, greeting) (string, error) { panic(errors.New("an error")) }},
		{"int", func(context.Context, greeting) (string, error) { panic(42) }},
		{"custom", func(context.Context, greeting) (string, error) { panic(&customError{9}) }},
		{"nil", func(context.Context, greeting) (string, error) { panic(nil) }},
		{"nil map", func(context.Context, greeting) (string, error) {
			var m map[string]int
			//lint:ignore SA5000 the panic is the point of the case
			m["x"] = 1
			return "", nil
		}},
		{"index", func(_ context.Context, g greeting) (string, error) { return string(g.Name[len(g.Name)+1]), nil }},
		{"nil pointer", func(context.Context, greeting) (string, error) {
			var g *greeting
			return g.Name, nil
		}},
		{"invoke error", func(context.Context, greeting) (string, error) {
			panic(messages.InvokeResponse_Error{Message: "m", Type: "T"})
		}},
	} {
		want := runtimeFailure(t, tc.h, `{"name":"x"}`)
		var l Local
		register(t, &l, "fn", tc.h)
		r := invoke(t, &l, "fn", `{"name":"x"}`)
		var got messages.InvokeResponse_Error
		if err := json.Unmarshal(r.Payload, &got); err != nil || r.FunctionError != "Unhandled" {
			t.Fatalf("%s: %q %s: %v", tc.name, r.FunctionError, r.Payload, err)
		}
		if got.Message != want.Message || got.Type != want.Type {
			t.Errorf("%s: got %q %q, want %q %q", tc.name, got.Message, got.Type, want.Message, want.Type)
		}
		if want.StackTrace == nil {
			if got.StackTrace != nil {
				t.Errorf("%s: got a stack trace, the runtime has none", tc.name)
			}
			continue
		}
		// Frame 0 and 1 build the response (the runtime's functions, or ours); from the panic
		// (runtime.gopanic) to aws-lambda-go's handlerFunc.Invoke they are the same frames.
		end := func(st []*messages.InvokeResponse_Error_StackFrame) int {
			return slices.IndexFunc(st, func(f *messages.InvokeResponse_Error_StackFrame) bool {
				return f.Label == "handlerFunc.Invoke"
			})
		}
		wi, gi := end(want.StackTrace), end(got.StackTrace)
		if wi < 3 || gi != wi {
			t.Fatalf("%s: handlerFunc.Invoke at frame %d, the runtime's at %d", tc.name, gi, wi)
		}
		for i := 2; i <= wi; i++ {
			if *got.StackTrace[i] != *want.StackTrace[i] {
				t.Errorf("%s: frame %d: got %+v, want %+v", tc.name, i, *got.StackTrace[i], *want.StackTrace[i])
			}
		}
	}
}
