package integration

import (
	"strings"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/itest"
)

// TestMappedRequestHeaderSpelling: a header set by a mapping or a requestOverride goes on the
// wire spelled as the mapping writes it, once, replacing the same header in any other case
// (the client's for HTTP_PROXY, the one API Gateway adds otherwise).
func TestMappedRequestHeaderSpelling(t *testing.T) {
	be := newRawBackend(t)
	params := map[string]string{
		"integration.request.header.x-custom-Thing":    "'mapped'",
		"integration.request.header.accept":            "'text/xml'",
		"integration.request.header.user-agent":        "'mine'",
		"integration.request.header.x-forwarded-proto": "'gopher'",
	}
	r := func() *apigate.Request {
		return itest.Request("GET", "/", "", "X-Custom-Thing", "client", "Accept", "*/*", "User-Agent", "client-agent")
	}
	check := func(t *testing.T, head []string) {
		t.Helper()
		for name, want := range map[string]string{
			"x-custom-thing":    "x-custom-Thing: mapped",
			"accept":            "accept: text/xml",
			"user-agent":        "user-agent: mine",
			"x-forwarded-proto": "x-forwarded-proto: gopher",
		} {
			if got := headerLines(head, name); len(got) != 1 || got[0] != want {
				t.Errorf("%s lines %q, want [%q]\n%s", name, got, want, strings.Join(head, "\n"))
			}
		}
	}
	t.Run("HTTP", func(t *testing.T) {
		h := HTTP("GET", be.URL, Options{RequestParameters: params,
			RequestTemplates: map[string]string{"application/json": `#set($context.requestOverride.header.x-Over = "o")`},
			Responses:        []IntegrationResponse{{StatusCode: 200}}})
		itest.Integrate(t, h, r())
		head := be.Last(t)
		check(t, head)
		if got := headerLines(head, "x-over"); len(got) != 1 || got[0] != "x-Over: o" {
			t.Errorf("override lines %q", got)
		}
	})
	t.Run("HTTP_PROXY", func(t *testing.T) {
		itest.Integrate(t, HTTPProxy("GET", be.URL, ProxyOptions{RequestParameters: params}), r())
		check(t, be.Last(t))
	})
}

// TestMethodResponseHeaderSpelling: method response headers set by response parameters and by
// $context.responseOverride.header keep the spelling written (the recorded MOCK case shows
// "foo: bar"); an override replaces a mapped header in any case, and a mapped Content-Type in
// any case stands for the default one.
func TestMethodResponseHeaderSpelling(t *testing.T) {
	m := Mock(Options{
		RequestTemplates: map[string]string{"application/json": `#set($context.responseOverride.header.foo = "bar")
#set($context.responseOverride.header.X-LOWER = "over")
{"statusCode": 200}`},
		Responses: []IntegrationResponse{{StatusCode: 200, ResponseParameters: map[string]string{
			"method.response.header.x-Lower":      "'mapped'",
			"method.response.header.x-kept":       "'kept'",
			"method.response.header.content-type": "'text/plain'",
		}}},
	})
	resp := itest.Integrate(t, m, itest.Request("GET", "/", ""))
	for name, want := range map[string]string{"foo": "bar", "X-LOWER": "over", "x-kept": "kept", "content-type": "text/plain"} {
		keys := headerKeys(resp.Header, name)
		if len(keys) != 1 || keys[0] != name || len(resp.Header[name]) != 1 || resp.Header[name][0] != want {
			t.Errorf("%s: keys %q, header %v", name, keys, resp.Header)
		}
	}
	if len(resp.Header) != 4 {
		t.Errorf("header %v, want 4 entries", resp.Header)
	}
}
