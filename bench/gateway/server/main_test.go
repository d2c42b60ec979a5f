package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// BenchmarkHandler measures each mode's handler in-process, without the HTTP server and
// client around it: the per-request cost the end-to-end run adds on top of net/http. The
// proxy and http modes call a backend served on loopback by this process.
//
//	go test -run '^$' -bench . -benchmem ./bench/gateway/server
func BenchmarkHandler(b *testing.B) {
	backend, err := newHandler("backend", "")
	if err != nil {
		b.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: backend}
	go srv.Serve(l)
	b.Cleanup(func() { srv.Close() })

	for _, bc := range []struct{ mode, method, target, body string }{
		{"lambda-bare", "GET", "/prod/hello?name=wrk", ""},
		{"lambda-proxy", "GET", "/prod/hello?name=wrk", ""},
		{"lambda-nonproxy", "GET", "/prod/hello?name=wrk", ""},
		{"bare", "GET", "/prod/hello", ""},
		{"mock", "GET", "/prod/hello", ""},
		{"mock-auth", "GET", "/prod/hello", ""},
		{"proxy", "POST", "/pets", `{"type":"dog"}`},
		{"http", "POST", "/prod/pets", `{"type":"dog"}`},
	} {
		b.Run(bc.mode, func(b *testing.B) {
			h, err := newHandler(bc.mode, l.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			w := &discard{h: http.Header{}}
			body := strings.NewReader(bc.body)
			req := httptest.NewRequest(bc.method, bc.target, body)
			req.RemoteAddr = "127.0.0.1:40000"
			req.Header.Set("User-Agent", "wrk")
			req.Header.Set("X-API-Key", authBenchKey)
			req.Header.Set("Authorization", authBenchToken)
			if bc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			} else {
				req.Body = http.NoBody // as net/http's server gives a GET without a body
			}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				w.status = 0
				if bc.body != "" {
					body.Reset(bc.body)
				}
				h.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
			}
		})
	}
}

// discard is a ResponseWriter that keeps the status and drops the body.
type discard struct {
	h      http.Header
	status int
}

func (d *discard) Header() http.Header { return d.h }
func (d *discard) Write(p []byte) (int, error) {
	if d.status == 0 {
		d.status = http.StatusOK
	}
	return len(p), nil
}
func (d *discard) WriteHeader(s int) { d.status = s }

// TestLimitEvent checks that the limit of the Lambda comparison builds the event apigate builds:
// the same fields and values but for the fresh ids and times, which have the same shape.
func TestLimitEvent(t *testing.T) {
	var got events.APIGatewayProxyRequest
	h, err := lambdaProxyHandler(func(ctx context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		got = ev
		return hello(ctx, ev)
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	limit := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev := limitEvent(r)
		resp, _ := hello(r.Context(), ev)
		got = ev
		w.WriteHeader(resp.StatusCode)
	}))
	defer limit.Close()

	shapes := []struct {
		name string
		get  func(*events.APIGatewayProxyRequest) *string
		re   *regexp.Regexp
	}{
		{"requestId", func(e *events.APIGatewayProxyRequest) *string { return &e.RequestContext.RequestID },
			regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)},
		{"extendedRequestId", func(e *events.APIGatewayProxyRequest) *string { return &e.RequestContext.ExtendedRequestID },
			regexp.MustCompile(`^[A-Za-z0-9+/]{14}=$`)},
		{"requestTime", func(e *events.APIGatewayProxyRequest) *string { return &e.RequestContext.RequestTime },
			regexp.MustCompile(`^\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000$`)},
		{"X-Amzn-Trace-Id", func(e *events.APIGatewayProxyRequest) *string { v := e.Headers["X-Amzn-Trace-Id"]; return &v },
			regexp.MustCompile(`^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$`)},
	}
	// normalize blanks what differs from request to request, after checking its shape
	normalize := func(side string, ev events.APIGatewayProxyRequest) []byte {
		t.Helper()
		for _, s := range shapes {
			if v := *s.get(&ev); !s.re.MatchString(v) {
				t.Errorf("%s: %s %q does not match %s", side, s.name, v, s.re)
			}
			*s.get(&ev) = ""
		}
		if ev.RequestContext.RequestTimeEpoch == 0 {
			t.Errorf("%s: requestTimeEpoch 0", side)
		}
		ev.RequestContext.RequestTimeEpoch = 0
		ev.Headers["X-Amzn-Trace-Id"] = ""
		ev.MultiValueHeaders["X-Amzn-Trace-Id"] = nil
		b, err := json.MarshalIndent(ev, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	get := func(base string) events.APIGatewayProxyRequest {
		t.Helper()
		req, _ := http.NewRequest("GET", base+"/prod/hello?name=wrk", nil)
		req.Header.Set("User-Agent", "wrk")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", base, resp.StatusCode)
		}
		return got
	}
	// both servers listen on 127.0.0.1, on different ports: the port is the one difference
	apigate := normalize("apigate", get(srv.URL))
	want := strings.ReplaceAll(string(apigate), srv.Listener.Addr().String(), limit.Listener.Addr().String())
	port := func(s *httptest.Server) string {
		return `"` + strconv.Itoa(s.Listener.Addr().(*net.TCPAddr).Port) + `"`
	}
	want = strings.ReplaceAll(want, port(srv), port(limit))
	if lim := normalize("limit", get(limit.URL)); string(lim) != want {
		t.Errorf("the limit's event differs from apigate's:\nlimit:\n%s\napigate (with the limit's port):\n%s", lim, want)
	}
}

// TestMockAuth checks the mock-auth mode: with the key and the token it answers as mock does;
// without either, AWS's refusals.
func TestMockAuth(t *testing.T) {
	h, err := newHandler("mock-auth", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		key, token string
		status     int
		body       string
	}{
		{authBenchKey, authBenchToken, 200, mockBody},
		{"", authBenchToken, 403, `{"message":"Forbidden"}`},
		{authBenchKey, "", 401, `{"message":"Unauthorized"}`},
		{authBenchKey, "nope", 401, `{"message":"Unauthorized"}`},
	} {
		req := httptest.NewRequest("GET", "/prod/hello", nil)
		if c.key != "" {
			req.Header.Set("X-API-Key", c.key)
		}
		if c.token != "" {
			req.Header.Set("Authorization", c.token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.status || rec.Body.String() != c.body {
			t.Errorf("key %q token %q: %d %s, want %d %s", c.key, c.token, rec.Code, rec.Body, c.status, c.body)
		}
	}
}
