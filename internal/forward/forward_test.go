package forward

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	"github.com/apigate/apigate"
)

func TestSourceIP(t *testing.T) {
	hr := httptest.NewRequest("GET", "/", nil)
	hr.RemoteAddr = "198.51.100.7:51234"
	tests := []struct {
		name string
		r    *apigate.Request
		want string
	}{
		{"identity", &apigate.Request{HTTP: hr, Context: apigate.Context{Identity: apigate.Identity{SourceIP: "203.0.113.9"}}}, "203.0.113.9"},
		{"remote address", &apigate.Request{HTTP: hr}, "198.51.100.7"},
		{"no request", &apigate.Request{}, ""},
		{"remote address without a port", &apigate.Request{HTTP: &http.Request{RemoteAddr: "pipe"}}, "pipe"},
	}
	for _, tc := range tests {
		if got := SourceIP(tc.r); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestFor(t *testing.T) {
	tests := []struct {
		prev []string
		ip   string
		want string
	}{
		{nil, "1.2.3.4", "1.2.3.4"},
		{[]string{"9.9.9.9"}, "1.2.3.4", "9.9.9.9, 1.2.3.4"},
		{[]string{"9.9.9.9", "8.8.8.8"}, "", "9.9.9.9, 8.8.8.8"},
		{nil, "", ""},
	}
	for _, tc := range tests {
		if got := For(tc.prev, tc.ip); got != tc.want {
			t.Errorf("For(%q, %q) = %q, want %q", tc.prev, tc.ip, got, tc.want)
		}
	}
}

// TestPortProto: X-Forwarded-Port is the port of the client's Host, else 443 for https and 80
// for http; without a client HTTP request (a request built in process) it is https on 443, as
// on AWS, whose endpoints are HTTPS only.
func TestPortProto(t *testing.T) {
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
		r := &apigate.Request{}
		if tc.host != "-" {
			r.HTTP = &http.Request{Host: tc.host}
			if tc.tls {
				r.HTTP.TLS = &tls.ConnectionState{}
			}
		}
		if port, proto := PortProto(r); port != tc.port || proto != tc.proto {
			t.Errorf("%s: %q %q, want %q %q", tc.name, port, proto, tc.port, tc.proto)
		}
	}
}

var traceIDPattern = regexp.MustCompile(`^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$`)

func TestTraceID(t *testing.T) {
	r := &apigate.Request{Header: http.Header{}, Context: apigate.Context{RequestTimeEpoch: 0x5f5e1000 * 1000}}
	a, b := TraceID(r), TraceID(r)
	if !traceIDPattern.MatchString(a) || a[7:15] != "5f5e1000" || a == b {
		t.Errorf("new trace ids %q and %q", a, b)
	}
	if now := TraceID(&apigate.Request{}); !traceIDPattern.MatchString(now) {
		t.Errorf("trace id without a request time %q", now)
	}
	r.Header.Set("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")
	if got := TraceID(r); got != "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1" {
		t.Errorf("the client's trace id became %q", got)
	}
	r.Header.Set("X-Amzn-Trace-Id", "Self=1-5759e988-bd862e3fe1be46a994272793")
	if got := TraceID(r); !traceIDPattern.MatchString(got) {
		t.Errorf("a trace id without a Root was kept: %q", got)
	}
}

func TestRawQuery(t *testing.T) {
	hr := httptest.NewRequest("GET", "/p?b=2&a=%20x", nil)
	if got := RawQuery(&apigate.Request{HTTP: hr}); got != "b=2&a=%20x" {
		t.Errorf("%q", got)
	}
	if got := RawQuery(&apigate.Request{Query: url.Values{"b": {"2"}, "a": {" x"}}}); got != "a=+x&b=2" {
		t.Errorf("in process: %q", got)
	}
}

func BenchmarkTraceID(b *testing.B) {
	r := &apigate.Request{Header: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		TraceID(r)
	}
}
