package integration

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/itest"
)

// TestHTTPIntegrationRequest checks, byte for byte, what the backend gets: only mapped
// parameters plus the headers API Gateway adds, and the rendered body.
func TestHTTPIntegrationRequest(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(200, `{"ok":true}`, "Content-Type", "text/plain", "X-Backend", "yes"))
	h := HTTP("POST", be.URL+"/pets/{id}?fixed=1", Options{
		RequestParameters: map[string]string{
			"integration.request.path.id":            "method.request.path.petId",
			"integration.request.querystring.q":      "method.request.querystring.search",
			"integration.request.querystring.multi":  "method.request.multivaluequerystring.m",
			"integration.request.querystring.absent": "method.request.querystring.absent",
			"integration.request.header.X-Trace":     "method.request.header.trace",
			"integration.request.header.x-multi":     "method.request.multivalueheader.multi",
			"integration.request.header.X-Stage":     "stageVariables.env",
			"integration.request.header.X-Ctx":       "context.requestId",
			"integration.request.header.X-Ip":        "context.identity.sourceIp",
			"integration.request.header.X-Static":    "'static value'",
			"integration.request.header.X-Body":      "method.request.body.pet.name",
			"integration.request.header.X-Missing":   "method.request.header.nope",
		},
		RequestTemplates: map[string]string{"application/json": `{"name":"$input.path('$.pet.name')","q":"$input.params('search')"}`},
		Responses:        []IntegrationResponse{{StatusCode: 200}},
	})
	r := itest.Request("POST", "/pets/42?search=dog&m=a&m=b&other=x", `{"pet":{"name":"Rex"}}`,
		"Content-Type", "application/json; charset=utf-8", "trace", "t1", "multi", "v1", "multi", "v2",
		"Authorization", "secret", "X-Forwarded-For", "203.0.113.1", "Accept", "text/html")
	r.PathParameters = map[string]string{"petId": "42"}
	r.StageVariables = map[string]string{"env": "prod"}
	resp := itest.Integrate(t, h, r)

	got := be.Last(t)
	wantBody := `{"name":"Rex","q":"dog"}`
	trace := got.Header.Get("X-Amzn-Trace-Id")
	if !itest.TraceIDPattern.MatchString(trace) {
		t.Errorf("X-Amzn-Trace-Id %q", trace)
	}
	got.Header.Del("X-Amzn-Trace-Id")
	want := itest.Received{
		Method:   "POST",
		Path:     "/pets/42",
		RawQuery: "fixed=1&multi=a&multi=b&q=dog",
		Header: http.Header{
			"Accept":                   {"application/json"},
			"Content-Type":             {"application/json; charset=utf-8"},
			"Content-Length":           {strconv.Itoa(len(wantBody))},
			"User-Agent":               {"AmazonAPIGateway_abc123"},
			"X-Amzn-Apigateway-Api-Id": {"abc123"},
			"X-Forwarded-For":          {"203.0.113.1, 198.51.100.7"},
			"X-Forwarded-Port":         {"80"},
			"X-Forwarded-Proto":        {"http"},
			"X-Trace":                  {"t1"},
			"X-Multi":                  {"v1,v2"},
			"X-Stage":                  {"prod"},
			"X-Ctx":                    {"c6af9ac6-7b61-11e6-9a41-93e8deadbeef"},
			"X-Ip":                     {"198.51.100.7"},
			"X-Static":                 {"static value"},
			"X-Body":                   {"Rex"},
		},
		Body: wantBody,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("backend got\n%+v\nwant\n%+v", got, want)
	}

	// Only Content-Type and the trace id reach the client; the body passes through.
	wantHeader := http.Header{"Content-Type": {"application/json"}, "X-Amzn-Trace-Id": {trace}}
	if resp.StatusCode != 200 || string(resp.Body) != `{"ok":true}` || !reflect.DeepEqual(resp.Header, wantHeader) {
		t.Errorf("client got %d %v %q", resp.StatusCode, resp.Header, resp.Body)
	}
}

// TestHTTPIntegrationDefaults covers the headers API Gateway adds when nothing is mapped, and
// mappings that replace them.
func TestHTTPIntegrationDefaults(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(204, ""))
	tests := []struct {
		name    string
		method  string // the integration's
		params  map[string]string
		client  *apigate.Request
		want    http.Header // besides X-Amzn-Trace-Id
		method2 string      // what the backend sees
		body    string
	}{{
		name:   "GET without anything",
		method: "GET",
		client: itest.Request("GET", "/", "", "Content-Type", "text/plain", "X-Other", "dropped"),
		want: http.Header{"Accept": {"application/json"}, "User-Agent": {"AmazonAPIGateway_abc123"},
			"X-Amzn-Apigateway-Api-Id": {"abc123"}, "X-Forwarded-For": {"198.51.100.7"},
			"X-Forwarded-Port": {"80"}, "X-Forwarded-Proto": {"http"}},
		method2: "GET",
	}, {
		name:   "POST body passed through with the client's Content-Type",
		method: "POST",
		client: itest.Request("PUT", "/", "a=b", "Content-Type", "application/x-www-form-urlencoded"),
		want: http.Header{"Accept": {"application/json"}, "User-Agent": {"AmazonAPIGateway_abc123"},
			"Content-Type": {"application/x-www-form-urlencoded"}, "Content-Length": {"3"},
			"X-Amzn-Apigateway-Api-Id": {"abc123"}, "X-Forwarded-For": {"198.51.100.7"},
			"X-Forwarded-Port": {"80"}, "X-Forwarded-Proto": {"http"}},
		method2: "POST",
		body:    "a=b",
	}, {
		name:   "mappings replace the defaults",
		method: "POST",
		params: map[string]string{
			"integration.request.header.accept":             "'text/xml'",
			"integration.request.header.User-Agent":         "'mine'",
			"integration.request.header.Content-Type":       "'application/json'",
			"integration.request.header.X-Forwarded-For":    "'10.0.0.1'",
			"integration.request.header.X-Forwarded-Proto":  "'gopher'",
			"integration.request.header.Authorization":      "method.request.header.Authorization",
			"integration.request.header.Expect":             "'100-continue'",
			"integration.request.header.Via":                "'1.1 proxy'",
			"integration.request.header.TE":                 "'trailers'",
			"integration.request.header.Proxy-Authenticate": "'x'",
			"integration.request.header.Host":               "'evil.example'",
		},
		client: itest.Request("POST", "/", "{}", "Content-Type", "text/plain", "Authorization", "Bearer t"),
		want: http.Header{"Accept": {"text/xml"}, "User-Agent": {"mine"}, "Content-Type": {"application/json"},
			"Content-Length": {"2"}, "Authorization": {"Bearer t"},
			"X-Amzn-Apigateway-Api-Id": {"abc123"}, "X-Forwarded-For": {"10.0.0.1"},
			"X-Forwarded-Port": {"80"}, "X-Forwarded-Proto": {"gopher"}},
		method2: "POST",
		body:    "{}",
	}, {
		name:    "ANY uses the client's method; GET sends no body",
		method:  "ANY",
		client:  itest.Request("DELETE", "/", "gone"),
		method2: "DELETE",
		body:    "gone",
	}, {
		name:    "ANY with a client GET",
		method:  "any",
		client:  itest.Request("GET", "/", "ignored", "Content-Type", "text/plain"),
		method2: "GET",
	}, {
		name:    "integration GET drops the body",
		method:  "GET",
		client:  itest.Request("POST", "/", "ignored", "Content-Type", "text/plain"),
		method2: "GET",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := HTTP(tc.method, be.URL, Options{RequestParameters: tc.params, Responses: []IntegrationResponse{{StatusCode: 200}}})
			itest.Integrate(t, h, tc.client)
			got := be.Last(t)
			if got.Method != tc.method2 || got.Body != tc.body {
				t.Errorf("backend got %s %q, want %s %q", got.Method, got.Body, tc.method2, tc.body)
			}
			if got.Header.Get("Accept-Encoding") != "" {
				t.Errorf("Accept-Encoding %q sent", got.Header.Get("Accept-Encoding"))
			}
			got.Header.Del("X-Amzn-Trace-Id")
			if tc.want != nil && !reflect.DeepEqual(got.Header, tc.want) {
				t.Errorf("backend headers\n%v\nwant\n%v", got.Header, tc.want)
			}
		})
	}
}

// TestHTTPIntegrationURI covers URI templates: path parameters (escaped as a URL needs, kept
// when unmapped), stage variables, and the query string.
func TestHTTPIntegrationURI(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(200, ""))
	tests := []struct {
		name     string
		uri      string
		path     map[string]string // method request path parameters
		vars     map[string]string
		params   map[string]string
		template string
		wantPath string
		wantQ    string
		wantErr  apigate.ResponseType
	}{
		{name: "literal", uri: be.URL + "/a/b", wantPath: "/a/b"},
		{name: "path parameter", uri: be.URL + "/pets/{id}/toys", path: map[string]string{"p": "7"},
			params: map[string]string{"integration.request.path.id": "method.request.path.p"}, wantPath: "/pets/7/toys"},
		{name: "greedy value keeps slashes and escapes", uri: be.URL + "/{proxy}", path: map[string]string{"proxy": "a b/c%2Fd/ü"},
			params: map[string]string{"integration.request.path.proxy": "method.request.path.proxy"}, wantPath: "/a%20b/c%2Fd/%C3%BC"},
		{name: "? and # in a value stay in the path", uri: be.URL + "/x/{v}", params: map[string]string{"integration.request.path.v": "'a?b#c'"},
			wantPath: "/x/a%3Fb%23c"},
		{name: "unmapped placeholder stays", uri: be.URL + "/x/{id}", wantPath: "/x/%7Bid%7D"},
		{name: "stage variables", uri: "${stageVariables.base}/v${stageVariables.v}/{id}", vars: map[string]string{"base": be.URL, "v": "2"},
			params: map[string]string{"integration.request.path.id": "stageVariables.v"}, wantPath: "/v2/2"},
		{name: "unset stage variable is empty", uri: be.URL + "/v${stageVariables.nope}/x", wantPath: "/v/x"},
		{name: "unset stage variable host", uri: "http://${stageVariables.host}/x", wantErr: apigate.APIConfigurationError},
		{name: "a value cannot inject a stage variable", uri: be.URL + "/{id}", params: map[string]string{"integration.request.path.id": "'${stageVariables.v}'"},
			vars: map[string]string{"v": "no"}, wantPath: "/$%7BstageVariables.v%7D"},
		{name: "query appended to the URI's", uri: be.URL + "/q?a=1&", params: map[string]string{"integration.request.querystring.b": "'x y&z'"},
			wantPath: "/q", wantQ: "a=1&b=x+y%26z"},
		{name: "override wins over mapping", uri: be.URL + "/{id}",
			params:   map[string]string{"integration.request.path.id": "'mapped'", "integration.request.querystring.q": "'mapped'"},
			template: `#set($context.requestOverride.path.id = "over")#set($context.requestOverride.querystring.q = ["1", "2"])#set($context.requestOverride.querystring.n = "new")`,
			wantPath: "/over", wantQ: "q=1&q=2&n=new"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{RequestParameters: tc.params, Responses: []IntegrationResponse{{StatusCode: 200}}}
			if tc.template != "" {
				opts.RequestTemplates = map[string]string{"application/json": tc.template}
			}
			h := HTTP("GET", tc.uri, opts)
			if err := h.Validate(); err != nil {
				t.Fatal(err)
			}
			r := itest.Request("GET", "/", "")
			r.PathParameters, r.StageVariables = tc.path, tc.vars
			n := be.Count()
			_, err := h.Integrate(context.Background(), r)
			if tc.wantErr != "" {
				if itest.ErrorType(err) != tc.wantErr || be.Count() != n {
					t.Fatalf("got %v, want %s and no backend call", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := be.Last(t)
			if got.Path != tc.wantPath || got.RawQuery != tc.wantQ {
				t.Errorf("got %s ? %s, want %s ? %s", got.Path, got.RawQuery, tc.wantPath, tc.wantQ)
			}
		})
	}
}

// TestHTTPIntegrationSelection selects integration responses on the backend's status code.
func TestHTTPIntegrationSelection(t *testing.T) {
	responses := []IntegrationResponse{
		{StatusCode: 200},
		{SelectionPattern: `4\d{2}`, StatusCode: 400, ResponseTemplates: map[string]string{"application/json": `{"error":$input.json('$.message')}`}},
		{SelectionPattern: "500|503", StatusCode: 502},
		{SelectionPattern: "3.*", StatusCode: 302, ResponseParameters: map[string]string{"method.response.header.Location": "integration.response.header.Location"}},
	}
	tests := []struct {
		backend  int
		status   int
		body     string
		location string
	}{
		{200, 200, `{"message":"m"}`, ""},
		{201, 200, `{"message":"m"}`, ""},
		{404, 400, `{"error":"m"}`, ""},
		{500, 502, `{"message":"m"}`, ""},
		{501, 200, `{"message":"m"}`, ""},
		{503, 502, `{"message":"m"}`, ""},
		{302, 302, `{"message":"m"}`, "/elsewhere"}, // redirects are not followed
	}
	for _, tc := range tests {
		be := itest.NewBackend(t, itest.Answer(tc.backend, `{"message":"m"}`, "Location", "/elsewhere", "Content-Type", "application/json"))
		h := HTTP("GET", be.URL, Options{Responses: responses})
		resp := itest.Integrate(t, h, itest.Request("GET", "/", ""))
		if resp.StatusCode != tc.status || string(resp.Body) != tc.body || resp.Header.Get("Location") != tc.location {
			t.Errorf("backend %d: got %d %q %v", tc.backend, resp.StatusCode, resp.Body, resp.Header)
		}
		if be.Count() != 1 {
			t.Errorf("backend %d: %d requests", tc.backend, be.Count())
		}
	}
}

// TestHTTPIntegrationResponseParameters maps method response headers from the integration
// response; nothing else of the backend's headers reaches the client.
func TestHTTPIntegrationResponseParameters(t *testing.T) {
	be := itest.NewBackend(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("X-One", "1")
		w.Header().Add("X-Many", "a")
		w.Header().Add("X-Many", "b")
		w.Header().Set("Content-Type", "text/csv")
		w.Header().Set("Set-Cookie", "s=1")
		io.WriteString(w, `{"id":7,"tags":["x","y"],"owner":{"name":"Ann"}}`)
	})
	h := HTTP("GET", be.URL, Options{Responses: []IntegrationResponse{{
		StatusCode: 201,
		ResponseParameters: map[string]string{
			"method.response.header.x-one":        "integration.response.header.X-One",
			"method.response.header.X-Last":       "integration.response.header.X-Many",
			"method.response.header.X-All":        "integration.response.multivalueheader.X-Many",
			"method.response.header.X-Id":         "integration.response.body.id",
			"method.response.header.X-Tags":       "integration.response.body.tags",
			"method.response.header.X-Owner":      "integration.response.body.owner.name",
			"method.response.header.X-Body":       "integration.response.body",
			"method.response.header.X-Static":     "'s'",
			"method.response.header.X-Stage":      "stageVariables.env",
			"method.response.header.X-Req":        "context.requestId",
			"method.response.header.X-Missing":    "integration.response.header.Nope",
			"method.response.header.X-NoPath":     "integration.response.body.nope",
			"method.response.header.Content-Type": "integration.response.header.Content-Type",
		},
	}}})
	r := itest.Request("GET", "/", "")
	r.StageVariables = map[string]string{"env": "prod"}
	resp := itest.Integrate(t, h, r)
	want := http.Header{
		"x-one":           {"1"}, // spelled as mapped
		"X-Last":          {"b"},
		"X-All":           {"a,b"},
		"X-Id":            {"7"},
		"X-Tags":          {`["x","y"]`},
		"X-Owner":         {"Ann"},
		"X-Body":          {`{"id":7,"tags":["x","y"],"owner":{"name":"Ann"}}`},
		"X-Static":        {"s"},
		"X-Stage":         {"prod"},
		"X-Req":           {"c6af9ac6-7b61-11e6-9a41-93e8deadbeef"},
		"Content-Type":    {"text/csv"},
		"X-Amzn-Trace-Id": resp.Header["X-Amzn-Trace-Id"],
	}
	if resp.StatusCode != 201 || !reflect.DeepEqual(resp.Header, want) {
		t.Errorf("got %d\n%v\nwant\n%v", resp.StatusCode, resp.Header, want)
	}
}

func TestHTTPIntegrationTimeout(t *testing.T) {
	release := make(chan struct{})
	be := itest.NewBackend(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	h := HTTP("GET", be.URL, Options{Timeout: 50 * time.Millisecond, Responses: []IntegrationResponse{{StatusCode: 200}}})
	start := time.Now()
	_, err := h.Integrate(context.Background(), itest.Request("GET", "/", ""))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if !errors.Is(err, apigate.ErrIntegrationTimeout) {
		t.Fatalf("got %v, want INTEGRATION_TIMEOUT", err)
	}
	if status, body := itest.ErrorResponse(t, err); status != 504 || body != `{"message":"Endpoint request timed out"}` {
		t.Errorf("got %d %s", status, body)
	}

	// A client that goes away is not a timeout: the error is returned as it is.
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	_, err = h.Integrate(ctx, itest.Request("GET", "/", ""))
	if err == nil || errors.Is(err, apigate.ErrIntegrationTimeout) || errors.Is(err, apigate.ErrIntegrationFailure) {
		t.Errorf("cancelled: got %v", err)
	}
}

func TestHTTPIntegrationRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	h := HTTP("GET", "http://"+addr+"/x", Options{Responses: []IntegrationResponse{{StatusCode: 200}}})
	_, err = h.Integrate(context.Background(), itest.Request("GET", "/", ""))
	if !errors.Is(err, apigate.ErrIntegrationFailure) {
		t.Fatalf("got %v, want INTEGRATION_FAILURE", err)
	}
	if status, body := itest.ErrorResponse(t, err); status != 504 || body != `{"message":"Network error communicating with endpoint"}` {
		t.Errorf("got %d %s", status, body)
	}
}

func TestHTTPIntegrationResponseTooLarge(t *testing.T) {
	chunk := strings.Repeat("x", 1<<20)
	for _, extra := range []int{0, 1} {
		be := itest.NewBackend(t, func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < 10; i++ {
				io.WriteString(w, chunk)
			}
			io.WriteString(w, strings.Repeat("y", extra))
		})
		h := HTTP("GET", be.URL, Options{Responses: []IntegrationResponse{{StatusCode: 200}}})
		resp, err := h.Integrate(context.Background(), itest.Request("GET", "/", ""))
		if extra == 0 {
			if err != nil || len(resp.Body) != 10<<20 {
				t.Errorf("10 MB: %v", err)
			}
			continue
		}
		if status, body := itest.ErrorResponse(t, err); status != 502 || body != `{"message":"Internal server error"}` || itest.ErrorType(err) != apigate.Default5XX {
			t.Errorf("10 MB + 1: got %d %s (%v)", status, body, err)
		}
	}
}

// TestHTTPIntegrationIllegalHeaders: mapping a header API Gateway refuses fails at run time with
// 500, and the backend is not called; for HTTP, Authorization and the like are allowed.
func TestHTTPIntegrationIllegalHeaders(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(200, ""))
	for _, tc := range []struct {
		params   map[string]string
		template string
	}{
		{params: map[string]string{"integration.request.header.Content-Length": "'5'"}},
		{params: map[string]string{"integration.request.header.transfer-encoding": "'chunked'"}},
		{params: map[string]string{"integration.request.header.X-Amzn-Trace-Id": "method.request.header.t"}},
		{params: map[string]string{"integration.request.header.X-Amzn-Apigateway-Api-Id": "'x'"}},
		{template: `#set($context.requestOverride.header["X-Amzn-Trace-Id"] = "Root=x")`},
	} {
		h := HTTP("GET", be.URL, Options{RequestParameters: tc.params, RequestTemplates: map[string]string{"application/json": tc.template},
			Responses: []IntegrationResponse{{StatusCode: 200}}})
		if err := h.Validate(); err != nil {
			t.Errorf("%v: Validate: %v (AWS accepts the definition)", tc, err)
		}
		_, err := h.Integrate(context.Background(), itest.Request("GET", "/", "", "t", "Root=1-2-3"))
		if status, body := itest.ErrorResponse(t, err); status != 500 || body != `{"message":"Internal server error"}` {
			t.Errorf("%v: got %d %s", tc, status, body)
		}
	}
	// An unresolved source sets nothing, so nothing fails.
	h := HTTP("GET", be.URL, Options{RequestParameters: map[string]string{"integration.request.header.Content-Length": "method.request.header.nope"},
		Responses: []IntegrationResponse{{StatusCode: 200}}})
	itest.Integrate(t, h, itest.Request("GET", "/", ""))
	if be.Count() != 1 {
		t.Errorf("backend called %d times, want once", be.Count())
	}
}

// TestHTTPIntegrationTrace: the client's X-Amzn-Trace-Id is passed on; the method response
// carries the trace id unless a mapping sets one.
func TestHTTPIntegrationTrace(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(200, ""))
	h := HTTP("GET", be.URL, Options{Responses: []IntegrationResponse{{StatusCode: 200}}})
	const client = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"
	resp := itest.Integrate(t, h, itest.Request("GET", "/", "", "X-Amzn-Trace-Id", client))
	if got := be.Last(t).Header.Get("X-Amzn-Trace-Id"); got != client {
		t.Errorf("backend got %q", got)
	}
	if got := resp.Header.Get("X-Amzn-Trace-Id"); got != client {
		t.Errorf("client got %q", got)
	}
	// Two requests get two trace ids.
	itest.Integrate(t, h, itest.Request("GET", "/", ""))
	a := be.Last(t).Header.Get("X-Amzn-Trace-Id")
	itest.Integrate(t, h, itest.Request("GET", "/", ""))
	if b := be.Last(t).Header.Get("X-Amzn-Trace-Id"); a == b || !itest.TraceIDPattern.MatchString(a) {
		t.Errorf("trace ids %q, %q", a, b)
	}
}

// TestHTTPIntegrationClient uses an injected client, whose redirect policy is overridden.
func TestHTTPIntegrationClient(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(301, "", "Location", "/moved"))
	var used atomic.Int32
	follow := 0
	c := &http.Client{
		Transport: itest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			used.Add(1)
			return http.DefaultTransport.RoundTrip(r)
		}),
		CheckRedirect: func(*http.Request, []*http.Request) error { follow++; return nil },
	}
	h := HTTP("GET", be.URL, Options{Client: c, Responses: []IntegrationResponse{{StatusCode: 200}, {SelectionPattern: "30[12]", StatusCode: 308}}})
	resp := itest.Integrate(t, h, itest.Request("GET", "/", ""))
	if resp.StatusCode != 308 || used.Load() != 1 || follow != 0 || be.Count() != 1 {
		t.Errorf("got %d, transport used %d times, redirect policy called %d times, backend %d", resp.StatusCode, used.Load(), follow, be.Count())
	}
}

func TestHTTPIntegrationValidate(t *testing.T) {
	ok := []IntegrationResponse{{StatusCode: 200}}
	tests := []struct {
		name   string
		method string
		uri    string
		opts   Options
		target error
	}{
		{"method", "FETCH", "http://x", Options{Responses: ok}, ErrInvalidIntegration},
		{"empty method", "", "http://x", Options{Responses: ok}, ErrInvalidIntegration},
		{"empty URI", "GET", "", Options{Responses: ok}, ErrInvalidIntegration},
		{"scheme", "GET", "ftp://x/y", Options{Responses: ok}, ErrInvalidIntegration},
		{"no host", "GET", "http:///y", Options{Responses: ok}, ErrInvalidIntegration},
		{"relative", "GET", "/y", Options{Responses: ok}, ErrInvalidIntegration},
		{"timeout too short", "GET", "http://x", Options{Timeout: 49 * time.Millisecond, Responses: ok}, ErrInvalidTimeout},
		{"timeout too long", "GET", "http://x", Options{Timeout: 29*time.Second + time.Millisecond, Responses: ok}, ErrInvalidTimeout},
	}
	for _, tc := range tests {
		h := HTTP(tc.method, tc.uri, tc.opts)
		err := h.Validate()
		if !errors.Is(err, tc.target) {
			t.Errorf("%s: Validate() = %v, want %v", tc.name, err, tc.target)
		}
		_, err = h.Integrate(context.Background(), itest.Request("GET", "/", ""))
		if itest.ErrorType(err) != apigate.APIConfigurationError {
			t.Errorf("%s: Integrate: %v", tc.name, err)
		}
	}
	for _, good := range []string{"https://x", "HTTP://x:8080/a/{b}?c=d", "${stageVariables.url}", "http://${stageVariables.host}/p"} {
		for _, m := range []string{"GET", "post", "ANY", "PATCH", "HEAD", "OPTIONS", "DELETE", "PUT"} {
			if err := HTTP(m, good, Options{Responses: ok, Timeout: 50 * time.Millisecond}).Validate(); err != nil {
				t.Errorf("%s %s: %v", m, good, err)
			}
		}
	}
}
