package lambda

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/invoke"
)

// proxyFake is a function behind an invoker: it records the events it gets and answers with
// answer (by default a 200 with an empty body).
type proxyFake struct {
	mu        sync.Mutex
	functions []string
	payloads  [][]byte
	answer    func(ctx context.Context, payload []byte) (*invoke.Result, error)
}

func (f *proxyFake) Invoke(ctx context.Context, in *invoke.Invocation) (*invoke.Result, error) {
	f.mu.Lock()
	f.functions = append(f.functions, in.Function)
	f.payloads = append(f.payloads, in.Payload)
	f.mu.Unlock()
	if f.answer == nil {
		return &invoke.Result{StatusCode: 200, Payload: []byte(`{"statusCode":200}`)}, nil
	}
	return f.answer(ctx, in.Payload)
}

// proxyAnswer returns a fake that answers payload.
func proxyAnswer(payload string) *proxyFake {
	return &proxyFake{answer: func(context.Context, []byte) (*invoke.Result, error) {
		return &invoke.Result{StatusCode: 200, Payload: []byte(payload)}, nil
	}}
}

// proxyEventFake adds the typed fast path to proxyFake.
type proxyEventFake struct {
	*proxyFake
	typedCalls int
	typed      func(ctx context.Context, event any) (any, *invoke.Result, bool, error)
}

func (f *proxyEventFake) invokeEvent(ctx context.Context, event any) (any, *invoke.Result, bool, error) {
	f.mu.Lock()
	f.typedCalls++
	f.mu.Unlock()
	return f.typed(ctx, event)
}

func (f *proxyEventFake) InvokeProxyEvent(ctx context.Context, fn string, e *events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, *invoke.Result, error) {
	return EventMethods{f.invokeEvent}.InvokeProxyEvent(ctx, fn, e)
}

func (f *proxyEventFake) InvokeHTTPEvent(ctx context.Context, fn string, e *events.APIGatewayV2HTTPRequest) (*events.APIGatewayV2HTTPResponse, *invoke.Result, error) {
	return EventMethods{f.invokeEvent}.InvokeHTTPEvent(ctx, fn, e)
}

// proxyTypedCall adapts a test's typed answer (any response, ok false to decline) to the methods of
// invoke.EventInvoker.
func proxyTypedCall[Resp any](f func(context.Context, any) (any, *invoke.Result, bool, error), ctx context.Context, event any) (*Resp, *invoke.Result, error) {
	resp, res, ok, err := f(ctx, event)
	if !ok && err == nil {
		return nil, nil, invoke.ErrNoEventHandler
	}
	p, _ := resp.(*Resp)
	if v, isValue := resp.(Resp); isValue {
		p = &v
	}
	return p, res, err
}

// EventMethods (exported for the external tests) gives a fake answering through one function (any response; ok false declines) the two methods of
// invoke.EventInvoker.
type EventMethods struct {
	Typed func(context.Context, any) (any, *invoke.Result, bool, error)
}

func (m EventMethods) InvokeProxyEvent(ctx context.Context, _ string, e *events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, *invoke.Result, error) {
	return proxyTypedCall[events.APIGatewayProxyResponse](m.Typed, ctx, e)
}

func (m EventMethods) InvokeHTTPEvent(ctx context.Context, _ string, e *events.APIGatewayV2HTTPRequest) (*events.APIGatewayV2HTTPResponse, *invoke.Result, error) {
	return proxyTypedCall[events.APIGatewayV2HTTPResponse](m.Typed, ctx, e)
}

// proxyTestHost is the host of the test requests.
const proxyTestHost = "abc123defg.execute-api.us-east-1.amazonaws.com"

// proxyTestRequest is the method request the gateway builds (apigatetest.NewRequest) for POST
// https://{host}/prod/pets/7?a=1&a=2&b=%20x on the resource /pets/{petId}, with the ids, the
// client's address and user agent pinned.
func proxyTestRequest() *apigate.Request {
	r := apigatetest.NewRequest("POST", "https://"+proxyTestHost+"/pets/7?a=1&a=2&b=%20x", strings.NewReader(`{"name":"Rex"}`),
		apigatetest.Resource("/pets/{petId}"),
		apigatetest.StageVariables(map[string]string{"env": "prod"}),
		apigatetest.ReceivedAt(time.Date(2020, 3, 12, 19, 3, 58, 0, time.UTC)),
		apigatetest.Header("Accept", "application/json"),
		apigatetest.Header("Content-Type", "application/json"),
		apigatetest.Header("Connection", "keep-alive"),
		apigatetest.Header("X-Multi", "a"),
		apigatetest.Header("X-Multi", "b"),
		apigatetest.Header("X-Forwarded-For", "10.0.0.1"),
		apigatetest.Header("X-Amzn-Trace-Id", "Root=1-5e66d96f-7491f09xmpl79d18acf3d050"),
		apigatetest.Header("Cookie", "a=1; b=2"))
	r.HTTP.RemoteAddr = "203.0.113.9:1234"
	c := &r.Context
	c.APIID, c.DeploymentID, c.ExtendedRequestID = "abc123defg", "dep123", "JK3OyhvZIAMEdNQ="
	c.RequestID, c.ResourceID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "x1y2z3"
	c.Identity.SourceIP, c.Identity.UserAgent = "203.0.113.9", "curl/8.0"
	return r
}

// proxyRun integrates r with a Proxy of the given payload format over f and returns the
// response and the event the function got.
func proxyRun(t *testing.T, f invoke.Invoker, v PayloadVersion, r *apigate.Request) (*apigate.Response, map[string]any, error) {
	t.Helper()
	p := Proxy("arn:aws:lambda:us-east-1:123456789012:function:pets", f, ProxyOptions{Payload: v})
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	resp, err := p.Integrate(context.Background(), r)
	var fake *proxyFake
	switch f := f.(type) {
	case *proxyFake:
		fake = f
	case *proxyEventFake:
		fake = f.proxyFake
	}
	var event map[string]any
	if fake != nil && len(fake.payloads) > 0 {
		if err := json.Unmarshal(fake.payloads[len(fake.payloads)-1], &event); err != nil {
			t.Fatalf("the event is not JSON: %v: %s", err, fake.payloads[len(fake.payloads)-1])
		}
	}
	return resp, event, err
}

// TestProxyEventGolden checks both payload formats byte for byte for a request with
// everything: repeated headers and query parameters, a header API Gateway drops (Connection),
// X-Forwarded-For from a proxy, the client's trace id, cookies, path parameters, stage variables.
func TestProxyEventGolden(t *testing.T) {
	for _, tc := range []struct {
		v    PayloadVersion
		want string
	}{
		{Payload10, `{"resource":"/pets/{petId}","path":"/pets/7","httpMethod":"POST","headers":{"Accept":"application/json","Content-Type":"application/json","Cookie":"a=1; b=2","Host":"abc123defg.execute-api.us-east-1.amazonaws.com","X-Amzn-Trace-Id":"Root=1-5e66d96f-7491f09xmpl79d18acf3d050","X-Forwarded-For":"10.0.0.1, 203.0.113.9","X-Forwarded-Port":"443","X-Forwarded-Proto":"https","X-Multi":"b"},"multiValueHeaders":{"Accept":["application/json"],"Content-Type":["application/json"],"Cookie":["a=1; b=2"],"Host":["abc123defg.execute-api.us-east-1.amazonaws.com"],"X-Amzn-Trace-Id":["Root=1-5e66d96f-7491f09xmpl79d18acf3d050"],"X-Forwarded-For":["10.0.0.1, 203.0.113.9"],"X-Forwarded-Port":["443"],"X-Forwarded-Proto":["https"],"X-Multi":["a","b"]},"queryStringParameters":{"a":"2","b":" x"},"multiValueQueryStringParameters":{"a":["1","2"],"b":[" x"]},"pathParameters":{"petId":"7"},"stageVariables":{"env":"prod"},"requestContext":{"accountId":"123456789012","apiId":"abc123defg","deploymentId":"dep123","domainName":"abc123defg.execute-api.us-east-1.amazonaws.com","domainPrefix":"abc123defg","extendedRequestId":"JK3OyhvZIAMEdNQ=","httpMethod":"POST","identity":{"accessKey":null,"accountId":null,"caller":null,"cognitoAuthenticationProvider":null,"cognitoAuthenticationType":null,"cognitoIdentityId":null,"cognitoIdentityPoolId":null,"principalOrgId":null,"sourceIp":"203.0.113.9","user":null,"userAgent":"curl/8.0","userArn":null},"path":"/prod/pets/7","protocol":"HTTP/1.1","requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","requestTime":"12/Mar/2020:19:03:58 +0000","requestTimeEpoch":1584039838000,"resourceId":"x1y2z3","resourcePath":"/pets/{petId}","stage":"prod"},"body":"{\"name\":\"Rex\"}","isBase64Encoded":false}`},
		{Payload20, `{"version":"2.0","routeKey":"POST /pets/{petId}","rawPath":"/prod/pets/7","rawQueryString":"a=1&a=2&b=%20x","cookies":["a=1","b=2"],"headers":{"accept":"application/json","content-type":"application/json","host":"abc123defg.execute-api.us-east-1.amazonaws.com","x-amzn-trace-id":"Root=1-5e66d96f-7491f09xmpl79d18acf3d050","x-forwarded-for":"10.0.0.1, 203.0.113.9","x-forwarded-port":"443","x-forwarded-proto":"https","x-multi":"a,b"},"queryStringParameters":{"a":"1,2","b":" x"},"requestContext":{"accountId":"123456789012","apiId":"abc123defg","domainName":"abc123defg.execute-api.us-east-1.amazonaws.com","domainPrefix":"abc123defg","http":{"method":"POST","path":"/prod/pets/7","protocol":"HTTP/1.1","sourceIp":"203.0.113.9","userAgent":"curl/8.0"},"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","routeKey":"POST /pets/{petId}","stage":"prod","time":"12/Mar/2020:19:03:58 +0000","timeEpoch":1584039838000},"body":"{\"name\":\"Rex\"}","pathParameters":{"petId":"7"},"isBase64Encoded":false,"stageVariables":{"env":"prod"}}`},
	} {
		f := &proxyFake{}
		if _, _, err := proxyRun(t, f, tc.v, proxyTestRequest()); err != nil {
			t.Fatal(err)
		}
		if got := string(f.payloads[0]); got != tc.want {
			t.Errorf("payload %v:\n got %s\nwant %s", tc.v, got, tc.want)
		}
	}
}

// proxyGet returns the value at a path of keys in a decoded event.
func proxyGet(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// TestProxyEventRules checks the event rules one by one.
func TestProxyEventRules(t *testing.T) {
	trace := regexp.MustCompile(`^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$`)
	bare := func() *apigate.Request {
		r := proxyTestRequest()
		r.Header = http.Header{}
		r.Query, r.PathParameters, r.StageVariables, r.Body = nil, nil, nil, nil
		return r
	}

	t.Run("empty maps and body are null (1.0), left out (2.0)", func(t *testing.T) {
		_, ev, _ := proxyRun(t, &proxyFake{}, Payload10, bare())
		for _, k := range []string{"queryStringParameters", "multiValueQueryStringParameters", "pathParameters", "stageVariables", "body"} {
			if v, ok := ev[k]; !ok || v != nil {
				t.Errorf("1.0 %s = %v (present %v), want null", k, v, ok)
			}
		}
		if ev["isBase64Encoded"] != false {
			t.Errorf("isBase64Encoded = %v", ev["isBase64Encoded"])
		}
		_, ev, _ = proxyRun(t, &proxyFake{}, Payload20, bare())
		for _, k := range []string{"queryStringParameters", "pathParameters", "stageVariables", "body", "cookies", "multiValueHeaders"} {
			if v, ok := ev[k]; ok {
				t.Errorf("2.0 has %s = %v", k, v)
			}
		}
		if _, ok := ev["headers"].(map[string]any); !ok {
			t.Errorf("2.0 headers = %v, want an object", ev["headers"])
		}
	})

	t.Run("added headers", func(t *testing.T) {
		r := bare()
		r.HTTP = httptest.NewRequest("GET", "http://"+proxyTestHost+":8080/prod/x", nil)
		r.HTTP.RemoteAddr = "198.51.100.1:5555"
		r.Context.Identity.SourceIP = "198.51.100.1"
		r.Header["X-Amzn-Trace-Id"] = []string{"Self=1-abc"} // no Root: replaced
		_, ev, _ := proxyRun(t, &proxyFake{}, Payload10, r)
		h := ev["headers"].(map[string]any)
		if h["X-Forwarded-For"] != "198.51.100.1" || h["X-Forwarded-Port"] != "8080" || h["X-Forwarded-Proto"] != "http" {
			t.Errorf("forwarded headers %v", h)
		}
		if s, _ := h["X-Amzn-Trace-Id"].(string); !trace.MatchString(s) {
			t.Errorf("X-Amzn-Trace-Id %q", s)
		}
		// a proxy in front of the gateway set the port and scheme: kept
		r.Header["X-Forwarded-Proto"] = []string{"https"}
		r.Header["X-Forwarded-Port"] = []string{"443"}
		_, ev, _ = proxyRun(t, &proxyFake{}, Payload10, r)
		if h := ev["headers"].(map[string]any); h["X-Forwarded-Proto"] != "https" || h["X-Forwarded-Port"] != "443" {
			t.Errorf("forwarded headers %v", h)
		}
	})

	t.Run("dropped headers", func(t *testing.T) {
		r := bare()
		for _, n := range []string{"Connection", "Content-Length", "Content-Md5", "Expect", "Keep-Alive", "Max-Forwards", "Proxy-Authenticate", "Proxy-Connection", "Server", "Te", "Trailer", "Transfer-Encoding", "Upgrade", "Www-Authenticate"} {
			r.Header[n] = []string{"x"}
		}
		r.Header["Authorization"] = []string{"Bearer t"}
		_, ev, _ := proxyRun(t, &proxyFake{}, Payload10, r)
		h := ev["headers"].(map[string]any)
		for n := range r.Header {
			if _, ok := h[n]; ok != (n == "Authorization") {
				t.Errorf("1.0 header %s present %v", n, ok)
			}
		}
		_, ev, _ = proxyRun(t, &proxyFake{}, Payload20, r)
		if h := ev["headers"].(map[string]any); h["content-length"] != "x" || h["authorization"] != "Bearer t" || h["connection"] != nil {
			t.Errorf("2.0 headers %v", h)
		}
	})

	t.Run("path", func(t *testing.T) {
		for path, want := range map[string]string{"//x": "/x", "///x//y/": "/x//y/", "/x/": "/x/", "/": "/"} {
			r := bare()
			r.Path = path
			if _, ev, _ := proxyRun(t, &proxyFake{}, Payload10, r); ev["path"] != want {
				t.Errorf("path %q: event path %v, want %q", path, ev["path"], want)
			}
		}
	})

	t.Run("binary bodies", func(t *testing.T) {
		for _, tc := range []struct {
			v           PayloadVersion
			contentType string
			binary      []string
			base64      bool
		}{
			{Payload10, "image/png", []string{"image/*"}, true},
			{Payload10, "image/png; q=1", []string{"image/png"}, true},
			{Payload10, "application/octet-stream", []string{"*/*"}, true},
			{Payload10, "image/png", []string{"*/png"}, false},
			{Payload10, "application/octet-stream", nil, false},
			{Payload10, "", []string{"image/png"}, false},
			{Payload20, "application/octet-stream", nil, true},
			{Payload20, "", nil, true},
			{Payload20, "application/x-www-form-urlencoded", nil, true},
			{Payload20, "text/html; charset=utf-8", nil, false},
			{Payload20, "Application/JSON", nil, false},
			{Payload20, "application/xml", nil, false},
			{Payload20, "application/javascript", nil, false},
			{Payload20, "application/vnd.api+json", nil, true},
		} {
			r := bare()
			r.Body = []byte("\x00\xffbin")
			if tc.contentType != "" {
				r.Header["Content-Type"] = []string{tc.contentType}
			}
			r.BinaryMediaTypes = tc.binary
			_, ev, _ := proxyRun(t, &proxyFake{}, tc.v, r)
			want := any("\x00\ufffdbin")
			if tc.base64 {
				want = base64.StdEncoding.EncodeToString(r.Body)
			}
			if ev["isBase64Encoded"] != tc.base64 || ev["body"] != want {
				t.Errorf("%v %q %q: body %q isBase64Encoded %v, want %q %v", tc.v, tc.contentType, tc.binary, ev["body"], ev["isBase64Encoded"], want, tc.base64)
			}
		}
	})

	t.Run("identity and authorizer", func(t *testing.T) {
		r := bare()
		r.Context.Identity.APIKey, r.Context.Identity.APIKeyID = "key", "kid"
		r.Context.Identity.ClientCert = &apigate.ClientCert{ClientCertPem: "PEM", SubjectDN: "CN=a", IssuerDN: "CN=b", SerialNumber: "01", NotBefore: "nb", NotAfter: "na"}
		r.Context.Authorizer = &apigate.Authorizer{
			PrincipalID: "user",
			Context:     map[string]any{"n": 1, "b": true, "s": "x", "o": map[string]any{"k": 1}, "nil": nil},
			Claims:      map[string]any{"sub": "abc", "exp": 1.5e9},
		}
		_, ev, _ := proxyRun(t, &proxyFake{}, Payload10, r)
		id := proxyGet(ev, "requestContext", "identity").(map[string]any)
		if id["apiKey"] != "key" || id["apiKeyId"] != "kid" || proxyGet(id, "clientCert", "validity", "notAfter") != "na" || id["caller"] != nil {
			t.Errorf("identity %v", id)
		}
		want := map[string]any{"principalId": "user", "n": "1", "b": "true", "s": "x", "o": `{"k":1}`, "nil": nil,
			"claims": map[string]any{"sub": "abc", "exp": "1500000000"}}
		if got := proxyGet(ev, "requestContext", "authorizer"); !reflect.DeepEqual(got, want) {
			t.Errorf("1.0 authorizer %v, want %v", got, want)
		}

		_, ev, _ = proxyRun(t, &proxyFake{}, Payload20, r)
		if got := proxyGet(ev, "requestContext", "authorizer", "jwt", "claims"); !reflect.DeepEqual(got, map[string]any{"sub": "abc", "exp": "1500000000"}) {
			t.Errorf("2.0 jwt claims %v", got)
		}
		if got := proxyGet(ev, "requestContext", "authentication", "clientCert", "subjectDN"); got != "CN=a" {
			t.Errorf("2.0 clientCert %v", proxyGet(ev, "requestContext", "authentication"))
		}
		r.Context.Authorizer.Claims = nil
		_, ev, _ = proxyRun(t, &proxyFake{}, Payload20, r)
		want = map[string]any{"n": 1.0, "b": true, "s": "x", "o": map[string]any{"k": 1.0}, "nil": nil}
		if got := proxyGet(ev, "requestContext", "authorizer", "lambda"); !reflect.DeepEqual(got, want) {
			t.Errorf("2.0 lambda authorizer %v, want %v", got, want)
		}
		r.Context.Authorizer = nil
		_, ev, _ = proxyRun(t, &proxyFake{}, Payload10, r)
		if _, ok := ev["requestContext"].(map[string]any)["authorizer"]; ok {
			t.Error("1.0 authorizer present without an authorizer")
		}
	})

	t.Run("2.0 route key, raw path, headers, cookies", func(t *testing.T) {
		for _, tc := range []struct{ resource, stage, routeKey, rawPath string }{
			{"/pets/{petId}", "prod", "POST /pets/{petId}", "/prod/pets/7"},
			{"ANY /{proxy+}", "prod", "ANY /{proxy+}", "/prod/pets/7"},
			{"$default", "$default", "$default", "/pets/7"},
			{"", "", "$default", "/pets/7"},
		} {
			r := proxyTestRequest()
			r.Context.ResourcePath, r.Context.Stage = tc.resource, tc.stage
			if tc.stage == "$default" {
				r.Context.Path = "/$default/pets/7"
			}
			r.Header["x-multi"] = []string{"c"} // an in-process request's own spelling
			r.Header["Cookie"] = []string{"a=1; b=2", " c=3 ;;"}
			_, ev, _ := proxyRun(t, &proxyFake{}, Payload20, r)
			if ev["routeKey"] != tc.routeKey || proxyGet(ev, "requestContext", "routeKey") != tc.routeKey {
				t.Errorf("%q: routeKey %v", tc.resource, ev["routeKey"])
			}
			if ev["rawPath"] != tc.rawPath || proxyGet(ev, "requestContext", "http", "path") != tc.rawPath {
				t.Errorf("%q: rawPath %v", tc.resource, ev["rawPath"])
			}
			if got := proxyGet(ev, "headers", "x-multi"); got != "a,b,c" {
				t.Errorf("x-multi %v", got)
			}
			if got := ev["cookies"]; !reflect.DeepEqual(got, []any{"a=1", "b=2", "c=3"}) {
				t.Errorf("cookies %v", got)
			}
			if _, ok := ev["headers"].(map[string]any)["cookie"]; ok {
				t.Error("the cookie header is in headers")
			}
		}
	})

	t.Run("a request built in process, without an HTTP request", func(t *testing.T) {
		for _, v := range []PayloadVersion{Payload10, Payload20} {
			r := proxyTestRequest()
			r.HTTP = nil
			resp, ev, err := proxyRun(t, &proxyFake{}, v, r)
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("%v: %v", v, err)
			}
			proto := proxyGet(ev, "headers", "X-Forwarded-Proto")
			if v == Payload20 {
				proto = proxyGet(ev, "headers", "x-forwarded-proto")
				if ev["rawQueryString"] != "a=1&a=2&b=+x" {
					t.Errorf("rawQueryString %v", ev["rawQueryString"])
				}
			}
			if proto != "https" {
				t.Errorf("%v: X-Forwarded-Proto %v", v, proto)
			}
		}
	})

	t.Run("text", func(t *testing.T) {
		r := bare()
		r.Header["X-Bytes"] = []string{"a\xffb", "\u2028<&>\"\\\n\t\x01"}
		r.Body = []byte("caf\xc3\xa9 \xc3")
		_, ev, _ := proxyRun(t, &proxyFake{}, Payload10, r)
		if got := proxyGet(ev, "multiValueHeaders", "X-Bytes"); !reflect.DeepEqual(got, []any{"a\ufffdb", "\u2028<&>\"\\\n\t\x01"}) {
			t.Errorf("X-Bytes %q", got)
		}
		if ev["body"] != "café \ufffd" {
			t.Errorf("body %q", ev["body"])
		}
	})
}

// proxyErr returns the status and message of a gateway error, as the gateway answers it.
func proxyErr(err error) (int, string, apigate.ResponseType) {
	var ge *apigate.Error
	if !errors.As(err, &ge) {
		return 0, err.Error(), ""
	}
	status := ge.Status
	if status == 0 {
		status = ge.Type.DefaultStatus()
	}
	msg, _ := ge.MessageText()
	return status, msg, ge.Type
}

// proxyResponseCase is a function's answer and the response the client gets.
type proxyResponseCase struct {
	payload string
	status  int               // or the error's
	header  map[string]string // subset, by exact name ("" value: absent)
	body    string            // or the error's message
}

func proxyCheckResponses(t *testing.T, v PayloadVersion, accept string, binary []string, cases []proxyResponseCase) {
	t.Helper()
	for _, tc := range cases {
		r := proxyTestRequest()
		r.Header["Accept"] = []string{accept}
		r.BinaryMediaTypes = binary
		resp, _, err := proxyRun(t, proxyAnswer(tc.payload), v, r)
		var status int
		var body string
		var header http.Header
		if err != nil {
			status, body, _ = proxyErr(err)
		} else {
			status, body, header = resp.StatusCode, string(resp.Body), resp.Header
		}
		if status != tc.status || body != tc.body {
			t.Errorf("%v %s: %d %q (%v), want %d %q", v, tc.payload, status, body, err, tc.status, tc.body)
		}
		for k, want := range tc.header {
			if got := strings.Join(header[k], ", "); got != want {
				t.Errorf("%v %s: header %s = %q, want %q (%v)", v, tc.payload, k, got, want, header)
			}
		}
	}
}

func TestProxyResponseV1(t *testing.T) {
	const bad = "Internal server error"
	proxyCheckResponses(t, Payload10, "application/json", nil, []proxyResponseCase{
		{`{"statusCode":201,"body":"x"}`, 201, map[string]string{"Content-Type": "application/json"}, "x"},
		{`  {"statusCode":"201"}  `, 201, nil, ""},
		{`{"statusCode":201.0}`, 201, nil, ""},
		{`{"statusCode":2.01e2}`, 201, nil, ""},
		{`{"statusCode":0}`, 200, nil, ""},
		{`{"statusCode":null,"headers":null,"multiValueHeaders":null,"body":null,"isBase64Encoded":null}`, 200, nil, ""},
		{`{}`, 200, map[string]string{"Content-Type": "application/json"}, ""},
		{`{"statusCode":201.5}`, 502, nil, bad},
		{`{"statusCode":99}`, 502, nil, bad},
		{`{"statusCode":600}`, 502, nil, bad},
		{`{"statusCode":"2O1"}`, 502, nil, bad},
		{`{"statusCode":" 201"}`, 502, nil, bad},
		{`{"statusCode":true}`, 502, nil, bad},
		{`{"statusCode":[200]}`, 502, nil, bad},
		{`{"StatusCode":200}`, 502, nil, bad}, // keys are case-sensitive
		{`{"status\u0043ode":204}`, 204, nil, ""},
		{`{"statusCode":"x","statusCode":202}`, 202, nil, ""}, // the last of a repeated key counts
		{`{"statusCode":200,"cookies":["a=1"]}`, 502, nil, bad},
		{`{"statusCode":200} x`, 502, nil, bad},
		{`{"statusCode":200`, 502, nil, bad},
		{``, 502, nil, bad},
		{`null`, 502, nil, bad},
		{`"hello"`, 502, nil, bad},
		{`{"body":{"a":1}}`, 502, nil, bad},
		{`{"body":12.50}`, 200, nil, "12.50"},
		{`{"body":true}`, 200, nil, "true"},
		{`{"body":"caf\u00e9 \ud83d\ude00 \ud800"}`, 200, nil, "café 😀 \ufffd"},
		{`{"headers":{"a":1,"b":false,"c":null,"d":"x"}}`, 200, map[string]string{"a": "1", "b": "false", "c": "", "d": "x"}, ""},
		{`{"headers":{"a":{"x":1}}}`, 502, nil, bad},
		{`{"headers":["a"]}`, 502, nil, bad},
		{`{"headers":{"a":"1","a":"2"}}`, 200, map[string]string{"a": "2"}, ""},
		{`{"headers":{"bad name":"1","":"2","ok":"3"}}`, 200, map[string]string{"bad name": "", "": "", "ok": "3"}, ""},
		{`{"multiValueHeaders":{"a":[1,"x",null,true]}}`, 200, map[string]string{"a": "1, x, true"}, ""},
		{`{"multiValueHeaders":{"a":null,"b":[]}}`, 200, map[string]string{"a": "", "b": ""}, ""},
		{`{"multiValueHeaders":{"a":[[1]]}}`, 502, nil, bad},
		{`{"multiValueHeaders":{"a":"1"}}`, 502, nil, bad},
		{`{"multiValueHeaders":{"X-Foo":["bar","42"],"x-foo":["z"]},"headers":{"X-FOO":"foo"}}`, 200, map[string]string{"X-Foo": "bar, 42, foo", "x-foo": "z"}, ""},
		{`{"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},"headers":{"Set-Cookie":"c=3"}}`, 200, map[string]string{"Set-Cookie": "a=1, b=2, c=3"}, ""},
		// the same pair in both maps is sent once: "only the values from multiValueHeaders will
		// appear" (developer guide); a value of the headers map they lack still follows them
		{`{"multiValueHeaders":{"X-Pair":["a","b"]},"headers":{"X-Pair":"b"}}`, 200, map[string]string{"X-Pair": "a, b"}, ""},
		{`{"multiValueHeaders":{"tesT-Multi":["value-multi"]},"headers":{"test-multi":"value-multi"}}`, 200, map[string]string{"tesT-Multi": "value-multi", "test-multi": ""}, ""},
		{`{"multiValueHeaders":{"tesT-Multi":["value-multi"]},"headers":{"test-multi":"value-solo"}}`, 200, map[string]string{"tesT-Multi": "value-multi, value-solo", "test-multi": ""}, ""},
		{`{"multiValueHeaders":{"X-Pair":["B"]},"headers":{"X-Pair":"b"}}`, 200, map[string]string{"X-Pair": "B, b"}, ""}, // values compare exactly
		{`{"headers":{"content-type":"text/plain"}}`, 200, map[string]string{"content-type": "text/plain", "Content-Type": ""}, ""},
		{`{"headers":{"Content-Length":"99","date":"d","Server":"s","Connection":"close","X-Amzn-RequestId":"r","Transfer-Encoding":"chunked"}}`, 200,
			map[string]string{"x-amzn-Remapped-Content-Length": "99", "x-amzn-Remapped-Date": "d", "x-amzn-Remapped-Server": "s", "x-amzn-Remapped-Connection": "close",
				"x-amzn-Remapped-x-amzn-RequestId": "r", "Content-Length": "", "Transfer-Encoding": ""}, ""},
		{`{"headers":{"X-Amzn-Trace-Id":"mine"}}`, 200, map[string]string{"X-Amzn-Trace-Id": "mine"}, ""},
		{`{}`, 200, map[string]string{"X-Amzn-Trace-Id": "Root=1-5e66d96f-7491f09xmpl79d18acf3d050"}, ""},
		{`{"isBase64Encoded":"true","body":"aGk="}`, 200, nil, "aGk="}, // not decoded: Accept is not binary
		{`{"isBase64Encoded":"yes"}`, 502, nil, bad},
		{`{"isBase64Encoded":1}`, 502, nil, bad},
	})
}

func TestProxyResponseBinary(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte("\x89PNG"))
	payload := `{"isBase64Encoded":true,"body":"` + b64 + `","headers":{"Content-Type":"image/png"}}`
	for _, tc := range []struct {
		accept  string
		binary  []string
		decoded bool
	}{
		{"image/png", []string{"image/png"}, true},
		{"image/png, text/html", []string{"image/png"}, true},
		{"IMAGE/PNG;q=0.9", []string{"image/png"}, true},
		{"image/png", []string{"image/*"}, true},
		{"application/*", []string{"application/*"}, true},
		{"image/jpg", []string{"image/png"}, false},
		{"text/html, image/png", []string{"image/png"}, false},
		{"*/*", []string{"image/png"}, false},
		{"image/*", []string{"image/png"}, false},
		{"image/png", []string{"*/png"}, false},
		{"", []string{"image/png"}, false},
		{"image/png", nil, false},
	} {
		r := proxyTestRequest()
		r.Header["Accept"] = []string{tc.accept}
		r.BinaryMediaTypes = tc.binary
		resp, _, err := proxyRun(t, proxyAnswer(payload), Payload10, r)
		if err != nil {
			t.Fatal(err)
		}
		want := b64
		if tc.decoded {
			want = "\x89PNG"
		}
		if string(resp.Body) != want {
			t.Errorf("Accept %q, binary %q: body %q, want %q", tc.accept, tc.binary, resp.Body, want)
		}
	}
	// a body that is not base64, to be decoded, is API_CONFIGURATION_ERROR
	r := proxyTestRequest()
	r.Header["Accept"] = []string{"image/png"}
	r.BinaryMediaTypes = []string{"image/png"}
	_, _, err := proxyRun(t, proxyAnswer(`{"isBase64Encoded":true,"body":"%%%"}`), Payload10, r)
	if status, _, typ := proxyErr(err); status != 500 || typ != apigate.APIConfigurationError {
		t.Errorf("bad base64: %v", err)
	}
}

func TestProxyResponseV2(t *testing.T) {
	const bad = "Internal Server Error"
	proxyCheckResponses(t, Payload20, "application/json", nil, []proxyResponseCase{
		{`{"statusCode":201,"body":"x","headers":{"a":"1"}}`, 201, map[string]string{"a": "1", "content-type": "application/json"}, "x"},
		{`{"statusCode":"201","extra":{"deep":[1]}}`, 201, nil, ""},
		{`{"statusCode":0}`, 200, nil, ""},
		{`{"statusCode":"x"}`, 500, nil, bad},
		{`{"statusCode":200,"headers":{"a":[1]}}`, 500, nil, bad},
		{`{"statusCode":200,"multiValueHeaders":{"a":["1"]}}`, 200, map[string]string{"a": ""}, ""}, // ignored
		{`{"statusCode":200,"cookies":["a=1","b=2",3,null]}`, 200, map[string]string{"Set-Cookie": "a=1, b=2"}, ""},
		{`{"statusCode":200,"cookies":"a=1"}`, 200, map[string]string{"Set-Cookie": ""}, ""},
		{`{"statusCode":200,"headers":{"set-cookie":"s=0"},"cookies":["a=1"]}`, 200, map[string]string{"set-cookie": "s=0, a=1"}, ""},
		{`{"statusCode":200,"isBase64Encoded":true,"body":"aGk="}`, 200, nil, "hi"},
		{`{"statusCode":200,"isBase64Encoded":true,"body":"%"}`, 500, nil, bad},
		{`{"statusCode":200,"headers":{"Content-Type":"text/plain"}}`, 200, map[string]string{"Content-Type": "text/plain", "content-type": ""}, ""},
		// inferred responses
		{`{ "message": "hi" }`, 200, map[string]string{"content-type": "application/json", "X-Amzn-Trace-Id": ""}, `{ "message": "hi" }`},
		{`{"headers":{"a":{}}}`, 200, nil, `{"headers":{"a":{}}}`},
		{`"Hello from Lambda!"`, 200, nil, "Hello from Lambda!"},
		{`42`, 200, nil, "42"},
		{`[1,2]`, 200, nil, "[1,2]"},
		{`null`, 200, nil, "null"},
		{`{"statusCode":null}`, 200, nil, ""},
		{`not json`, 500, nil, bad},
		{``, 500, nil, bad},
	})
}

func TestProxyFailures(t *testing.T) {
	fnErr := &proxyFake{answer: func(context.Context, []byte) (*invoke.Result, error) {
		return &invoke.Result{StatusCode: 200, FunctionError: "Unhandled", Payload: []byte(`{"errorMessage":"boom","errorType":"Error"}`)}, nil
	}}
	failWith := func(err error) *proxyFake {
		return &proxyFake{answer: func(context.Context, []byte) (*invoke.Result, error) { return nil, err }}
	}
	slow := &proxyFake{answer: func(ctx context.Context, _ []byte) (*invoke.Result, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	late := &proxyFake{answer: func(ctx context.Context, _ []byte) (*invoke.Result, error) {
		<-ctx.Done() // a function that answers after the deadline anyway
		return &invoke.Result{StatusCode: 200, Payload: []byte(`{}`)}, nil
	}}
	for _, tc := range []struct {
		name   string
		inv    invoke.Invoker
		v      PayloadVersion
		status int
		typ    apigate.ResponseType
		msg    string
	}{
		{"function error 1.0", fnErr, Payload10, 502, apigate.Default5XX, "Internal server error"},
		{"function error 2.0", fnErr, Payload20, 500, apigate.Default5XX, "Internal Server Error"},
		{"not found", failWith(fmt.Errorf("no: %w", invoke.ErrFunctionNotFound)), Payload10, 500, apigate.APIConfigurationError, "Internal server error"},
		{"throttled", failWith(invoke.ErrTooManyRequests), Payload10, 500, apigate.IntegrationFailure, "Internal server error"},
		{"other", failWith(errors.New("network down")), Payload10, 500, apigate.IntegrationFailure, "Internal server error"},
		{"gateway error kept", failWith(&apigate.Error{Type: apigate.Throttled}), Payload10, 429, apigate.Throttled, "Too Many Requests"},
		{"timeout", slow, Payload10, 504, apigate.IntegrationTimeout, "Endpoint request timed out"},
		{"answer after the deadline", late, Payload10, 504, apigate.IntegrationTimeout, "Endpoint request timed out"},
	} {
		p := Proxy("fn", tc.inv, ProxyOptions{Payload: tc.v, Timeout: 50 * time.Millisecond})
		_, err := p.Integrate(context.Background(), proxyTestRequest())
		status, msg, typ := proxyErr(err)
		if status != tc.status || typ != tc.typ || msg != tc.msg {
			t.Errorf("%s: %d %s %q (%v), want %d %s %q", tc.name, status, typ, msg, err, tc.status, tc.typ, tc.msg)
		}
	}
	// a client that went away: the error as it is, nobody to answer
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Proxy("fn", slow, ProxyOptions{}).Integrate(ctx, proxyTestRequest())
	var ge *apigate.Error
	if !errors.Is(err, context.Canceled) || errors.As(err, &ge) {
		t.Errorf("canceled: %v", err)
	}
}

func TestProxyValidate(t *testing.T) {
	for _, tc := range []struct {
		fn   string
		inv  invoke.Invoker
		opts ProxyOptions
		want error
	}{
		{"fn", nil, ProxyOptions{}, errNoInvoker},
		{"fn", &proxyFake{}, ProxyOptions{Payload: 2}, ErrInvalidPayloadVersion},
		{"fn", &proxyFake{}, ProxyOptions{Timeout: time.Millisecond}, integration.ErrInvalidTimeout},
		{"fn", &proxyFake{}, ProxyOptions{Timeout: 30 * time.Second}, integration.ErrInvalidTimeout},
		{"", &proxyFake{}, ProxyOptions{}, ErrInvalidFunction},
		{"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/x", &proxyFake{}, ProxyOptions{}, ErrInvalidFunction},
		{"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations", &proxyFake{}, ProxyOptions{Payload: Payload20, Timeout: time.Second}, nil},
	} {
		p := Proxy(tc.fn, tc.inv, tc.opts)
		err := p.Validate()
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%q %+v: %v, want %v", tc.fn, tc.opts, err, tc.want)
		}
		if err != nil {
			if _, ierr := p.Integrate(context.Background(), proxyTestRequest()); !errors.Is(ierr, apigate.ErrAPIConfiguration) {
				t.Errorf("%q: Integrate: %v", tc.fn, ierr)
			}
		}
	}
	if Payload10.String() != "1.0" || Payload20.String() != "2.0" || PayloadVersion(7).String() != "PayloadVersion(7)" {
		t.Error("PayloadVersion.String")
	}
}

// TestProxyFunctionURI resolves the function per request from an integration URI with a
// stage variable, as for an alias per stage.
func TestProxyFunctionURI(t *testing.T) {
	f := &proxyFake{}
	p := Proxy("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets:${stageVariables.alias}/invocations", f, ProxyOptions{})
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	r := proxyTestRequest()
	r.StageVariables = map[string]string{"alias": "live"}
	if _, err := p.Integrate(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if want := "arn:aws:lambda:us-east-1:123456789012:function:pets:live"; f.functions[0] != want {
		t.Errorf("invoked %q, want %q", f.functions[0], want)
	}
	// a variable that makes no function is API_CONFIGURATION_ERROR when the request comes
	p = Proxy("${stageVariables.fn}", f, ProxyOptions{})
	if _, err := p.Integrate(context.Background(), proxyTestRequest()); !errors.Is(err, apigate.ErrAPIConfiguration) {
		t.Errorf("unset function: %v", err)
	}
}

// TestProxyTyped runs functions through the typed fast path: the struct goes in, the
// struct comes back, no JSON; a function that does not take the structs falls back to JSON,
// once asked.
func TestProxyTyped(t *testing.T) {
	var got *events.APIGatewayProxyRequest
	f := &proxyEventFake{proxyFake: &proxyFake{}, typed: func(_ context.Context, event any) (any, *invoke.Result, bool, error) {
		ev := *event.(*events.APIGatewayProxyRequest) // the struct is reused once the invoker returns
		got = &ev
		return &events.APIGatewayProxyResponse{StatusCode: 201, Headers: map[string]string{"X-Pet": got.PathParameters["petId"]}, Body: "typed"}, nil, true, nil
	}}
	resp, _, err := proxyRun(t, f, Payload10, proxyTestRequest())
	if err != nil || resp.StatusCode != 201 || string(resp.Body) != "typed" || resp.Header.Get("X-Pet") != "7" || len(f.payloads) != 0 {
		t.Fatalf("typed: %v %+v, %d JSON events", err, resp, len(f.payloads))
	}
	if got.Headers["X-Multi"] != "b" || got.RequestContext.ResourcePath != "/pets/{petId}" || got.MultiValueQueryStringParameters["a"][1] != "2" {
		t.Errorf("typed event %+v", got)
	}

	// declined: JSON from then on, the typed path not tried again for that function
	declined := &proxyEventFake{proxyFake: &proxyFake{}, typed: func(context.Context, any) (any, *invoke.Result, bool, error) { return nil, nil, false, nil }}
	p := Proxy("fn", declined, ProxyOptions{})
	for range 3 {
		if _, err := p.Integrate(context.Background(), proxyTestRequest()); err != nil {
			t.Fatal(err)
		}
	}
	if declined.typedCalls != 1 || len(declined.payloads) != 3 {
		t.Errorf("declined: %d typed calls, %d JSON events; want 1, 3", declined.typedCalls, len(declined.payloads))
	}

	for _, tc := range []struct {
		name   string
		v      PayloadVersion
		answer any
		res    *invoke.Result
		err    error
		status int
		body   string
	}{
		{"function error", Payload10, nil, &invoke.Result{FunctionError: "Unhandled", Payload: []byte(`{"errorMessage":"x"}`)}, nil, 502, "Internal server error"},
		{"invoker error", Payload10, nil, nil, invoke.ErrFunctionNotFound, 500, "Internal server error"},
		{"nil 1.0", Payload10, (*events.APIGatewayProxyResponse)(nil), nil, nil, 502, "Internal server error"},
		{"nil 2.0", Payload20, (*events.APIGatewayV2HTTPResponse)(nil), nil, nil, 200, "null"},
		{"value 1.0", Payload10, events.APIGatewayProxyResponse{StatusCode: 204}, nil, nil, 204, ""},
		{"value 2.0", Payload20, events.APIGatewayV2HTTPResponse{StatusCode: 202, Cookies: []string{"a=1"}}, nil, nil, 202, ""},
		{"status 700", Payload10, &events.APIGatewayProxyResponse{StatusCode: 700}, nil, nil, 502, "Internal server error"},
	} {
		f := &proxyEventFake{proxyFake: &proxyFake{}, typed: func(context.Context, any) (any, *invoke.Result, bool, error) {
			return tc.answer, tc.res, tc.err == nil, tc.err
		}}
		p := Proxy("fn", f, ProxyOptions{Payload: tc.v})
		resp, err := p.Integrate(context.Background(), proxyTestRequest())
		status, body := 0, ""
		if err != nil {
			status, body, _ = proxyErr(err)
		} else {
			status, body = resp.StatusCode, string(resp.Body)
		}
		if status != tc.status || body != tc.body || len(f.payloads) != 0 {
			t.Errorf("%s: %d %q, want %d %q (%d JSON events)", tc.name, status, body, tc.status, tc.body, len(f.payloads))
		}
	}
}
