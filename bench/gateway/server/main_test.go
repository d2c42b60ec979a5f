package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
