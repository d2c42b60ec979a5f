package apikey_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/apikey"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
)

// benchStore holds n enabled keys of 40 characters, each admitted on api1/prod when plans is
// set, and returns the value of one of them.
func benchStore(b *testing.B, n int, plans bool) (*apikey.Store, string) {
	s := &apikey.Store{}
	var st *apikey.Stages
	if plans {
		st = &apikey.Stages{}
		s.Plans = st
	}
	var value string
	for i := range n {
		value = fmt.Sprintf("BenchKey%032d", i)
		id := fmt.Sprintf("id%d", i)
		mustAdd(b, s, apikey.Key{ID: id, Value: value, Enabled: true})
		if st != nil {
			st.Allow(id, apikey.APIStage{APIID: "api1", Stage: "prod"})
		}
	}
	return s, value
}

// BenchmarkCheckKey measures the key check on the gateway's hot path: a known key, an unknown
// one, and a known key with the usage plan check, in a store of 10,000 keys (AWS's quota).
func BenchmarkCheckKey(b *testing.B) {
	r := &apigate.Request{Context: apigate.Context{APIID: "api1", Stage: "prod"}}
	ctx := context.Background()
	for _, bc := range []struct {
		name  string
		plans bool
		miss  bool
	}{
		{"hit", false, false},
		{"miss", false, true},
		{"hit-plans", true, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s, key := benchStore(b, apikey.DefaultMaxKeys, bc.plans)
			if bc.miss {
				key = "UnknownKeyUnknownKeyUnknownKeyUnknownKey"
			}
			b.ReportAllocs()
			for b.Loop() {
				s.CheckKey(ctx, r, key)
			}
		})
	}
	b.Run("hit-parallel", func(b *testing.B) {
		s, key := benchStore(b, apikey.DefaultMaxKeys, true)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			r := &apigate.Request{Context: apigate.Context{APIID: "api1", Stage: "prod"}}
			for pb.Next() {
				s.CheckKey(ctx, r, key)
			}
		})
	})
}

// BenchmarkGatewayKey serves a MOCK method through the gateway with and without an API key
// (from a Store of 10,000 keys, with usage plans), side by side: the cost of the key stage in
// the request path, for issue 10's "MOCK behind an API key" target.
func BenchmarkGatewayKey(b *testing.B) {
	mock := integration.Mock(integration.Options{
		RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
		Responses:        []integration.IntegrationResponse{{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `{"ok":true}`}}},
	})
	api := gateway.NewRESTAPI("bench").SetID("api1")
	api.Resource("/open").Method("GET", mock)
	api.Resource("/key").Method("GET", mock, gateway.APIKeyRequired())
	d, err := api.Deploy()
	if err != nil {
		b.Fatal(err)
	}
	keys, key := benchStore(b, apikey.DefaultMaxKeys, true)
	gw, err := gateway.New(d, gateway.Keys(keys))
	if err != nil {
		b.Fatal(err)
	}
	defer gw.Close(context.Background())
	for _, bc := range []struct{ name, target string }{{"no-key", "/prod/open"}, {"key", "/prod/key"}} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", bc.target, nil)
			req.Header.Set("X-API-Key", key)
			w := httptest.NewRecorder()
			if gw.ServeHTTP(w, req); w.Code != 200 {
				b.Fatalf("%s: %d %s", bc.target, w.Code, w.Body)
			}
			b.ReportAllocs()
			for b.Loop() {
				w.Body.Reset()
				clear(w.Header())
				gw.ServeHTTP(w, req)
			}
		})
	}
}

// BenchmarkMiddleware measures the key check as middleware in front of a handler that does
// nothing, for an accepted and a refused key.
func BenchmarkMiddleware(b *testing.B) {
	keys, key := benchStore(b, apikey.DefaultMaxKeys, false)
	h := apikey.Middleware(keys, apikey.MiddlewareOptions{})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for _, bc := range []struct{ name, key string }{{"accepted", key}, {"refused", "UnknownKeyUnknownKeyUnknownKeyUnknownKey"}} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/pets", nil)
			req.Header.Set("X-API-Key", bc.key)
			w := httptest.NewRecorder()
			b.ReportAllocs()
			for b.Loop() {
				w.Body.Reset()
				clear(w.Header())
				h.ServeHTTP(w, req)
			}
		})
	}
}
