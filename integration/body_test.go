package integration_test

import (
	"bytes"
	"io"
	"net/http"
	"runtime"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/itest"
)

// TestLargeBodyNotCopied: a 10 MB body passed through reaches an HTTP, HTTP_PROXY or
// in-process backend without the integration copying it: what a request allocates stays far
// below the body's size.
func TestLargeBodyNotCopied(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789abcdef"), 10<<20/16)
	discard := &http.Client{Transport: itest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil || n != int64(len(body)) {
			t.Errorf("the backend got %d bytes, %v", n, err)
		}
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n, err := io.Copy(io.Discard, r.Body); err != nil || n != int64(len(body)) {
			t.Errorf("the handler got %d bytes, %v", n, err)
		}
	})
	for name, in := range map[string]apigate.Integration{
		"HTTP":       integration.HTTP("POST", "http://backend.example/x", integration.Options{Client: discard, Responses: []integration.IntegrationResponse{{StatusCode: 200}}}),
		"HTTP_PROXY": integration.HTTPProxy("POST", "http://backend.example/x", integration.ProxyOptions{Client: discard}),
		"Handler":    integration.Handler(handler, integration.HandlerOptions{}),
		"MOCK":       integration.Mock(integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}}),
	} {
		r := itest.Request("POST", "/x", "", "Content-Type", "application/octet-stream")
		r.Body = body
		itest.Integrate(t, in, r) // warm up: pools, connections
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		itest.Integrate(t, in, r)
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
			t.Errorf("%s: a request with a 10 MB body allocated %d bytes", name, n)
		}
	}
}
