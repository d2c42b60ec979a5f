package gateway_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/stage"
)

// TestPathsOverLoopback sends raw request lines (as curl --path-as-is does) over a real
// connection to a gateway whose /proxy/{proxy+} is an HTTP proxy integration to /base/{proxy}
// of a loopback backend, and checks what the backend gets: never a path outside /base/.
func TestPathsOverLoopback(t *testing.T) {
	var mu sync.Mutex
	var hits []string
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits = append(hits, r.RequestURI)
		mu.Unlock()
		w.Write([]byte("backend"))
	}))
	defer backend.Close()
	api := gateway.NewRESTAPI("paths")
	api.Resource("/proxy/{proxy+}").Method("ANY", integration.HTTPProxy("ANY", backend.URL+"/base/{proxy}", integration.ProxyOptions{
		RequestParameters: map[string]string{"integration.request.path.proxy": "method.request.path.proxy"},
	}))
	api.Resource("/pets/{id}").Method("GET", echo{})
	api.Resource("/ctx/{proxy+}").Method("GET", apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Body: []byte(r.Context.Path + " " + r.Path + " " + r.PathParameters["proxy"])}, nil
	}))
	srv := httptest.NewServer(mustGateway(t, api, gateway.Stage(stage.Config{Name: "prod"})))
	defer srv.Close()

	const forbidden = `{"message":"Forbidden"}`
	const mat = `{"message":"Missing Authentication Token"}`
	for _, tc := range []struct {
		target  string
		status  int
		body    string
		backend string // the request URI the backend got, "" for none
	}{
		{"/prod/proxy/a/b", 200, "backend", "/base/a/b"},
		// dot segments are resolved before the stage is selected: RFC 3986, 5.2.4
		{"/prod/proxy/../../../etc/passwd", 403, forbidden, ""},
		{"/prod/proxy/a/../../../etc/passwd", 403, forbidden, ""},
		{"/prod/proxy/../proxy/../../prod/pets/1", 200, "GET /pets/{id} /pets/1 id=1", ""},
		{"/prod/proxy/a/../b", 200, "backend", "/base/b"},
		{"/prod/proxy/./a/./b/.", 200, "backend", "/base/a/b"},
		{"/prod/proxy/a/..;x/..;/b", 403, mat, ""},
		{"/prod/proxy/x/..;/y", 200, "backend", "/base/y"},
		{"/prod/pets/..", 403, mat, ""},
		{"/prod/..", 403, forbidden, ""},
		{"/../prod/proxy/x", 200, "backend", "/base/x"},
		// encoded dots are not dot segments: they stay encoded, as before
		{"/prod/proxy/%2e%2e/%2E%2E/etc", 200, "backend", "/base/%2e%2e/%2E%2E/etc"},
		{"/prod/pets/%2e%2e", 200, "GET /pets/{id} /pets/%2e%2e id=%2e%2e", ""},
		// doubled slashes before the stage are collapsed, $context.path included (recorded
		// on AWS, 2024); after the stage they keep their rules
		{"//prod/ctx/proxy-value", 200, "/prod/ctx/proxy-value /ctx/proxy-value proxy-value", ""},
		{"///prod/ctx/a//b/", 200, "/prod/ctx/a//b/ /ctx/a//b/ a//b", ""},
		{"/prod//ctx/proxy-value", 200, "/prod//ctx/proxy-value //ctx/proxy-value proxy-value", ""},
		{"//prod", 403, mat, ""},
		{"//nostage/ctx/x", 403, forbidden, ""},
	} {
		hits = nil
		raw := rawRequest(t, srv, "GET "+tc.target+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		head, body, _ := strings.Cut(raw, "\r\n\r\n")
		status, _, _ := strings.Cut(head, "\r\n")
		if want := "HTTP/1.1 " + http.StatusText(tc.status); !strings.HasPrefix(status, "HTTP/1.1 ") || !strings.Contains(status, http.StatusText(tc.status)) || body != tc.body {
			t.Errorf("GET %s: %s %q, want %s %q", tc.target, status, body, want, tc.body)
		}
		mu.Lock()
		got := strings.Join(hits, ",")
		mu.Unlock()
		if got != tc.backend {
			t.Errorf("GET %s: the backend got %q, want %q", tc.target, got, tc.backend)
		}
	}
}
