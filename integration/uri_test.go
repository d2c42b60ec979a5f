package integration

import (
	"net/http"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/itest"
)

// TestPathParameterEscaping: HTTP, HTTP_PROXY and Handler put a path parameter into the URI
// the same way: what a path cannot hold is percent-encoded ([ and ] included), what it can
// (sub-delimiters such as ' and $) is kept, and existing %XX escapes stay as they are; in the
// query part of a URI, & is encoded too so that the value stays one parameter.
func TestPathParameterEscaping(t *testing.T) {
	const value = `a[b]'c$d%2Fe%zz f&g?h`
	const wantPath = `/x/a%5Bb%5D'c$d%2Fe%25zz%20f&g%3Fh`
	const wantQuery = `q=a%5Bb%5D'c$d%2Fe%25zz%20f%26g?h`
	be := newRawBackend(t)
	params := map[string]string{
		"integration.request.path.p": "method.request.path.p",
		"integration.request.path.q": "method.request.path.p",
	}
	r := func() *apigate.Request {
		r := itest.Request("GET", "/", "")
		r.PathParameters = map[string]string{"p": value}
		return r
	}
	want := "GET " + wantPath + "?" + wantQuery + " HTTP/1.1"
	itest.Integrate(t, HTTP("GET", be.URL+"/x/{p}?q={q}", Options{RequestParameters: params, Responses: []IntegrationResponse{{StatusCode: 200}}}), r())
	if got := be.Last(t)[0]; got != want {
		t.Errorf("HTTP: %s, want %s", got, want)
	}
	itest.Integrate(t, HTTPProxy("GET", be.URL+"/x/{p}?q={q}", ProxyOptions{RequestParameters: params}), r())
	if got := be.Last(t)[0]; got != want {
		t.Errorf("HTTP_PROXY: %s, want %s", got, want)
	}
	var uri string
	itest.Integrate(t, Handler(http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) { uri = hr.RequestURI }),
		HandlerOptions{Path: "/x/{p}?q={q}", RequestParameters: params}), r())
	if want := wantPath + "?" + wantQuery; uri != want {
		t.Errorf("Handler: %s, want %s", uri, want)
	}
}
