package integration

import (
	"net/http"
	"testing"

	"github.com/apigate/apigate/integration/internal/itest"
)

// TestHandlerRequestHeaderOwned: the handler's request has header values of its own, so a
// handler that writes to them changes neither the method request nor the values the gateway
// adds to the next request.
func TestHandlerRequestHeaderOwned(t *testing.T) {
	var accept []string
	h := Handler(http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		accept = append(accept, hr.Header.Get("Accept"))
		hr.Header["X-Multi"][0] = "changed"
		hr.Header["Accept"][0] = "changed"
		hr.Header["X-Forwarded-Proto"][0] = "changed"
		hr.Header["X-Multi"] = append(hr.Header["X-Multi"], "added")
	}), HandlerOptions{})
	r := itest.Request("GET", "/", "", "X-Multi", "1", "X-Multi", "2", "Accept", "text/plain")
	itest.Integrate(t, h, r)
	if got := r.Header["X-Multi"]; len(got) != 2 || got[0] != "1" || got[1] != "2" || r.Header["Accept"][0] != "text/plain" {
		t.Errorf("method request header now %v", r.Header)
	}
	for range 2 {
		itest.Integrate(t, h, itest.Request("GET", "/", "", "X-Multi", "1"))
	}
	if accept[1] != "application/json" || accept[2] != "application/json" {
		t.Errorf("Accept seen: %q", accept)
	}
}
