package invoke

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// TestPayloadLimits checks Lambda's limits at their edges: the event of a synchronous and of an
// Event invocation, and a function's response through JSON and through the typed path.
func TestPayloadLimits(t *testing.T) {
	ctx := context.Background()
	// 6 MiB through JSON under -race on a loaded machine can take longer than Lambda's default
	// 3 seconds
	reported := make(chan *Result, 1)
	l := &Local{Timeout: time.Minute, OnAsyncResult: func(_ *Invocation, r *Result) { reported <- r }}
	if err := l.Register("echo", func(s string) (string, error) { return s, nil }); err != nil {
		t.Fatal(err)
	}
	// a JSON string event of n bytes: the quotes and n-2 letters
	event := func(n int) []byte { return []byte(`"` + strings.Repeat("a", n-2) + `"`) }

	if r, err := l.Invoke(ctx, &Invocation{Function: "echo", Payload: event(MaxPayload)}); err != nil || r.FunctionError != "" {
		t.Errorf("an event of MaxPayload bytes: %v, %+v", err, r)
	}
	_, err := l.Invoke(ctx, &Invocation{Function: "echo", Payload: event(MaxPayload + 1)})
	if want := "Request must be smaller than 6291456 bytes for the InvokeFunction operation"; !errors.Is(err, ErrRequestTooLarge) || !strings.Contains(err.Error(), want) {
		t.Errorf("an event over MaxPayload: %v, want ErrRequestTooLarge saying %q", err, want)
	}
	if r, err := l.Invoke(ctx, &Invocation{Function: "echo", Payload: event(MaxAsyncPayload), Async: true}); err != nil || r.StatusCode != 202 {
		t.Errorf("an Event invocation of MaxAsyncPayload bytes: %v, %+v", err, r)
	}
	_, err = l.Invoke(ctx, &Invocation{Function: "echo", Payload: event(MaxAsyncPayload + 1), Async: true})
	if want := "Request must be smaller than 1048576 bytes"; !errors.Is(err, ErrRequestTooLarge) || !strings.Contains(err.Error(), want) {
		t.Errorf("an Event invocation over MaxAsyncPayload: %v, want ErrRequestTooLarge saying %q", err, want)
	}
	if r := <-reported; r.FunctionError != "" || len(r.Payload) != MaxAsyncPayload {
		t.Errorf("the Event invocation of MaxAsyncPayload bytes: %q, %d bytes", r.FunctionError, len(r.Payload))
	}

	const tooLarge = `{"errorType":"Function.ResponseSizeTooLarge","errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes)."}`
	if err := l.Register("big", func(n int) (string, error) { return strings.Repeat("a", n-2), nil }); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		size int
		fail bool
	}{{MaxResponsePayload, false}, {MaxResponsePayload + 1, true}} {
		n, _ := json.Marshal(tc.size)
		r, err := l.Invoke(ctx, &Invocation{Function: "big", Payload: n})
		switch {
		case err != nil:
			t.Errorf("a response of %d bytes: %v", tc.size, err)
		case tc.fail && (r.FunctionError != "Unhandled" || string(r.Payload) != tooLarge):
			t.Errorf("a response of %d bytes: %q %s, want Unhandled %s", tc.size, r.FunctionError, r.Payload, tooLarge)
		case !tc.fail && (r.FunctionError != "" || len(r.Payload) != tc.size):
			t.Errorf("a response of %d bytes: %q, %d bytes", tc.size, r.FunctionError, len(r.Payload))
		}
	}

	// typed: the response as encoding/json writes it (as the runtime does), at the limit and one
	// byte over
	empty, _ := json.Marshal(events.APIGatewayProxyResponse{StatusCode: 200})
	for _, tc := range []struct {
		fn   string
		size int
		fail bool
	}{{"typed-at-limit", MaxResponsePayload, false}, {"typed-over", MaxResponsePayload + 1, true}} {
		body := strings.Repeat("a", tc.size-len(empty)) // each letter adds a byte to "body":""
		fn := tc.fn
		err := l.Register(fn, func(events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
			return events.APIGatewayProxyResponse{StatusCode: 200, Body: body}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		resp, r, ok, err := invokeAny(ctx, l, fn, &events.APIGatewayProxyRequest{})
		switch {
		case !ok || err != nil:
			t.Errorf("typed, a response of %d bytes: ok %v, %v", tc.size, ok, err)
		case tc.fail && (resp != nil || r.FunctionError != "Unhandled" || string(r.Payload) != tooLarge):
			t.Errorf("typed, a response of %d bytes: %q %s, want Unhandled %s", tc.size, r.FunctionError, r.Payload, tooLarge)
		case !tc.fail && r.FunctionError != "":
			t.Errorf("typed, a response of %d bytes: %q %s", tc.size, r.FunctionError, r.Payload)
		}
	}
}
