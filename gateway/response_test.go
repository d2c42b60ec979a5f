package gateway_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
)

// TestContentLength checks that the gateway adds Content-Length only where neither the response
// nor a middleware before the gateway set one.
func TestContentLength(t *testing.T) {
	api := gateway.NewRESTAPI("length")
	api.Resource("/own").Method("GET", integrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Header: http.Header{"Content-Length": {"99"}}, Body: []byte("hello")}, nil
	}))
	api.Resource("/none").Method("GET", integrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Header: http.Header{"X-Other": {"1"}}, Body: []byte("hello")}, nil
	}))
	gw := mustGateway(t, api)
	for _, tc := range []struct {
		name, path string
		preset     http.Header // what a middleware set before the gateway
		want       string
	}{
		{"response's", "/prod/own", nil, "99"},
		{"added", "/prod/none", nil, "5"},
		{"added after a middleware's other header", "/prod/none", http.Header{"X-Mw": {"1"}}, "5"},
		{"middleware's", "/prod/none", http.Header{"Content-Length": {"7"}}, "7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			for k, v := range tc.preset {
				rec.Header()[k] = v
			}
			gw.ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
			if got := rec.Header()["Content-Length"]; len(got) != 1 || got[0] != tc.want {
				t.Errorf("Content-Length %q, want [%s]", got, tc.want)
			}
		})
	}
}

// TestRequestReuse checks that a request leaves nothing to the next one in the fields the
// gateway does not set for every request, whoever set them.
func TestRequestReuse(t *testing.T) {
	var seen []apigate.Request
	api := gateway.NewRESTAPI("reuse")
	api.Resource("/{p}").Method("GET", integrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		seen = append(seen, *r)
		r.UsageIdentifierKey = "key"
		r.Context.Identity.APIKey = "key"
		r.Context.AWSEndpointRequestID = "aws"
		return &apigate.Response{StatusCode: 200}, nil
	}))
	gw := mustGateway(t, api)
	for range 3 {
		gw.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/prod/x", nil))
	}
	for i, r := range seen {
		if r.UsageIdentifierKey != "" || r.Context.Identity.APIKey != "" || r.Context.AWSEndpointRequestID != "" || r.Body != nil {
			t.Errorf("request %d: left over from before: %+v", i, r)
		}
		if r.PathParameters["p"] != "x" || r.Context.ResourcePath != "/{p}" || r.Context.Stage != "prod" {
			t.Errorf("request %d: %+v", i, r)
		}
	}
}
