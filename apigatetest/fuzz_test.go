package apigatetest_test

import (
	"context"
	"maps"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/gateway"
)

// FuzzResource checks that Resource takes a path's parameters as the gateway's router does:
// for an API with the one resource, the gateway routes the path to it exactly when Resource
// accepts the path, with the same path parameters.
func FuzzResource(f *testing.F) {
	templates := []string{"/", "/pets", "/pets/{id}", "/files/{proxy+}", "/{a}/{b}", "/{proxy+}", "/a/{b}/c"}
	gateways := make([]*gateway.Gateway, len(templates))
	var seen map[string]string // the path parameters the gateway's integration got
	for i, tmpl := range templates {
		api := gateway.NewRESTAPI("fuzz")
		api.Resource(tmpl).Method("GET", apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
			seen = maps.Clone(r.PathParameters)
			return &apigate.Response{StatusCode: 200}, nil
		}))
		d, err := api.Deploy()
		if err != nil {
			f.Fatal(err)
		}
		if gateways[i], err = gateway.New(d); err != nil {
			f.Fatal(err)
		}
	}
	for _, p := range []string{"/", "/pets", "/pets/", "//pets", "/pets/1", "/pets/1/", "/files/a//b/", "/a/b", "/a/x/c", "/a%2Fb/c", "/x//"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, path string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?#") || resolvesDots(path) {
			return
		}
		u, err := url.ParseRequestURI(path)
		if err != nil || u.EscapedPath() != path {
			return // not a path a client sends as it is
		}
		for i, tmpl := range templates {
			seen = nil
			req := httptest.NewRequest("GET", "/", nil)
			req.URL = &url.URL{Path: "/prod" + u.Path, RawPath: "/prod" + path}
			rec := httptest.NewRecorder()
			gateways[i].ServeHTTP(rec, req)
			routed := rec.Code == 200
			var params map[string]string
			accepted := func() (ok bool) {
				defer func() { ok = recover() == nil }()
				params = apigatetest.NewRequest("GET", path, nil, apigatetest.Resource(tmpl)).PathParameters
				return
			}()
			if routed != accepted || routed && !maps.Equal(seen, params) {
				t.Errorf("%s %s: the gateway routed: %v %v; Resource accepted: %v %v", tmpl, path, routed, seen, accepted, params)
			}
		}
	})
}

// resolvesDots reports whether a path has "." or ".." segments, which the gateway resolves
// before routing and NewRequest's target does not have.
func resolvesDots(path string) bool {
	for _, seg := range strings.Split(path, "/") {
		if s, _, _ := strings.Cut(seg, ";"); s == "." || s == ".." {
			return true
		}
	}
	return false
}
