package gateway_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
)

// BenchmarkServe measures the gateway's own work per request (stage selection, limits, routing,
// the method request and $context, the response) around an integration that does nothing.
// literal-traced is literal observed by a trace with every hook set, each doing nothing: the
// cost of observation itself (untraced requests pay one comparison per stage).
func BenchmarkServe(b *testing.B) {
	api := gateway.NewRESTAPI("bench")
	nop := apigate.IntegrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Body: []byte("ok")}, nil
	})
	api.Resource("/pets").Method("GET", nop)
	api.Resource("/pets/{petId}").Method("GET", nop)
	api.Resource("/{proxy+}").Method("ANY", nop)
	gw := mustGateway(b, api)
	traced := mustGateway(b, api, gateway.Observe(&apigate.Trace{
		RouteMatched:    func(*apigate.Request) {},
		AuthorizerDone:  func(*apigate.Request, time.Duration, error) {},
		KeyChecked:      func(*apigate.Request, error) {},
		ThrottleChecked: func(*apigate.Request, error) {},
		Validated:       func(*apigate.Request, error) {},
		Done:            func(*apigate.Request, *apigate.DoneInfo) {},
	}))
	for _, bc := range []struct {
		name, target string
		gw           *gateway.Gateway
	}{
		{"literal", "/prod/pets", gw},
		{"param", "/prod/pets/42?x=1", gw},
		{"greedy", "/prod/a/b/c", gw},
		{"missing-route-403", "/prod/pets/1/2", gw},
		{"literal-traced", "/prod/pets", traced},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", bc.target, nil)
			w := &discard{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				bc.gw.ServeHTTP(w, req)
			}
		})
	}
}

type discard struct {
	h      http.Header
	status int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(s int)           { d.status = s }
