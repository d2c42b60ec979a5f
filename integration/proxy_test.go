package integration_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/mapping"
)

// proxyReq describes a method request for the tests.
type proxyReq struct {
	method   string
	path     string // without the stage, raw
	rawQuery string
	header   http.Header
	body     string
	params   map[string]string // path parameters
	stage    map[string]string // stage variables
}

// build returns the method request as the gateway would build it (apigatetest.NewRequest), for
// stage "test" of API "abc123", from client 203.0.113.7, with a fixed request id.
func (p proxyReq) build() *apigate.Request {
	method := p.method
	if method == "" {
		method = http.MethodGet
	}
	target := p.path
	if target == "" {
		target = "/"
	}
	if p.rawQuery != "" {
		target += "?" + p.rawQuery
	}
	opts := []apigatetest.Option{apigatetest.Stage("test"), apigatetest.Header("Host", "abc123.execute-api.eu-west-1.amazonaws.com"),
		apigatetest.StageVariables(p.stage), apigatetest.PathParameters(p.params)}
	for k, vs := range p.header {
		for _, v := range vs {
			opts = append(opts, apigatetest.Header(k, v))
		}
	}
	var body io.Reader
	if p.body != "" {
		body = strings.NewReader(p.body)
	}
	r := apigatetest.NewRequest(method, target, body, opts...)
	r.HTTP.RemoteAddr = "203.0.113.7:49152"
	r.Context.APIID = "abc123"
	r.Context.RequestID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
	r.Context.Identity.SourceIP = "203.0.113.7"
	return r
}

// proxyReceived is what a test backend got.
type proxyReceived struct {
	Method     string
	RequestURI string
	Host       string
	Header     http.Header
	Body       string
}

// proxyBackend is a loopback server that records the requests it gets and answers with
// respond (200 "ok" when nil).
type proxyBackend struct {
	*httptest.Server
	mu       sync.Mutex
	received []proxyReceived
}

func newProxyBackend(t testing.TB, respond http.HandlerFunc) *proxyBackend {
	t.Helper()
	b := &proxyBackend{}
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		b.mu.Lock()
		b.received = append(b.received, proxyReceived{r.Method, r.RequestURI, r.Host, r.Header.Clone(), string(body)})
		b.mu.Unlock()
		if respond == nil {
			io.WriteString(w, "ok")
			return
		}
		respond(w, r)
	}))
	t.Cleanup(b.Close)
	return b
}

func (b *proxyBackend) Last(t *testing.T) proxyReceived {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.received) == 0 {
		t.Fatal("the backend got no request")
	}
	return b.received[len(b.received)-1]
}

// proxyGatewayError returns err as an *apigate.Error, failing the test if it is not one.
func proxyGatewayError(t *testing.T, err error) *apigate.Error {
	t.Helper()
	var ae *apigate.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want an *apigate.Error", err)
	}
	return ae
}

func TestHTTPProxyForwardsRequest(t *testing.T) {
	b := newProxyBackend(t, nil)
	host := strings.TrimPrefix(b.URL, "http://")
	tests := []struct {
		name   string
		method string
		uri    string
		opts   integration.ProxyOptions
		req    proxyReq
		want   proxyReceived
	}{{
		name:   "headers, query and body as received",
		method: "ANY",
		uri:    b.URL + "/backend",
		req: proxyReq{
			method:   http.MethodPost,
			path:     "/pets",
			rawQuery: "a=1&b=x%20y+z&a=2",
			header: http.Header{
				"Accept":            {"application/xml"},
				"User-Agent":        {"test/integration"},
				"Content-Type":      {"application/json"},
				"Content-Encoding":  {"identity"},
				"Content-Length":    {"13"},
				"Connection":        {"keep-alive, X-Hop"},
				"X-Hop":             {"dropped because Connection lists it"},
				"Keep-Alive":        {"timeout=5"},
				"Expect":            {"100-continue"},
				"Via":               {"1.1 cloudfront"},
				"Te":                {"trailers"},
				"Max-Forwards":      {"3"},
				"X-Multi":           {"1", "2"},
				"X-Forwarded-For":   {"198.51.100.1"},
				"X-Forwarded-Proto": {"https"},
				"Cookie":            {"a=b"},
			},
			body: `{"name":"x"}`,
		},
		want: proxyReceived{
			Method:     http.MethodPost,
			RequestURI: "/backend?a=1&b=x%20y+z&a=2",
			Host:       host,
			Header: http.Header{
				"Accept":                   {"application/xml"},
				"User-Agent":               {"test/integration"},
				"Content-Type":             {"application/json"},
				"Content-Length":           {"12"},
				"X-Multi":                  {"1", "2"},
				"X-Forwarded-For":          {"198.51.100.1, 203.0.113.7"},
				"X-Forwarded-Proto":        {"https"},
				"X-Forwarded-Port":         {"80"},
				"X-Amzn-Apigateway-Api-Id": {"abc123"},
				"Cookie":                   {"a=b"},
			},
			Body: `{"name":"x"}`,
		},
	}, {
		name:   "defaults for a bare request",
		method: "GET",
		uri:    b.URL,
		req:    proxyReq{method: http.MethodGet},
		want: proxyReceived{
			Method:     http.MethodGet,
			RequestURI: "/",
			Host:       host,
			Header: http.Header{
				"Accept":                   {"application/json"},
				"User-Agent":               {"AmazonAPIGateway_abc123"},
				"X-Forwarded-For":          {"203.0.113.7"},
				"X-Forwarded-Proto":        {"http"},
				"X-Forwarded-Port":         {"80"},
				"X-Amzn-Apigateway-Api-Id": {"abc123"},
			},
		},
	}, {
		// Recorded on AWS (LocalStack test_http_proxy_integration_request_data_mappings):
		// the URI's query, then the client's, then the mapped parameters, repeated names kept
		// (the echo backend showed testQs "bar,foo" and testVar "foobar,bar"); a mapped header
		// replaces the client's.
		name:   "request parameters merged",
		method: "POST",
		uri:    b.URL + "/echo?testVar={pathVar}&testQs={qsVar}",
		opts: integration.ProxyOptions{RequestParameters: map[string]string{
			"integration.request.header.headerVar":         "method.request.header.foobar",
			"integration.request.path.qsVar":               "method.request.querystring.testVar",
			"integration.request.path.pathVar":             "method.request.path.pathVariable",
			"integration.request.querystring.queryString":  "method.request.querystring.testQueryString",
			"integration.request.querystring.testQs":       "method.request.querystring.testQueryString",
			"integration.request.querystring.testEmptyQs":  "method.request.header.emptyheader",
			"integration.request.header.X-Stage":           "stageVariables.env",
			"integration.request.header.X-Request-Id":      "context.requestId",
			"integration.request.querystring.static_value": "'a b&c'",
		}},
		req: proxyReq{
			method:   http.MethodPost,
			path:     "/foobar",
			rawQuery: "testQueryString=foo&testVar=bar",
			params:   map[string]string{"pathVariable": "foobar"},
			stage:    map[string]string{"env": "prod"},
			header: http.Header{
				"Accept":     {"application/json"},
				"User-Agent": {"test/integration"},
				"Foobar":     {"mapped-value"},
				"Headervar":  {"request-value"},
			},
			body: `{"message": "hello world"}`,
		},
		want: proxyReceived{
			Method:     http.MethodPost,
			RequestURI: "/echo?testVar=foobar&testQs=bar&testQueryString=foo&testVar=bar&queryString=foo&static_value=a+b%26c&testQs=foo",
			Host:       host,
			Header: http.Header{
				"Accept":                   {"application/json"},
				"User-Agent":               {"test/integration"},
				"Foobar":                   {"mapped-value"},
				"Headervar":                {"mapped-value"},
				"X-Stage":                  {"prod"},
				"X-Request-Id":             {"c6af9ac6-7b61-11e6-9a41-93e8deadbeef"},
				"Content-Length":           {"26"},
				"X-Forwarded-For":          {"203.0.113.7"},
				"X-Forwarded-Proto":        {"http"},
				"X-Forwarded-Port":         {"80"},
				"X-Amzn-Apigateway-Api-Id": {"abc123"},
			},
			Body: `{"message": "hello world"}`,
		},
	}, {
		name:   "configured method wins over the client's",
		method: "POST",
		uri:    b.URL + "/m",
		req:    proxyReq{method: http.MethodGet, header: http.Header{"Accept": {"*/*"}, "User-Agent": {"u"}}},
		want: proxyReceived{
			Method: http.MethodPost, RequestURI: "/m", Host: host,
			Header: http.Header{
				"Accept": {"*/*"}, "User-Agent": {"u"}, "Content-Length": {"0"},
				"X-Forwarded-For": {"203.0.113.7"}, "X-Forwarded-Proto": {"http"},
				"X-Forwarded-Port": {"80"}, "X-Amzn-Apigateway-Api-Id": {"abc123"},
			},
		},
	}, {
		name:   "ANY takes the client's method",
		method: "ANY",
		uri:    b.URL + "/m",
		req:    proxyReq{method: http.MethodDelete, header: http.Header{"Accept": {"*/*"}, "User-Agent": {"u"}}},
		want: proxyReceived{
			Method: http.MethodDelete, RequestURI: "/m", Host: host,
			Header: http.Header{
				"Accept": {"*/*"}, "User-Agent": {"u"},
				"X-Forwarded-For": {"203.0.113.7"}, "X-Forwarded-Proto": {"http"},
				"X-Forwarded-Port": {"80"}, "X-Amzn-Apigateway-Api-Id": {"abc123"},
			},
		},
	}, {
		name:   "stage variables and a greedy path in the URI",
		method: "ANY",
		uri:    "http://${stageVariables.host}/${stageVariables.base}${stageVariables.missing}/{proxy}?v=${stageVariables.base}",
		opts: integration.ProxyOptions{RequestParameters: map[string]string{
			"integration.request.path.proxy": "method.request.path.proxy",
		}},
		req: proxyReq{
			path:   "/a/b%20c/d%2Fe",
			params: map[string]string{"proxy": "a/b%20c/d%2Fe"},
			stage:  map[string]string{"host": host, "base": "v1"},
			header: http.Header{"Accept": {"*/*"}, "User-Agent": {"u"}},
		},
		want: proxyReceived{
			Method: http.MethodGet, RequestURI: "/v1/a/b%20c/d%2Fe?v=v1", Host: host,
			Header: http.Header{
				"Accept": {"*/*"}, "User-Agent": {"u"},
				"X-Forwarded-For": {"203.0.113.7"}, "X-Forwarded-Proto": {"http"},
				"X-Forwarded-Port": {"80"}, "X-Amzn-Apigateway-Api-Id": {"abc123"},
			},
		},
	}, {
		name:   "path values escaped where they would break the URL, unmapped placeholders kept",
		method: "GET",
		uri:    b.URL + "/items/{id}/{missing}?q={q}",
		opts: integration.ProxyOptions{RequestParameters: map[string]string{
			"integration.request.path.id": "method.request.querystring.id",
			"integration.request.path.q":  "method.request.querystring.q",
		}},
		req: proxyReq{
			rawQuery: "id=a%3Fb%23c+d%25&q=x%26y%3Fz",
			header:   http.Header{"Accept": {"*/*"}, "User-Agent": {"u"}},
		},
		want: proxyReceived{
			Method: http.MethodGet, RequestURI: "/items/a%3Fb%23c%20d%25/%7Bmissing%7D?q=x%26y?z&id=a%3Fb%23c+d%25&q=x%26y%3Fz", Host: host,
			Header: http.Header{
				"Accept": {"*/*"}, "User-Agent": {"u"},
				"X-Forwarded-For": {"203.0.113.7"}, "X-Forwarded-Proto": {"http"},
				"X-Forwarded-Port": {"80"}, "X-Amzn-Apigateway-Api-Id": {"abc123"},
			},
		},
	}, {
		name:   "a mapped Host is the backend's host",
		method: "GET",
		uri:    b.URL + "/h",
		opts: integration.ProxyOptions{RequestParameters: map[string]string{
			"integration.request.header.Host": "'tenant.example.com'",
		}},
		req: proxyReq{header: http.Header{"Accept": {"*/*"}, "User-Agent": {"u"}}},
		want: proxyReceived{
			Method: http.MethodGet, RequestURI: "/h", Host: "tenant.example.com",
			Header: http.Header{
				"Accept": {"*/*"}, "User-Agent": {"u"},
				"X-Forwarded-For": {"203.0.113.7"}, "X-Forwarded-Proto": {"http"},
				"X-Forwarded-Port": {"80"}, "X-Amzn-Apigateway-Api-Id": {"abc123"},
			},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := integration.HTTPProxy(tt.method, tt.uri, tt.opts)
			if err := p.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			resp, err := p.Integrate(context.Background(), tt.req.build())
			if err != nil {
				t.Fatalf("Integrate: %v", err)
			}
			if resp.StatusCode != http.StatusOK || string(resp.Body) != "ok" {
				t.Errorf("response = %d %q, want 200 \"ok\"", resp.StatusCode, resp.Body)
			}
			got := b.Last(t)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("backend got\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestHTTPProxyResponse(t *testing.T) {
	tests := []struct {
		name       string
		respond    http.HandlerFunc
		wantStatus int
		wantHeader http.Header // Date and x-amzn-Remapped-Date are checked apart
		wantBody   string
	}{{
		// sel-http-proxy-passthrough-400: HTTP_PROXY ignores integration responses.
		name: "a 400 from the backend passes through",
		respond: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"message": "", "status_code": 400}`)
		},
		wantStatus: http.StatusBadRequest,
		wantHeader: http.Header{
			"Content-Type":                   {"application/json"},
			"x-amzn-Remapped-Content-Length": {"35"},
		},
		wantBody: `{"message": "", "status_code": 400}`,
	}, {
		name: "backend headers remapped, the rest as they are",
		respond: func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Connection", "keep-alive")
			h.Set("Server", "nginx")
			h.Set("X-Amzn-Requestid", "0d2b5b4c")
			h.Set("Content-Type", "text/plain")
			h.Add("Set-Cookie", "a=1")
			h.Add("Set-Cookie", "b=2")
			h.Set("Cache-Control", "no-store")
			h.Set("Content-Encoding", "identity")
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, "created")
		},
		wantStatus: http.StatusCreated,
		wantHeader: http.Header{
			"Content-Type":                     {"text/plain"},
			"Set-Cookie":                       {"a=1", "b=2"},
			"Cache-Control":                    {"no-store"},
			"Content-Encoding":                 {"identity"},
			"x-amzn-Remapped-Connection":       {"keep-alive"},
			"x-amzn-Remapped-Content-Length":   {"7"},
			"x-amzn-Remapped-Server":           {"nginx"},
			"x-amzn-Remapped-x-amzn-RequestId": {"0d2b5b4c"},
		},
		wantBody: "created",
	}, {
		name: "redirects are returned, not followed",
		respond: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "/elsewhere")
			w.WriteHeader(http.StatusFound)
		},
		wantStatus: http.StatusFound,
		wantHeader: http.Header{
			"Location":                       {"/elsewhere"},
			"x-amzn-Remapped-Content-Length": {"0"},
		},
	}, {
		name: "a chunked body is read whole",
		respond: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "part 1, ")
			w.(http.Flusher).Flush()
			io.WriteString(w, "part 2")
		},
		wantStatus: http.StatusOK,
		wantHeader: http.Header{"Content-Type": {"text/plain"}},
		wantBody:   "part 1, part 2",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newProxyBackend(t, tt.respond)
			resp, err := integration.HTTPProxy("GET", b.URL, integration.ProxyOptions{}).
				Integrate(context.Background(), proxyReq{}.build())
			if err != nil {
				t.Fatalf("Integrate: %v", err)
			}
			if resp.StatusCode != tt.wantStatus || string(resp.Body) != tt.wantBody {
				t.Errorf("response = %d %q, want %d %q", resp.StatusCode, resp.Body, tt.wantStatus, tt.wantBody)
			}
			h := resp.Header.Clone()
			if d := h["x-amzn-Remapped-Date"]; len(d) != 1 || d[0] == "" {
				t.Errorf("x-amzn-Remapped-Date = %q, want the backend's Date", d)
			}
			delete(h, "x-amzn-Remapped-Date")
			if !reflect.DeepEqual(h, tt.wantHeader) {
				t.Errorf("header = %v, want %v", h, tt.wantHeader)
			}
		})
	}
}

func TestHTTPProxyPassthrough400Conformance(t *testing.T) {
	// The case sel-http-proxy-passthrough-400 of the conformance cases' selection.jsonl: the
	// integration responses (200 only) do not apply to HTTP_PROXY.
	b := newProxyBackend(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"message": "", "status_code": 400}`)
	})
	resp, err := integration.HTTPProxy("POST", b.URL+"/status/400", integration.ProxyOptions{}).
		Integrate(context.Background(), proxyReq{method: http.MethodPost}.build())
	if err != nil {
		t.Fatal(err)
	}
	var body any
	if err := json.Unmarshal(resp.Body, &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"message": "", "status_code": float64(400)}
	if resp.StatusCode != 400 || !reflect.DeepEqual(body, want) {
		t.Errorf("got %d %v, want 400 %v", resp.StatusCode, body, want)
	}
}

func TestHTTPProxyBinaryBody(t *testing.T) {
	payload := make([]byte, 256)
	for i := range payload {
		payload[i] = byte(i)
	}
	b := newProxyBackend(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(payload)
	})
	req := proxyReq{method: http.MethodPut, header: http.Header{"Content-Type": {"image/png"}}, body: string(payload)}.build()
	req.BinaryMediaTypes = []string{"image/png"}
	resp, err := integration.HTTPProxy("PUT", b.URL, integration.ProxyOptions{}).Integrate(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Last(t).Body; got != string(payload) {
		t.Errorf("backend got %q, want the 256 bytes unchanged", got)
	}
	if !bytes.Equal(resp.Body, payload) {
		t.Errorf("response body = %q, want the 256 bytes unchanged", resp.Body)
	}
}

func TestHTTPProxyLargeBodies(t *testing.T) {
	const max = 10 << 20
	big := bytes.Repeat([]byte("x"), max+1)
	tests := []struct {
		name    string
		size    int
		chunked bool
		wantErr bool
	}{
		{"exactly 10 MB", max, false, false},
		{"10 MB and a byte", max + 1, false, true},
		{"exactly 10 MB, chunked", max, true, false},
		{"10 MB and a byte, chunked", max + 1, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newProxyBackend(t, func(w http.ResponseWriter, r *http.Request) {
				if !tt.chunked {
					w.Header().Set("Content-Length", strconv.Itoa(tt.size))
				}
				w.Write(big[:tt.size])
			})
			resp, err := integration.HTTPProxy("GET", b.URL, integration.ProxyOptions{}).
				Integrate(context.Background(), proxyReq{}.build())
			if !tt.wantErr {
				if err != nil || len(resp.Body) != tt.size {
					t.Fatalf("got %v, err %v; want a body of %d bytes", resp != nil, err, tt.size)
				}
				return
			}
			ae := proxyGatewayError(t, err)
			if ae.Type != apigate.Default5XX || ae.Status != http.StatusBadGateway || ae.Message != "Internal server error" {
				t.Errorf("error = %+v, want DEFAULT_5XX 502 Internal server error", ae)
			}
		})
	}
	t.Run("a large request body is forwarded", func(t *testing.T) {
		b := newProxyBackend(t, nil)
		body := strings.Repeat("0123456789", 200_000)
		_, err := integration.HTTPProxy("POST", b.URL, integration.ProxyOptions{}).
			Integrate(context.Background(), proxyReq{method: http.MethodPost, body: body}.build())
		if err != nil {
			t.Fatal(err)
		}
		if got := b.Last(t).Body; got != body {
			t.Errorf("backend got %d bytes, want %d", len(got), len(body))
		}
	})
}

func TestHTTPProxyFailures(t *testing.T) {
	slow := newProxyBackend(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	slowBody := newProxyBackend(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10")
		io.WriteString(w, "12345")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String()
	ln.Close()

	tests := []struct {
		name     string
		uri      string
		opts     integration.ProxyOptions
		req      proxyReq
		wantType apigate.ResponseType
		wantMsg  string
		maxTime  time.Duration
	}{{
		name:     "backend slower than the timeout",
		uri:      slow.URL,
		opts:     integration.ProxyOptions{Timeout: 50 * time.Millisecond},
		wantType: apigate.IntegrationTimeout,
		wantMsg:  "Endpoint request timed out",
		maxTime:  5 * time.Second,
	}, {
		name:     "body slower than the timeout",
		uri:      slowBody.URL,
		opts:     integration.ProxyOptions{Timeout: 50 * time.Millisecond},
		wantType: apigate.IntegrationTimeout,
		wantMsg:  "Endpoint request timed out",
		maxTime:  5 * time.Second,
	}, {
		name:     "connection refused",
		uri:      refused,
		wantType: apigate.IntegrationFailure,
		wantMsg:  "Network error communicating with endpoint",
	}, {
		name:     "a stage variable leaves no host",
		uri:      "http://${stageVariables.host}/x",
		wantType: apigate.APIConfigurationError,
		wantMsg:  "Internal server error",
	}, {
		name: "a mapped header AWS forbids",
		uri:  slow.URL,
		opts: integration.ProxyOptions{RequestParameters: map[string]string{
			"integration.request.header.Content-Length": "'3'",
		}},
		wantType: apigate.APIConfigurationError,
		wantMsg:  "Internal server error",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			resp, err := integration.HTTPProxy("GET", tt.uri, tt.opts).Integrate(context.Background(), tt.req.build())
			if err == nil {
				t.Fatalf("got a %d response, want an error", resp.StatusCode)
			}
			ae := proxyGatewayError(t, err)
			msg, _ := ae.MessageText()
			if ae.Type != tt.wantType || msg != tt.wantMsg {
				t.Errorf("error = %s %q, want %s %q", ae.Type, msg, tt.wantType, tt.wantMsg)
			}
			if tt.maxTime > 0 && time.Since(start) > tt.maxTime {
				t.Errorf("took %v, want under %v", time.Since(start), tt.maxTime)
			}
		})
	}
}

func TestHTTPProxyClientGone(t *testing.T) {
	b := newProxyBackend(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := integration.HTTPProxy("GET", b.URL, integration.ProxyOptions{}).Integrate(ctx, proxyReq{}.build())
	var ae *apigate.Error
	if !errors.Is(err, context.Canceled) || errors.As(err, &ae) {
		t.Errorf("error = %v, want context.Canceled and no gateway response", err)
	}
}

func TestHTTPProxyValidate(t *testing.T) {
	tests := []struct {
		name   string
		method string
		uri    string
		opts   integration.ProxyOptions
		want   error // nil: valid
	}{
		{"valid", "GET", "https://example.com/a/{b}?c=${stageVariables.d}", integration.ProxyOptions{}, nil},
		{"host from a stage variable", "ANY", "http://${stageVariables.host}/{proxy}", integration.ProxyOptions{}, nil},
		{"lower-case method", "post", "http://example.com", integration.ProxyOptions{}, nil},
		{"not http", "GET", "ftp://example.com/x", integration.ProxyOptions{}, integration.ErrInvalidProxyURI},
		{"no host", "GET", "http:///x", integration.ProxyOptions{}, integration.ErrInvalidProxyURI},
		{"relative", "GET", "/x", integration.ProxyOptions{}, integration.ErrInvalidProxyURI},
		{"unparsable", "GET", "http://exa mple.com/", integration.ProxyOptions{}, integration.ErrInvalidProxyURI},
		{"unknown method", "FETCH", "http://example.com", integration.ProxyOptions{}, integration.ErrInvalidProxyMethod},
		{"timeout too short", "GET", "http://example.com", integration.ProxyOptions{Timeout: 49 * time.Millisecond}, integration.ErrInvalidTimeout},
		{"timeout too long", "GET", "http://example.com", integration.ProxyOptions{Timeout: 30 * time.Second}, integration.ErrInvalidTimeout},
		{"bad target", "GET", "http://example.com", integration.ProxyOptions{RequestParameters: map[string]string{
			"method.request.header.x": "'a'"}}, mapping.ErrInvalidExpr},
		{"bad target name", "GET", "http://example.com", integration.ProxyOptions{RequestParameters: map[string]string{
			"integration.request.header.a b": "'a'"}}, mapping.ErrInvalidExpr},
		{"response source", "GET", "http://example.com", integration.ProxyOptions{RequestParameters: map[string]string{
			"integration.request.header.x": "integration.response.header.y"}}, mapping.ErrInvalidExpr},
		{"unknown source", "GET", "http://example.com", integration.ProxyOptions{RequestParameters: map[string]string{
			"integration.request.querystring.x": "request.header.y"}}, mapping.ErrInvalidExpr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := integration.HTTPProxy(tt.method, tt.uri, tt.opts)
			err := p.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Validate = %v, want %v", err, tt.want)
			}
			_, err = p.Integrate(context.Background(), proxyReq{}.build())
			if ae := proxyGatewayError(t, err); ae.Type != apigate.APIConfigurationError {
				t.Errorf("Integrate error type = %s, want API_CONFIGURATION_ERROR", ae.Type)
			}
		})
	}
}

func BenchmarkHTTPProxyIntegration(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	p := integration.HTTPProxy("ANY", srv.URL+"/{proxy}", integration.ProxyOptions{RequestParameters: map[string]string{
		"integration.request.path.proxy": "method.request.path.proxy",
	}})
	req := proxyReq{
		path: "/pets/1", rawQuery: "a=1",
		params: map[string]string{"proxy": "pets/1"},
		header: http.Header{"Accept": {"application/json"}, "User-Agent": {"bench"}},
	}.build()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := p.Integrate(ctx, req)
		if err != nil || resp.StatusCode != 200 {
			b.Fatal(err)
		}
	}
}
