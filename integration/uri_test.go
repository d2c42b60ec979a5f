package integration

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/apigate/apigate"
)

// TestURIParse covers the one URI template parser HTTP, HTTP_PROXY and Handler share.
func TestURIParse(t *testing.T) {
	lit := func(s string, q bool) uriPart { return uriPart{kind: uriLiteral, text: s, inQuery: q} }
	param := func(s string, q bool) uriPart { return uriPart{kind: uriPathParam, text: s, inQuery: q} }
	stage := func(s string, q bool) uriPart { return uriPart{kind: uriStageVariable, text: s, inQuery: q} }
	tests := []struct {
		in   string
		want []uriPart
	}{
		{"", nil},
		{"http://h/a", []uriPart{lit("http://h/a", false)}},
		{"http://h/{id}/x", []uriPart{lit("http://h/", false), param("id", false), lit("/x", false)}},
		{"${stageVariables.url}/{a.b-c$d}", []uriPart{stage("url", false), lit("/", false), param("a.b-c$d", false)}},
		{"http://h/p?a={q}&b=${stageVariables.v}", []uriPart{lit("http://h/p?a=", false), param("q", true), lit("&b=", true), stage("v", true)}},
		// Not placeholders: a name requestParameters cannot map, an empty one, another ${...},
		// an unclosed brace.
		{"http://h/{a b}/{}/${x}/${stageVariables.}/{open", []uriPart{lit("http://h/{a b}/{}/${x}/${stageVariables.}/{open", false)}},
		{"{a}{b}", []uriPart{param("a", false), param("b", false)}},
	}
	for _, tc := range tests {
		if got := uriParse(tc.in).parts; !reflect.DeepEqual(got, tc.want) {
			t.Errorf("uriParse(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestURIAppendEscaped(t *testing.T) {
	for _, tc := range []struct{ in, path, query string }{
		{"plain-._~", "plain-._~", "plain-._~"},
		{"a/b:c@d", "a/b:c@d", "a/b:c@d"},
		{"!$&'()*+,;=", "!$&'()*+,;=", "!$%26'()*+,;="},
		{"a b?c#d", "a%20b%3Fc%23d", "a%20b?c%23d"},
		{`[]{}|\^"<>` + "`", "%5B%5D%7B%7D%7C%5C%5E%22%3C%3E%60", "%5B%5D%7B%7D%7C%5C%5E%22%3C%3E%60"},
		{"%2F%2f%zz%4", "%2F%2f%25zz%254", "%2F%2f%25zz%254"},
		{"é\x00\x7f", "%C3%A9%00%7F", "%C3%A9%00%7F"},
	} {
		if got := string(uriAppendEscaped(nil, tc.in, false)); got != tc.path {
			t.Errorf("path %q: %q, want %q", tc.in, got, tc.path)
		}
		if got := string(uriAppendEscaped(nil, tc.in, true)); got != tc.query {
			t.Errorf("query %q: %q, want %q", tc.in, got, tc.query)
		}
	}
}

// TestPathParameterEscaping: HTTP, HTTP_PROXY and Handler put a path parameter into the URI
// the same way: what a path cannot hold is percent-encoded ([ and ] included), what it can
// (sub-delimiters such as ' and $) is kept, and existing %XX escapes stay as they are; in the
// query part of a URI, & is encoded too so that the value stays one parameter.
func TestPathParameterEscaping(t *testing.T) {
	const value = `a[b]'c$d%2Fe%zz f&g?h`
	const wantPath = `/x/a%5Bb%5D'c$d%2Fe%25zz%20f&g%3Fh`
	const wantQuery = `q=a%5Bb%5D'c$d%2Fe%25zz%20f%26g?h`
	be := npNewRawBackend(t)
	params := map[string]string{
		"integration.request.path.p": "method.request.path.p",
		"integration.request.path.q": "method.request.path.p",
	}
	r := func() *apigate.Request {
		r := npRequest("GET", "/", "")
		r.PathParameters = map[string]string{"p": value}
		return r
	}
	want := "GET " + wantPath + "?" + wantQuery + " HTTP/1.1"
	npIntegrate(t, HTTP("GET", be.URL+"/x/{p}?q={q}", Options{RequestParameters: params, Responses: []IntegrationResponse{{StatusCode: 200}}}), r())
	if got := be.last(t)[0]; got != want {
		t.Errorf("HTTP: %s, want %s", got, want)
	}
	npIntegrate(t, HTTPProxy("GET", be.URL+"/x/{p}?q={q}", ProxyOptions{RequestParameters: params}), r())
	if got := be.last(t)[0]; got != want {
		t.Errorf("HTTP_PROXY: %s, want %s", got, want)
	}
	var uri string
	npIntegrate(t, Handler(http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) { uri = hr.RequestURI }),
		HandlerOptions{Path: "/x/{p}?q={q}", RequestParameters: params}), r())
	if want := wantPath + "?" + wantQuery; uri != want {
		t.Errorf("Handler: %s, want %s", uri, want)
	}
}
