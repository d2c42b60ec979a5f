package lambda_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration/internal/itest"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/lambda"
	"github.com/apigate/apigate/stage"
)

// proxyConfSkipped lists the cases not run, each with its reason.
var proxyConfSkipped = map[string]string{
	"proxy-v1-resp-sam-http-api-missing-status": "an HTTP API's payload format 1.0 (api_type HTTP) is the HTTP API's; Proxy's Payload10 is the REST API's, where a missing statusCode is 200 (AWS-recorded, proxy-v1-rest-resp-empty-object); the case is SAM's, not AWS-validated",
}

// proxyConfExceptions lists single checks of a case not made ("case id/key"), each with its reason.
var proxyConfExceptions = map[string]string{
	"proxy-v1-doc-sample-repeated/queryStringParameters":             "the developer guide's sample shows the first value of a repeated query parameter; the AWS-recorded proxy-v1-rest-req-multivalue-query-and-body shows the last, which Proxy follows (README: sources disagree, 3)",
	"proxy-v2-req-doc-repeated-query-header-cookies/body":            "the developer guide's sample request lists no Content-Type (a trimmed sample: no Host or X-Forwarded-* either); a body without one arrives base64-encoded (proxy-v2-req-body-encoding-none, reported checked on AWS), so the sample's text body implies a text Content-Type the case does not give",
	"proxy-v2-req-doc-repeated-query-header-cookies/isBase64Encoded": "as for body: the sample's request had a text Content-Type that the case leaves out",
}

// proxyConfCase is one case of proxy.jsonl.
type proxyConfCase struct {
	ID     string          `json:"id"`
	Source json.RawMessage `json:"source"`
	Input  struct {
		APIType          string            `json:"api_type"`
		PayloadVersion   string            `json:"payload_version"`
		Integration      string            `json:"integration"`
		Resource         string            `json:"resource"`
		Method           string            `json:"method"`
		Stage            string            `json:"stage"`
		RouteKey         string            `json:"route_key"`
		BinaryMediaTypes []string          `json:"binaryMediaTypes"`
		RequestHeaders   map[string]string `json:"request_headers"`
		Request          *struct {
			Method     string      `json:"method"`
			RawPath    string      `json:"raw_path"`
			RawQuery   string      `json:"raw_query"`
			Headers    [][2]string `json:"headers"`
			Body       *string     `json:"body"`
			BodyBase64 string      `json:"body_base64"`
		} `json:"request"`
		RequestParameters   map[string]string `json:"integration_requestParameters"`
		LambdaResultJSON    json.RawMessage   `json:"lambda_result_json"`
		LambdaResultRaw     *string           `json:"lambda_result_raw"`
		LambdaFunctionError json.RawMessage   `json:"lambda_function_error"`
	} `json:"input"`
	Expected map[string]json.RawMessage `json:"expected"`
}

// proxyConfInvoker is the function of a case: it records the events it gets and answers the case's
// result.
type proxyConfInvoker struct {
	mu     sync.Mutex
	events [][]byte
	typed  []any
	result invoke.Result
}

func (f *proxyConfInvoker) Invoke(_ context.Context, in *invoke.Invocation) (*invoke.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, in.Payload)
	res := f.result
	return &res, nil
}

// proxyConfFallbackInvoker offers the typed fast path, records the struct, and declines (ok
// false): Proxy then sends the JSON event for the same request, and the test checks that
// the struct is what decoding that JSON gives.
type proxyConfFallbackInvoker struct{ *proxyConfInvoker }

func (f proxyConfFallbackInvoker) invokeEvent(_ context.Context, event any) (any, *invoke.Result, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.typed = append(f.typed, proxyConfCopyEvent(event))
	return nil, nil, false, nil
}

func (f proxyConfFallbackInvoker) InvokeProxyEvent(ctx context.Context, fn string, e *events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, *invoke.Result, error) {
	return lambda.EventMethods{f.invokeEvent}.InvokeProxyEvent(ctx, fn, e)
}

func (f proxyConfFallbackInvoker) InvokeHTTPEvent(ctx context.Context, fn string, e *events.APIGatewayV2HTTPRequest) (*events.APIGatewayV2HTTPResponse, *invoke.Result, error) {
	return lambda.EventMethods{f.invokeEvent}.InvokeHTTPEvent(ctx, fn, e)
}

// proxyConfCopyEvent copies the struct event points to: the caller reuses it once the
// invoker returns (invoke.EventInvoker).
func proxyConfCopyEvent(event any) any {
	switch e := event.(type) {
	case *events.APIGatewayProxyRequest:
		c := *e
		return &c
	case *events.APIGatewayV2HTTPRequest:
		c := *e
		return &c
	}
	return event
}

// proxyConfEventInvoker answers through the typed fast path with the case's result as an events
// struct; Invoke must not be called.
type proxyConfEventInvoker struct {
	*proxyConfInvoker
	answer any
}

func (f proxyConfEventInvoker) invokeEvent(_ context.Context, event any) (any, *invoke.Result, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.typed = append(f.typed, proxyConfCopyEvent(event))
	return f.answer, nil, true, nil
}

func (f proxyConfEventInvoker) InvokeProxyEvent(ctx context.Context, fn string, e *events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, *invoke.Result, error) {
	return lambda.EventMethods{f.invokeEvent}.InvokeProxyEvent(ctx, fn, e)
}

func (f proxyConfEventInvoker) InvokeHTTPEvent(ctx context.Context, fn string, e *events.APIGatewayV2HTTPRequest) (*events.APIGatewayV2HTTPResponse, *invoke.Result, error) {
	return lambda.EventMethods{f.invokeEvent}.InvokeHTTPEvent(ctx, fn, e)
}

// TestConformanceProxy drives every case of proxy.jsonl through the real request path: a
// REST API (gateway.RESTAPI) with the case's resource, method, stage and binary media types,
// whose method is a Proxy with a fake function that records the event and answers the
// case's result; the case's request (raw path, raw query, headers, body) is parsed by
// net/http's request reader, as a server parses it, and served by the gateway. HTTP API cases
// (api_type HTTP) run through Integrate with the request an HTTP API gateway builds ($default
// stage, the route key in Context.ResourcePath), the HTTP API gateway being another package's.
//
// Every case runs three ways: with the JSON event; through the typed fast path declined (the
// struct Proxy fills must equal the decoded JSON event of the same request); and, for a
// response the events struct can hold, through the typed fast path answering with it.
//
// Header names: a net/http server canonicalizes the names it reads (tEsT-HEADeR becomes
// Test-Header), so the client's spelling, which AWS keeps, never reaches the gateway. An
// expected payload 1.0 header name that is not in canonical form is therefore matched in any
// case; one in canonical form (Authorization, User-Agent, which AWS canonicalizes too) and every
// 2.0 name (lower case) are matched exactly. Response headers are matched in any case (HTTP
// names are case-insensitive, and the cases give them as JSON), except where a case checks a
// spelling (headers_subset_as_seen_by_python_requests).
func TestConformanceProxy(t *testing.T) {
	var total, passed, skipped, typed int
	for _, line := range itest.ConformanceLines(t, "proxy.jsonl") {
		var c proxyConfCase
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		total++
		if reason, ok := proxyConfSkipped[c.ID]; ok {
			skipped++
			t.Logf("skipped %s: %s", c.ID, reason)
			continue
		}
		ok := t.Run(c.ID, func(t *testing.T) {
			for _, mode := range []string{"json", "typed-declined", "typed"} {
				if proxyConfRun(t, &c, mode) && mode == "typed" {
					typed++
				}
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("proxy.jsonl: %d cases, %d passed, %d skipped, %d failed; %d answered through the typed fast path too", total, passed, skipped, total-passed-skipped, typed)
	if total != 52 {
		t.Errorf("proxy.jsonl has %d cases, the README says 52", total)
	}
}

// proxyConfRun runs a case one way, and reports whether it ran (the typed way runs only for a
// result an events struct holds).
func proxyConfRun(t *testing.T, c *proxyConfCase, mode string) bool {
	t.Helper()
	v2 := c.Input.PayloadVersion == "2.0"
	base := &proxyConfInvoker{result: proxyConfResult(t, c)}
	var inv invoke.Invoker = base
	switch mode {
	case "typed-declined":
		inv = proxyConfFallbackInvoker{base}
	case "typed":
		answer, ok := proxyConfTypedAnswer(c, v2)
		if !ok {
			return false // the result is not an events struct, or there is none to give
		}
		inv = proxyConfEventInvoker{base, answer}
	}
	version := lambda.Payload10
	if v2 {
		version = lambda.Payload20
	}
	integ := lambda.Proxy("arn:aws:lambda:us-east-1:123456789012:function:conformance", inv, lambda.ProxyOptions{Payload: version})
	if err := integ.Validate(); err != nil {
		t.Fatal(err)
	}
	hr := proxyConfHTTPRequest(t, c)
	var status int
	var header http.Header
	var body []byte
	if c.Input.APIType == "HTTP" {
		status, header, body = proxyConfServeHTTPAPI(t, c, integ, hr)
	} else {
		status, header, body = proxyConfServeREST(t, c, integ, hr)
	}

	var fails []string
	fail := func(format string, args ...any) { fails = append(fails, fmt.Sprintf(format, args...)) }
	for key, raw := range c.Expected {
		var want any
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if reason, ok := proxyConfExceptions[c.ID+"/"+key]; ok {
			t.Logf("%s: not checked: %s", key, reason)
			continue
		}
		switch key {
		case "event_subset", "absent_keys":
			if mode == "typed" {
				continue // the typed answer checks the response
			}
			base.mu.Lock()
			evs, typed := base.events, base.typed
			base.mu.Unlock()
			if len(evs) != 1 {
				fail("the function got %d JSON events, want 1", len(evs))
				continue
			}
			var event map[string]any
			if err := json.Unmarshal(evs[0], &event); err != nil {
				fail("event: %v: %s", err, evs[0])
				continue
			}
			if mode == "typed-declined" {
				proxyConfCheckTyped(t, evs[0], typed, v2)
			}
			if key == "absent_keys" {
				for _, k := range want.([]any) {
					if _, ok := event[k.(string)]; ok {
						fail("event has %s", k)
					}
				}
				continue
			}
			for k, w := range want.(map[string]any) {
				if reason, ok := proxyConfExceptions[c.ID+"/"+k]; ok {
					t.Logf("%s: not checked: %s", k, reason)
					continue
				}
				fails = append(fails, proxyConfCheckEventKey(event, k, w, v2)...)
			}
		case "status":
			if float64(status) != want.(float64) {
				fail("status %d, want %v (body %s)", status, want, body)
			}
		case "body":
			w, _ := want.(string) // null: no body
			if string(body) != w {
				fail("body %q, want %q", body, w)
			}
		case "body_json":
			var got any
			if json.Unmarshal(body, &got) != nil || !reflect.DeepEqual(got, want) {
				fail("body %s, want JSON %s", body, raw)
			}
		case "body_base64":
			w, _ := base64.StdEncoding.DecodeString(want.(string))
			if !bytes.Equal(body, w) {
				fail("body %q, want the bytes of %s", body, raw)
			}
		case "body_bytes_utf8":
			if string(body) != want.(string) {
				fail("body %q, want %q", body, want)
			}
		case "body_is":
			// a description of the other body checks
		case "headers_subset":
			for name, w := range want.(map[string]any) {
				if got, ok := proxyConfHeader(header, name, false); !ok || got != w.(string) {
					fail("header %s: %q (present %v), want %q; headers %v", name, got, ok, w, header)
				}
			}
		case "headers_subset_as_seen_by_python_requests":
			for name, w := range want.(map[string]any) {
				if got, ok := proxyConfHeader(header, name, true); !ok || got != w.(string) {
					fail("header %s (spelled so): %q (present %v), want %q; headers %v", name, got, ok, w, header)
				}
			}
		case "response_header_values":
			for name, w := range want.(map[string]any) {
				var wv []string
				for _, v := range w.([]any) {
					wv = append(wv, v.(string))
				}
				if got := proxyConfHeaderValues(header, name); !slices.Equal(got, wv) {
					fail("header %s: %q, want %q", name, got, wv)
				}
			}
		case "set_cookie_headers":
			var wv []string
			for _, v := range want.([]any) {
				wv = append(wv, v.(string))
			}
			if got := proxyConfHeaderValues(header, "Set-Cookie"); !slices.Equal(got, wv) {
				fail("Set-Cookie %q, want %q", got, wv)
			}
		default:
			fail("the harness does not know expected key %q", key)
		}
	}
	if mode == "typed" {
		base.mu.Lock()
		if len(base.events) != 0 {
			fail("typed mode: the function got JSON events")
		}
		base.mu.Unlock()
	}
	for _, f := range fails {
		t.Errorf("%s (%s): %s", c.ID, mode, f)
	}
	return true
}

// proxyConfResult is the case's function result: its JSON or raw payload, its function error, or
// (for a case about the event) a plain 200.
func proxyConfResult(t *testing.T, c *proxyConfCase) invoke.Result {
	in := &c.Input
	switch {
	case in.LambdaFunctionError != nil:
		return invoke.Result{StatusCode: 200, FunctionError: "Unhandled", Payload: in.LambdaFunctionError}
	case in.LambdaResultRaw != nil:
		return invoke.Result{StatusCode: 200, Payload: []byte(*in.LambdaResultRaw)}
	case in.LambdaResultJSON != nil:
		return invoke.Result{StatusCode: 200, Payload: in.LambdaResultJSON}
	}
	return invoke.Result{StatusCode: 200, Payload: []byte(`{"statusCode":200,"body":""}`)}
}

// proxyConfTypedAnswer returns the case's JSON result as the events response struct of its payload
// format, when the struct holds all of it: only the struct's keys, spelled exactly, with
// values of the struct's types.
func proxyConfTypedAnswer(c *proxyConfCase, v2 bool) (any, bool) {
	raw := c.Input.LambdaResultJSON
	if raw == nil || c.Input.LambdaFunctionError != nil {
		return nil, false
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) != nil {
		return nil, false
	}
	allowed := []string{"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}
	var answer any = new(events.APIGatewayProxyResponse)
	if v2 {
		allowed = append(allowed, "cookies")
		answer = new(events.APIGatewayV2HTTPResponse)
	}
	for k := range keys {
		if !slices.Contains(allowed, k) {
			return nil, false
		}
	}
	if _, ok := keys["statusCode"]; v2 && !ok {
		return nil, false // an inferred 2.0 response: no struct for it
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if dec.Decode(answer) != nil {
		return nil, false
	}
	return answer, true
}

// proxyConfCheckTyped checks that the struct the typed fast path got equals the JSON event decoded
// into it.
func proxyConfCheckTyped(t *testing.T, event []byte, typed []any, v2 bool) {
	t.Helper()
	if len(typed) != 1 {
		t.Errorf("the typed fast path got %d events, want 1", len(typed))
		return
	}
	var want any = new(events.APIGatewayProxyRequest)
	if v2 {
		want = new(events.APIGatewayV2HTTPRequest)
	}
	if err := json.Unmarshal(event, want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(typed[0], want) {
		t.Errorf("typed event differs from the JSON event:\n typed %+v\n json  %+v", typed[0], want)
	}
}

// proxyConfCheckEventKey checks one key of event_subset.
func proxyConfCheckEventKey(event map[string]any, key string, want any, v2 bool) []string {
	switch key {
	case "headers_subset", "multiValueHeaders_subset", "headers", "multiValueHeaders":
		// headers and multiValueHeaders (the developer guide's samples) hold only the client's
		// headers, where every event also has Host, X-Forwarded-* and X-Amzn-Trace-Id: a subset
		field := strings.TrimSuffix(key, "_subset")
		got, _ := event[field].(map[string]any)
		var fails []string
		for name, w := range want.(map[string]any) {
			gv, ok := proxyConfEventHeader(got, name, v2)
			if !ok || !reflect.DeepEqual(gv, w) {
				fails = append(fails, fmt.Sprintf("%s[%s] = %v (present %v), want %v; %s = %v", field, name, gv, ok, w, field, got))
			}
		}
		return fails
	case "requestContext_subset":
		return proxyConfSubset("requestContext", event["requestContext"], want)
	}
	if got := event[key]; !reflect.DeepEqual(got, want) {
		return []string{fmt.Sprintf("%s = %#v, want %#v", key, got, want)}
	}
	return nil
}

// proxyConfSubset checks that got has want's keys with want's values, objects compared as subsets
// too (a snapshot's redacted keys, such as sourceIp, are left out of the expected values).
func proxyConfSubset(path string, got, want any) []string {
	wm, ok := want.(map[string]any)
	if !ok {
		if !reflect.DeepEqual(got, want) {
			return []string{fmt.Sprintf("%s = %#v, want %#v", path, got, want)}
		}
		return nil
	}
	gm, ok := got.(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("%s = %#v, want an object", path, got)}
	}
	var fails []string
	for k, w := range wm {
		g, ok := gm[k]
		if !ok {
			fails = append(fails, fmt.Sprintf("%s.%s is missing", path, k))
			continue
		}
		fails = append(fails, proxyConfSubset(path+"."+k, g, w)...)
	}
	return fails
}

// proxyConfEventHeader finds an event header: exactly for 2.0 and for a name in Go's canonical
// form, in any case for a 1.0 name whose spelling net/http's server loses.
func proxyConfEventHeader(h map[string]any, name string, v2 bool) (any, bool) {
	if v, ok := h[name]; ok || v2 || name == textproto.CanonicalMIMEHeaderKey(name) {
		return v, ok
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

// proxyConfHeader returns a response header's values joined with ", " (as a client that folds
// repeated headers sees them), by exact spelling or in any case.
func proxyConfHeader(h http.Header, name string, exact bool) (string, bool) {
	if vs, ok := h[name]; ok {
		return strings.Join(vs, ", "), true
	}
	if exact {
		return "", false
	}
	for k, vs := range h {
		if strings.EqualFold(k, name) {
			return strings.Join(vs, ", "), true
		}
	}
	return "", false
}

// proxyConfHeaderValues returns all values of a response header, in any case.
func proxyConfHeaderValues(h http.Header, name string) []string {
	var out []string
	for k, vs := range h {
		if strings.EqualFold(k, name) {
			out = append(out, vs...)
		}
	}
	return out
}

// proxyConfHost is the host requests are sent to, an execute-api endpoint's.
const proxyConfHost = "abc123defg.execute-api.us-east-1.amazonaws.com"

// proxyConfHTTPRequest builds the case's request as a server reads it off the wire: the request
// line with the raw path and query, the headers in the case's order, the body.
func proxyConfHTTPRequest(t *testing.T, c *proxyConfCase) *http.Request {
	t.Helper()
	in := &c.Input
	method, rawPath, rawQuery := "GET", "", ""
	var headers [][2]string
	var body []byte
	if req := in.Request; req != nil {
		if req.Method != "" {
			method = req.Method
		}
		rawPath, rawQuery, headers = req.RawPath, req.RawQuery, req.Headers
		switch {
		case req.BodyBase64 != "":
			var err error
			if body, err = base64.StdEncoding.DecodeString(req.BodyBase64); err != nil {
				t.Fatal(err)
			}
		case req.Body != nil:
			body = []byte(*req.Body)
		}
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range in.RequestHeaders {
			if !yield(k) {
				return
			}
		}
	}) {
		headers = append(headers, [2]string{name, in.RequestHeaders[name]})
	}
	if rawPath == "" {
		rawPath = "/test"
		if in.Stage != "" && in.APIType != "HTTP" {
			rawPath = "/" + in.Stage + "/test"
		}
	}
	target := rawPath
	if rawQuery != "" {
		target += "?" + rawQuery
	}
	var raw bytes.Buffer
	fmt.Fprintf(&raw, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, target, proxyConfHost)
	for _, h := range headers {
		fmt.Fprintf(&raw, "%s: %s\r\n", h[0], h[1])
	}
	if len(body) > 0 {
		fmt.Fprintf(&raw, "Content-Length: %d\r\n", len(body))
	}
	raw.WriteString("\r\n")
	raw.Write(body)
	hr, err := http.ReadRequest(bufio.NewReader(&raw))
	if err != nil {
		t.Fatalf("%s: %v", c.ID, err)
	}
	hr.RemoteAddr = "198.51.100.7:51234"
	return hr
}

// proxyConfServeREST serves the request through a REST API with the case's definition.
func proxyConfServeREST(t *testing.T, c *proxyConfCase, integ apigate.Integration, hr *http.Request) (int, http.Header, []byte) {
	t.Helper()
	in := &c.Input
	resource, method := in.Resource, in.Method
	if resource == "" {
		// the request's path as a resource of its own: the developer guide's samples have
		// "resource": "/my/path" and no path parameters
		resource = hr.URL.EscapedPath()
		if in.Stage != "" {
			resource = strings.TrimPrefix(resource, "/"+in.Stage)
		}
	}
	if method == "" {
		method = "ANY"
	}
	api := gateway.NewRESTAPI("conformance")
	api.Resource(resource).Method(method, integ)
	if len(in.BinaryMediaTypes) > 0 {
		api.BinaryMediaTypes(in.BinaryMediaTypes...)
	}
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	opts := []gateway.Option{gateway.Stage(stage.Config{Name: in.Stage})}
	if in.Stage == "" {
		opts = []gateway.Option{gateway.Stage(stage.Config{Name: "test"}), gateway.ServeAtRoot()}
	}
	gw, err := gateway.New(d, opts...)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	gw.ServeHTTP(rec, hr)
	return rec.Code, rec.Header(), rec.Body.Bytes()
}

// proxyConfServeHTTPAPI serves the request as an HTTP API gateway would: the $default stage at
// the root, the route key in Context.ResourcePath, the error's status and message as the
// response.
func proxyConfServeHTTPAPI(t *testing.T, c *proxyConfCase, integ apigate.Integration, hr *http.Request) (int, http.Header, []byte) {
	t.Helper()
	body, err := readAll(hr)
	if err != nil {
		t.Fatal(err)
	}
	header := hr.Header
	header["Host"] = []string{hr.Host}
	routeKey := c.Input.RouteKey
	if routeKey == "" {
		routeKey = "$default"
	}
	query, _ := url.ParseQuery(hr.URL.RawQuery)
	if len(query) == 0 {
		query = nil
	}
	now := time.Date(2020, 3, 12, 19, 3, 58, 0, time.UTC)
	// Built here, not with apigatetest.NewRequest, which builds a REST API's request: the stage
	// in front of the path; an HTTP API's $default stage is not in it, and there is no HTTP API
	// gateway yet to build the request.
	r := &apigate.Request{
		HTTP:   hr,
		Method: hr.Method,
		Path:   hr.URL.EscapedPath(),
		Query:  query,
		Header: header,
		Body:   body,
		Context: apigate.Context{
			AccountID:         "123456789012",
			APIID:             "abc123defg",
			DomainName:        proxyConfHost,
			DomainPrefix:      "abc123defg",
			ExtendedRequestID: "JK3OyhvZIAMEdNQ=",
			HTTPMethod:        hr.Method,
			Path:              hr.URL.EscapedPath(),
			Protocol:          "HTTP/1.1",
			RequestID:         "JK3OyhvZIAMEdNQ=",
			RequestTime:       now.Format("02/Jan/2006:15:04:05 +0000"),
			RequestTimeEpoch:  now.UnixMilli(),
			ResourcePath:      routeKey,
			Stage:             "$default",
			Identity:          apigate.Identity{SourceIP: "198.51.100.7", UserAgent: hr.UserAgent()},
		},
	}
	resp, err := integ.Integrate(context.Background(), r)
	if err != nil {
		var ge *apigate.Error
		if !errors.As(err, &ge) {
			t.Fatalf("Integrate: %v", err)
		}
		status := ge.Status
		if status == 0 {
			status = ge.Type.DefaultStatus()
		}
		msg, _ := ge.MessageText()
		b, _ := json.Marshal(map[string]string{"message": msg})
		return status, http.Header{"Content-Type": {"application/json"}}, b
	}
	return resp.StatusCode, resp.Header, resp.Body
}

func readAll(hr *http.Request) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(hr.Body)
	return b.Bytes(), err
}
