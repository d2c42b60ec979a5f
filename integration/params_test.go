package integration

import (
	"reflect"
	"testing"
)

func TestParamsIllegalHeader(t *testing.T) {
	for _, name := range []string{"Content-Length", "content-length", "Transfer-Encoding", "X-Amzn-Trace-Id", "x-amzn-apigateway-api-id"} {
		if !paramsIllegalHeader(name) {
			t.Errorf("%s is legal", name)
		}
	}
	for _, name := range []string{"Authorization", "connection", "Expect", "Proxy-Authenticate", "TE", "X-Custom", "Accept", "Host", "Content-Type"} {
		if paramsIllegalHeader(name) {
			t.Errorf("%s is illegal", name)
		}
	}
}

// TestParamsMapping checks request parameter mapping end to end: the sources, the values of
// multi-valued ones, overrides replacing mapped values regardless of header name case.
func TestParamsMapping(t *testing.T) {
	be := npNewBackend(t, npAnswer(200, ""))
	h := HTTP("POST", be.URL, Options{
		RequestParameters: map[string]string{
			"integration.request.header.X-Body":        "method.request.body",
			"integration.request.header.X-Path":        "method.request.body.pets[0].name",
			"integration.request.header.X-Multi":       "method.request.multivaluequerystring.m",
			"integration.request.header.X-Over":        "'mapped'",
			"integration.request.querystring.h":        "method.request.multivalueheader.H",
			"integration.request.querystring.one":      "method.request.querystring.m",
			"integration.request.querystring.empty":    "method.request.querystring.e",
			"integration.request.querystring.unmapped": "stageVariables.none",
		},
		RequestTemplates: map[string]string{"application/json": `#set($context.requestOverride.header.x-over = ["o1", "o2"])#set($context.requestOverride.header.X-New = "n")$input.body`},
		Responses:        []IntegrationResponse{{StatusCode: 200}},
	})
	npIntegrate(t, h, npRequest("POST", "/?m=1&m=2&e=", `{"pets":[{"name":"Rex"}]}`, "H", "a", "H", "b"))
	got := be.last(t)
	wantQ := map[string][]string{"empty": {""}, "h": {"a,b"}, "one": {"2"}}
	if q := npQuery(t, got.RawQuery); !reflect.DeepEqual(map[string][]string(q), wantQ) || got.RawQuery != "empty=&h=a%2Cb&one=2" {
		t.Errorf("query %q", got.RawQuery)
	}
	for name, want := range map[string]string{
		"X-Body":  `{"pets":[{"name":"Rex"}]}`,
		"X-Path":  "Rex",
		"X-Multi": "1,2",
		"X-Over":  "o1,o2",
		"X-New":   "n",
	} {
		if v := got.Header.Values(name); !reflect.DeepEqual(v, []string{want}) {
			t.Errorf("%s: %q, want %q", name, v, want)
		}
	}
}

func TestParamsList(t *testing.T) {
	l := paramsList{foldCase: true}
	l.set("X-A", []string{"1"})
	l.set("x-a", []string{"2"})
	l.set("X-B", []string{"3", "4"})
	if v, ok := l.get("X-A"); !ok || v != "2" || len(l.items) != 2 || l.items[0].name != "x-a" {
		t.Errorf("%+v", l.items)
	}
	if v, _ := l.get("x-b"); v != "3,4" || l.has("X-C") {
		t.Errorf("%+v", l.items)
	}
	q := paramsList{}
	q.set("a", []string{"1"})
	q.set("A", []string{"2"})
	if len(q.items) != 2 {
		t.Errorf("query names must be case-sensitive: %+v", q.items)
	}
	if paramsDroppedHTTPHeader("X-Keep") || !paramsDroppedHTTPHeader("via") {
		t.Error("paramsDroppedHTTPHeader")
	}
}
