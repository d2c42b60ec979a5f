package lambda

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/internal/lambdaevent"
)

// proxyBenchHandler is a trivial proxy function: it answers the pet id from the path.
func proxyBenchHandler(_ context.Context, e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return events.APIGatewayProxyResponse{
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       `{"id":"` + e.PathParameters["petId"] + `","name":"Rex"}`,
	}, nil
}

// proxyBenchJSON is an in-process-like invoker without a typed path: it decodes the event and
// encodes the answer with encoding/json, as the Lambda runtime does for a Go function.
type proxyBenchJSON struct{}

func (proxyBenchJSON) Invoke(ctx context.Context, in *invoke.Invocation) (*invoke.Result, error) {
	var e events.APIGatewayProxyRequest
	if err := json.Unmarshal(in.Payload, &e); err != nil {
		return nil, err
	}
	resp, _ := proxyBenchHandler(ctx, e)
	out, err := json.Marshal(resp)
	return &invoke.Result{StatusCode: 200, Payload: out}, err
}

// proxyBenchTyped adds the typed path to proxyBenchJSON: the handler gets the struct.
type proxyBenchTyped struct{ proxyBenchJSON }

func (proxyBenchTyped) InvokeProxyEvent(ctx context.Context, _ string, e *events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, *invoke.Result, error) {
	resp, _ := proxyBenchHandler(ctx, *e)
	return &resp, &invoke.Result{StatusCode: 200}, nil
}

func (proxyBenchTyped) InvokeHTTPEvent(context.Context, string, *events.APIGatewayV2HTTPRequest) (*events.APIGatewayV2HTTPResponse, *invoke.Result, error) {
	return nil, nil, invoke.ErrNoEventHandler
}

// proxyBenchTypedLarge is a typed function that answers a fixed 1 MiB body: what the gateway
// does with a large body the function already has (copy it or not) is all that differs.
type proxyBenchTypedLarge struct{ proxyBenchTyped }

var proxyBenchLargeBody = strings.Repeat(`{"id":"7","name":"Rex"},`, 1<<20/24)

func (proxyBenchTypedLarge) InvokeProxyEvent(context.Context, string, *events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, *invoke.Result, error) {
	return &events.APIGatewayProxyResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "application/json"}, Body: proxyBenchLargeBody},
		&invoke.Result{StatusCode: 200}, nil
}

// proxyBenchFixed answers a fixed payload: what is left is Proxy's own work, the event
// written and the answer read.
type proxyBenchFixed struct{}

var proxyBenchPayload = []byte(`{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"id\":\"7\",\"name\":\"Rex\"}"}`)

func (proxyBenchFixed) Invoke(context.Context, *invoke.Invocation) (*invoke.Result, error) {
	return &invoke.Result{StatusCode: 200, Payload: proxyBenchPayload}, nil
}

// proxyBenchRequest is a typical request: a GET with a browser's headers, a query string, a path
// parameter.
func proxyBenchRequest() *apigate.Request {
	r := proxyTestRequest()
	r.Method, r.Context.HTTPMethod, r.Body = "GET", "GET", nil
	r.HTTP = httptest.NewRequest("GET", "https://"+proxyTestHost+"/prod/pets/7?a=1&a=2&b=%20x", nil)
	r.HTTP.RemoteAddr = "203.0.113.9:1234"
	r.Header["User-Agent"] = []string{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"}
	r.Header["Accept-Encoding"] = []string{"gzip, deflate, br"}
	r.Header["Accept-Language"] = []string{"en-US,en;q=0.9"}
	delete(r.Header, "X-Amzn-Trace-Id")
	delete(r.Header, "Content-Type")
	return r
}

func proxyBench(b *testing.B, inv invoke.Invoker, v PayloadVersion) {
	p := Proxy("pets", inv, ProxyOptions{Payload: v})
	if err := p.Validate(); err != nil {
		b.Fatal(err)
	}
	r := proxyBenchRequest()
	ctx := context.Background()
	resp, err := p.Integrate(ctx, r)
	if err != nil || resp.StatusCode != 200 || !strings.Contains(string(resp.Body), `"Rex"`) {
		b.Fatalf("%v %+v", err, resp)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := p.Integrate(ctx, r)
		if err != nil {
			b.Fatal(err)
		}
		resp.Release() // as the gateway does once it has sent the response
	}
}

// BenchmarkProxy integrates a typical GET with a trivial function: through the JSON event
// (the function's side decoding and encoding with encoding/json, as the Lambda runtime does),
// through the typed fast path (no JSON anywhere), and with a fixed answer (Proxy's own
// cost: the event written, the answer read).
func BenchmarkProxy(b *testing.B) {
	b.Run("json", func(b *testing.B) { proxyBench(b, proxyBenchJSON{}, Payload10) })
	b.Run("typed", func(b *testing.B) { proxyBench(b, proxyBenchTyped{}, Payload10) })
	b.Run("typed-1MiB", func(b *testing.B) { proxyBench(b, proxyBenchTypedLarge{}, Payload10) })
	b.Run("fixed-answer", func(b *testing.B) { proxyBench(b, proxyBenchFixed{}, Payload10) })
	b.Run("fixed-answer-2.0", func(b *testing.B) { proxyBench(b, proxyBenchFixed{}, Payload20) })
}

// BenchmarkProxyResponse reads a typical answer and builds the method response from it (see
// internal/lambdaevent's BenchmarkParseResponse for the reading alone).
func BenchmarkProxyResponse(b *testing.B) {
	r := proxyBenchRequest()
	b.Run("reader", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out lambdaevent.Response
			if err := lambdaevent.ParseResponse(proxyBenchPayload, false, &out); err != nil {
				b.Fatal(err)
			}
			if _, err := finish(&out, r, false, "Root=1-x"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var resp events.APIGatewayProxyResponse
			if err := json.Unmarshal(proxyBenchPayload, &resp); err != nil {
				b.Fatal(err)
			}
		}
	})
}
