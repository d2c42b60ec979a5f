package integration

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/itest"
)

// TestProxyDeclaredLengthNotAllocated: a backend that declares a 10 MB body and sends a few
// bytes costs the gateway what it sent, not what it declared.
func TestProxyDeclaredLengthNotAllocated(t *testing.T) {
	be := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(10<<20))
		w.WriteHeader(200)
		io.WriteString(w, "hello")
		w.(http.Flusher).Flush()
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer be.Close()
	p := HTTPProxy("GET", be.URL, ProxyOptions{})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 5 {
		if _, err := p.Integrate(context.Background(), itest.Request("GET", "/", "")); itest.ErrorType(err) != apigate.IntegrationFailure {
			t.Fatalf("got %v, want INTEGRATION_FAILURE for a truncated body", err)
		}
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 5<<20 {
		t.Errorf("5 requests allocated %d bytes, want well under the 50 MB declared", n)
	}
}

// TestClientRule: one rule for a client of one's own, for HTTP (Options.Client) and HTTP_PROXY
// (ProxyOptions.Client) alike (integration/awsservice tests its own): it sends the requests,
// redirects are never followed whatever its CheckRedirect says (HTTP_PROXY passes them back),
// and it is copied when the integration is made, so changing it afterwards changes nothing.
func TestClientRule(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(301, "", "Location", "/moved"))
	for _, name := range []string{"HTTP", "HTTP_PROXY"} {
		var first, second atomic.Int32
		transport := func(n *atomic.Int32) http.RoundTripper {
			return itest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
				n.Add(1)
				return http.DefaultTransport.RoundTrip(r)
			})
		}
		follow := 0
		c := &http.Client{Transport: transport(&first), CheckRedirect: func(*http.Request, []*http.Request) error { follow++; return nil }}
		var in apigate.Integration
		if name == "HTTP" {
			in = HTTP("GET", be.URL, Options{Client: c, Responses: []IntegrationResponse{{StatusCode: 200}, {SelectionPattern: "301", StatusCode: 301}}})
		} else {
			in = HTTPProxy("GET", be.URL, ProxyOptions{Client: c})
		}
		c.Transport = transport(&second) // too late: the integration has its copy
		n := be.Count()
		resp := itest.Integrate(t, in, itest.Request("GET", "/", ""))
		if resp.StatusCode != 301 || first.Load() != 1 || second.Load() != 0 || follow != 0 || be.Count() != n+1 {
			t.Errorf("%s: got %d; first transport used %d times, second %d; redirect policy called %d times; backend %d",
				name, resp.StatusCode, first.Load(), second.Load(), follow, be.Count()-n)
		}
	}
}

// TestForwardedPort: X-Forwarded-Port is the port of the client's Host, else 443 for https
// and 80 for http; without a client HTTP request (a request built in process) it is https on
// 443, as on AWS, whose endpoints are HTTPS only. HTTP and HTTP_PROXY agree.
func TestForwardedPort(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(200, ""))
	tests := []struct {
		name        string
		host        string // "-" for no HTTP request
		tls         bool
		port, proto string
	}{
		{"http without a port", "api.example", false, "80", "http"},
		{"https without a port", "api.example", true, "443", "https"},
		{"a port in Host", "api.example:8443", true, "8443", "https"},
		{"IPv6 without a port", "[::1]", false, "80", "http"},
		{"IPv6 with a port", "[::1]:8080", false, "8080", "http"},
		{"no HTTP request", "-", false, "443", "https"},
	}
	for _, tc := range tests {
		for _, in := range []apigate.Integration{
			HTTP("GET", be.URL, Options{Responses: []IntegrationResponse{{StatusCode: 200}}}),
			HTTPProxy("GET", be.URL, ProxyOptions{}),
		} {
			r := itest.Request("GET", "/", "")
			if tc.host == "-" {
				r.HTTP = nil
			} else {
				r.HTTP.Host = tc.host
				if tc.tls {
					r.HTTP.TLS = &tls.ConnectionState{}
				}
			}
			itest.Integrate(t, in, r)
			got := be.Last(t).Header
			if got.Get("X-Forwarded-Port") != tc.port || got.Get("X-Forwarded-Proto") != tc.proto {
				t.Errorf("%s, %T: port %q proto %q, want %q %q", tc.name, in, got.Get("X-Forwarded-Port"), got.Get("X-Forwarded-Proto"), tc.port, tc.proto)
			}
		}
	}
}
