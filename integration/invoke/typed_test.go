package invoke

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda/messages"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// proxyEvent is a REST API proxy event as API Gateway sends one.
func proxyEvent() *events.APIGatewayProxyRequest {
	return &events.APIGatewayProxyRequest{
		Resource:   "/pets/{petId}",
		Path:       "/pets/42",
		HTTPMethod: "POST",
		Headers: map[string]string{
			"Accept": "application/json", "Content-Type": "application/json", "Host": "api.example.com",
			"User-Agent": "curl/8.5.0", "X-Forwarded-For": "203.0.113.7", "X-Forwarded-Port": "443",
			"X-Forwarded-Proto": "https", "X-Amzn-Trace-Id": "Root=1-65f0c2a1-0123456789abcdef01234567",
		},
		MultiValueHeaders: map[string][]string{
			"Accept": {"application/json"}, "Content-Type": {"application/json"}, "Host": {"api.example.com"},
			"User-Agent": {"curl/8.5.0"}, "X-Forwarded-For": {"203.0.113.7"}, "X-Forwarded-Port": {"443"},
			"X-Forwarded-Proto": {"https"}, "X-Amzn-Trace-Id": {"Root=1-65f0c2a1-0123456789abcdef01234567"},
		},
		QueryStringParameters:           map[string]string{"verbose": "true", "tag": "b"},
		MultiValueQueryStringParameters: map[string][]string{"verbose": {"true"}, "tag": {"a", "b"}},
		PathParameters:                  map[string]string{"petId": "42"},
		StageVariables:                  map[string]string{"env": "prod"},
		RequestContext: events.APIGatewayProxyRequestContext{
			AccountID: "123456789012", ResourceID: "abc123", Stage: "prod", RequestID: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
			Identity:     events.APIGatewayRequestIdentity{SourceIP: "203.0.113.7", UserAgent: "curl/8.5.0"},
			ResourcePath: "/pets/{petId}", HTTPMethod: "POST", APIID: "1234567890", Protocol: "HTTP/1.1",
			DomainName: "api.example.com", DomainPrefix: "api", RequestTime: "09/Apr/2015:12:34:56 +0000",
			RequestTimeEpoch: 1428582896000, Path: "/prod/pets/42",
		},
		Body: `{"name":"Rex","type":"dog","price":249.99,"tags":["good","boy"]}`,
	}
}

func proxyHandler(ctx context.Context, e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return events.APIGatewayProxyResponse{
		StatusCode:        201,
		Headers:           map[string]string{"Content-Type": "application/json", "X-Pet-Type": "dog"},
		MultiValueHeaders: map[string][]string{"Set-Cookie": {"a=1", "b=2"}},
		Body:              `{"pet":"` + e.PathParameters["petId"] + `","tag":"` + e.MultiValueQueryStringParameters["tag"][0] + `","host":"` + e.Headers["Host"] + `"}`,
	}, nil
}

func v2Handler(e events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return events.APIGatewayV2HTTPResponse{StatusCode: 200, Cookies: e.Cookies, Body: e.RawPath + "?" + e.RawQueryString}, nil
}

type namedProxyHandler func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)

func TestTypedSignatures(t *testing.T) {
	var arn string
	proxy := func(ctx context.Context, e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		if lc, ok := lambdacontext.FromContext(ctx); ok {
			arn = lc.InvokedFunctionArn
		}
		return events.APIGatewayProxyResponse{StatusCode: 200, Body: e.Path}, nil
	}
	v2 := func(ctx context.Context, e events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lc, _ := lambdacontext.FromContext(ctx)
		arn = lc.InvokedFunctionArn
		return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: e.RawPath}, nil
	}
	var l Local
	register(t, &l, "proxy", proxy)
	register(t, &l, "proxy-noctx", func(e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		return proxy(context.Background(), e)
	})
	register(t, &l, "proxy-named", namedProxyHandler(proxy))
	register(t, &l, "v2", v2)
	register(t, &l, "v2-noctx", v2Handler)
	for _, fn := range []string{"proxy", "proxy-noctx", "proxy-named", "v2", "v2-noctx"} {
		arn = ""
		var event any = &events.APIGatewayProxyRequest{Path: "/p"}
		if strings.HasPrefix(fn, "v2") {
			event = &events.APIGatewayV2HTTPRequest{RawPath: "/p", RawQueryString: ""}
		}
		resp, r, ok, err := invokeAny(context.Background(), &l, fn+":live", event)
		if err != nil || !ok {
			t.Fatalf("%s: ok %v, %v", fn, ok, err)
		}
		if r.StatusCode != 200 || r.FunctionError != "" || r.Payload != nil || !uuidRE.MatchString(r.RequestID) {
			t.Errorf("%s: result %+v", fn, r)
		}
		switch resp := resp.(type) {
		case *events.APIGatewayProxyResponse:
			if resp.Body != "/p" || strings.HasPrefix(fn, "v2") {
				t.Errorf("%s: response %+v", fn, resp)
			}
		case *events.APIGatewayV2HTTPResponse:
			if !strings.HasPrefix(resp.Body, "/p") || !strings.HasPrefix(fn, "v2") {
				t.Errorf("%s: response %+v", fn, resp)
			}
		default:
			t.Errorf("%s: response %T", fn, resp)
		}
		if want := "arn:aws:lambda:us-east-1:123456789012:function:" + fn + ":live"; fn != "proxy-noctx" && fn != "v2-noctx" && arn != want {
			t.Errorf("%s: InvokedFunctionArn %q, want %q", fn, arn, want)
		}
	}
}

func TestTypedNotApplicable(t *testing.T) {
	var l Local
	register(t, &l, "proxy", proxyHandler)
	register(t, &l, "v2", v2Handler)
	register(t, &l, "generic", func(ctx context.Context, e events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, error) {
		return nil, nil
	})
	for _, tc := range []struct {
		fn    string
		event any
	}{
		{"proxy", &events.APIGatewayV2HTTPRequest{}},
		{"proxy", (*events.APIGatewayProxyRequest)(nil)},
		{"v2", proxyEvent()},
		{"generic", proxyEvent()},
	} {
		resp, r, ok, err := invokeAny(context.Background(), &l, tc.fn, tc.event)
		if ok || err != nil || resp != nil || r != nil {
			t.Errorf("%s with %T: got %v %v %v %v, want not ok", tc.fn, tc.event, resp, r, ok, err)
		}
	}
	if _, _, _, err := invokeAny(context.Background(), &l, "nope", proxyEvent()); !errors.Is(err, ErrFunctionNotFound) {
		t.Errorf("unknown function: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, _, err := invokeAny(ctx, &l, "proxy", proxyEvent()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller: %v", err)
	}
}

// TestTypedMatchesJSON: the typed path's response is what the JSON path returns, once marshalled.
func TestTypedMatchesJSON(t *testing.T) {
	var l Local
	register(t, &l, "proxy", proxyHandler)
	register(t, &l, "v2", v2Handler)
	v2Event := &events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: "GET /items", RawPath: "/items", RawQueryString: "a=1&a=2&b=%20",
		Cookies: []string{"s=1", "t=2"}, Headers: map[string]string{"accept": "*/*"},
	}
	for fn, event := range map[string]any{"proxy": proxyEvent(), "v2": v2Event} {
		resp, _, ok, err := invokeAny(context.Background(), &l, fn, event)
		if !ok || err != nil {
			t.Fatalf("%s: %v %v", fn, ok, err)
		}
		// As aws-lambda-go marshals responses: without escaping HTML.
		var typed bytes.Buffer
		enc := json.NewEncoder(&typed)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(resp)
		typed.Truncate(typed.Len() - 1)
		payload, _ := json.Marshal(event)
		r := invoke(t, &l, fn, string(payload))
		if typed.String() != string(r.Payload) {
			t.Errorf("%s:\ntyped %s\n JSON %s", fn, typed.Bytes(), r.Payload)
		}
	}
}

func TestTypedFailures(t *testing.T) {
	var l Local
	register(t, &l, "error", func(events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		return events.APIGatewayProxyResponse{StatusCode: 200}, &customErr{"<no>"}
	})
	register(t, &l, "panic", func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		panic(errors.New("typed panic"))
	})
	register(t, &l, "slow", func(ctx context.Context, e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		<-ctx.Done()
		return events.APIGatewayProxyResponse{StatusCode: 200}, nil
	}, WithTimeout(10*time.Millisecond))

	resp, r, ok, err := invokeAny(context.Background(), &l, "error", proxyEvent())
	if !ok || err != nil || resp != nil || r.FunctionError != "Unhandled" {
		t.Fatalf("error: %v %+v %v %v", resp, r, ok, err)
	}
	if j := invoke(t, &l, "error", "{}"); string(r.Payload) != string(j.Payload) || string(r.Payload) != `{"errorMessage":"custom \u003cno\u003e","errorType":"customErr"}` {
		t.Errorf("error payload: typed %s, JSON %s", r.Payload, j.Payload)
	}

	resp, r, ok, err = invokeAny(context.Background(), &l, "panic", &events.APIGatewayV2HTTPRequest{})
	if !ok || err != nil || resp != nil || r.FunctionError != "Unhandled" {
		t.Fatalf("panic: %v %+v %v %v", resp, r, ok, err)
	}
	var got, want messages.InvokeResponse_Error
	_ = json.Unmarshal(r.Payload, &got)
	_ = json.Unmarshal(invoke(t, &l, "panic", "{}").Payload, &want)
	if got.Message != "typed panic" || got.Type != want.Type || got.Message != want.Message ||
		len(got.StackTrace) < 4 || got.StackTrace[3].Label != want.StackTrace[3].Label || !strings.HasPrefix(got.StackTrace[1].Label, "callEvent[") {
		t.Errorf("panic payload: typed %s\nJSON %+v", r.Payload, want)
	}

	resp, r, ok, err = invokeAny(context.Background(), &l, "slow", proxyEvent())
	if !ok || err != nil || resp != nil || r.FunctionError != "Unhandled" ||
		string(r.Payload) != `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: `+r.RequestID+` Error: Task timed out after 0.01 seconds"}` {
		t.Errorf("timeout: %v %+v %s %v %v", resp, r, r.Payload, ok, err)
	}
}

type customErr struct{ s string }

func (e *customErr) Error() string { return "custom " + e.s }

// TestTypedSkipsJSON: the typed path hands the event over as it is (a body that is not UTF-8
// would not survive JSON) and allocates a fraction of what the JSON path does.
func TestTypedSkipsJSON(t *testing.T) {
	var body string
	var l Local
	register(t, &l, "proxy", func(e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		body = e.Body
		return events.APIGatewayProxyResponse{StatusCode: 200}, nil
	})
	event := proxyEvent()
	event.Body = "\xff\xfe"
	if _, _, ok, err := invokeAny(context.Background(), &l, "proxy", event); !ok || err != nil || body != "\xff\xfe" {
		t.Fatalf("typed: %v %v, body %q", ok, err, body)
	}
	payload, _ := json.Marshal(event)
	invoke(t, &l, "proxy", string(payload))
	if body != "\ufffd\ufffd" {
		t.Fatalf("JSON: body %q", body)
	}

	register(t, &l, "real", proxyHandler)
	event = proxyEvent()
	typed := testing.AllocsPerRun(100, func() {
		if _, _, ok, err := invokeAny(context.Background(), &l, "real", event); !ok || err != nil {
			t.Fatal(ok, err)
		}
	})
	viaJSON := testing.AllocsPerRun(100, func() {
		payload, _ := json.Marshal(event)
		r, err := l.Invoke(context.Background(), &Invocation{Function: "real", Payload: payload})
		var resp events.APIGatewayProxyResponse
		if err != nil || json.Unmarshal(r.Payload, &resp) != nil {
			t.Fatal(err)
		}
	})
	t.Logf("allocations per call: typed %.0f, JSON %.0f", typed, viaJSON)
	if typed*4 > viaJSON {
		t.Errorf("typed path: %.0f allocations, JSON path %.0f", typed, viaJSON)
	}
}

// invokeAny calls the EventInvoker method for event's type and reports, as ok, whether the
// function took the event (false for ErrNoEventHandler, or an event of neither type).
func invokeAny(ctx context.Context, inv EventInvoker, fn string, event any) (resp any, r *Result, ok bool, err error) {
	switch e := event.(type) {
	case *events.APIGatewayProxyRequest:
		var p *events.APIGatewayProxyResponse
		p, r, err = inv.InvokeProxyEvent(ctx, fn, e)
		if p != nil {
			resp = p
		}
	case *events.APIGatewayV2HTTPRequest:
		var p *events.APIGatewayV2HTTPResponse
		p, r, err = inv.InvokeHTTPEvent(ctx, fn, e)
		if p != nil {
			resp = p
		}
	default:
		return nil, nil, false, nil
	}
	if errors.Is(err, ErrNoEventHandler) {
		return nil, nil, false, nil
	}
	return resp, r, true, err
}
