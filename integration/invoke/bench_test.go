package invoke

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// BenchmarkProxy calls a REST API proxy function with a realistic event: directly (the floor),
// through InvokeProxyEvent, and through JSON (the caller marshals the event and unmarshals the
// response, as it must without the typed path; invoke-only leaves both out).
func BenchmarkProxy(b *testing.B) {
	constant := func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		return events.APIGatewayProxyResponse{StatusCode: 200, Body: `{"ok":true}`}, nil
	}
	for _, h := range []struct {
		name string
		fn   proxyFunc
	}{{"const", constant}, {"petstore", proxyHandler}} {
		var l Local
		register(b, &l, "fn", h.fn)
		event := proxyEvent()
		ctx := context.Background()
		b.Run(h.name+"/direct", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := h.fn(ctx, *event); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(h.name+"/typed", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, ok, err := invokeAny(ctx, &l, "fn", event); !ok || err != nil {
					b.Fatal(ok, err)
				}
			}
		})
		b.Run(h.name+"/json", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				payload, _ := json.Marshal(event)
				r, err := l.Invoke(ctx, &Invocation{Function: "fn", Payload: payload})
				var resp events.APIGatewayProxyResponse
				if err != nil || json.Unmarshal(r.Payload, &resp) != nil {
					b.Fatal(err)
				}
			}
		})
		payload, _ := json.Marshal(event)
		b.Run(h.name+"/json-invoke-only", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := l.Invoke(ctx, &Invocation{Function: "fn", Payload: payload}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
