package gateway

import (
	"net/http"
	"time"
)

// NewServer returns an *http.Server that serves h on addr (such as ":8080") with the timeouts
// and limits a server facing clients needs, sized for API Gateway's limits (a 10 MB body, 10240
// bytes of headers, a 29 s integration timeout). Serve a gateway with it rather than with
// http.ListenAndServe, whose server has no timeouts: there, a client that sends its headers
// slowly, or a body and then nothing, holds a connection (and the body's memory) forever.
//
//	srv := gateway.NewServer(":8080", gw)
//	go srv.ListenAndServe()
//	...
//	srv.Shutdown(ctx) // stop taking requests and wait for those in flight
//	gw.Close(ctx)     // then close what the gateway holds
//
// The settings, each a field the caller may change before serving:
//   - ReadHeaderTimeout 10 s: the request line and headers (at most 10240 bytes) must arrive
//     within 10 s, which any client not trying to hold connections meets; slow-header clients
//     (slowloris) are cut off.
//   - ReadTimeout 30 s: the whole request, body included: a 10 MB body needs about 2.7 Mbit/s.
//     Raise it for slower clients that send large bodies.
//   - WriteTimeout 74 s: net/http counts it from the end of the request's headers, so it must
//     cover reading the body (30 s), the longest integration (API Gateway's default and
//     usual maximum timeout, 29 s) and writing a response of up to 10 MB (15 s). Raise it with
//     integration timeouts above 29 s.
//   - IdleTimeout 60 s: a keep-alive connection without requests is closed after a minute (the
//     default idle timeout of AWS's load balancers), so idle clients do not accumulate.
//   - MaxHeaderBytes 10240 (MaxHeaderSize): net/http allows 4096 bytes more than this before
//     it answers 431, so that headers a little over API Gateway's limit still reach the gateway,
//     which answers them as API Gateway does (413 REQUEST_TOO_LARGE).
//
// ErrorLog is left nil (net/http's default logger): set it to route the server's own errors
// (failed TLS handshakes, accept errors) where the program logs.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      (30 + 29 + 15) * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    MaxHeaderSize,
	}
}
