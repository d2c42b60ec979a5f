package lambda_test

import (
	"context"
	"strings"
	"testing"

	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/itest"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/lambda"
)

// payloadCheck is an Invoker that reports whether the event it gets is body's own bytes.
type payloadCheck struct {
	body []byte
	same *[]bool
}

func (p payloadCheck) Invoke(_ context.Context, in *invoke.Invocation) (*invoke.Result, error) {
	*p.same = append(*p.same, len(in.Payload) > 0 && &in.Payload[0] == &p.body[0])
	return &invoke.Result{StatusCode: 200, Payload: []byte(`{}`)}, nil
}

// TestBodyNotCopied: a body passed through to a function synchronously is the event as it
// is, not a copy; an asynchronous invocation, which outlives the request, gets a copy.
func TestBodyNotCopied(t *testing.T) {
	body := []byte(`{"big": "` + strings.Repeat("x", 1<<20) + `"}`)
	var same []bool
	for _, typ := range []string{"'RequestResponse'", "'Event'"} {
		in := lambda.NonProxy("fn", payloadCheck{body, &same}, integration.Options{
			RequestParameters: map[string]string{"integration.request.header.X-Amz-Invocation-Type": typ},
			Responses:         []integration.IntegrationResponse{{StatusCode: 200}},
		})
		r := itest.Request("POST", "/", "", "Content-Type", "application/json")
		r.Body = body
		itest.Integrate(t, in, r)
	}
	if len(same) != 2 || !same[0] || same[1] {
		t.Errorf("the event is the body's bytes: %v, want [true false] (synchronous, asynchronous)", same)
	}
}
