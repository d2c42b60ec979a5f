package integration

import (
	"reflect"
	"testing"

	"github.com/apigate/apigate/integration/internal/itest"
)

// TestParamsMapping checks request parameter mapping end to end: the sources, the values of
// multi-valued ones, overrides replacing mapped values regardless of header name case.
func TestParamsMapping(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(200, ""))
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
	itest.Integrate(t, h, itest.Request("POST", "/?m=1&m=2&e=", `{"pets":[{"name":"Rex"}]}`, "H", "a", "H", "b"))
	got := be.Last(t)
	wantQ := map[string][]string{"empty": {""}, "h": {"a,b"}, "one": {"2"}}
	if q := itest.Query(t, got.RawQuery); !reflect.DeepEqual(map[string][]string(q), wantQ) || got.RawQuery != "empty=&h=a%2Cb&one=2" {
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

func TestParams(t *testing.T) {
	l := Params{foldCase: true}
	l.set("X-A", []string{"1"})
	l.set("x-a", []string{"2"})
	l.set("X-B", []string{"3", "4"})
	if v, ok := l.Get("X-A"); !ok || v != "2" || l.Len() != 2 || l.Name(0) != "x-a" {
		t.Errorf("%+v", l.items)
	}
	if v, _ := l.Get("x-b"); v != "3,4" || l.Has("X-C") || !reflect.DeepEqual(l.Values(1), []string{"3", "4"}) {
		t.Errorf("%+v", l.items)
	}
	var all [][]string
	for name, values := range l.All() {
		all = append(all, append([]string{name}, values...))
	}
	if want := [][]string{{"x-a", "2"}, {"X-B", "3", "4"}}; !reflect.DeepEqual(all, want) {
		t.Errorf("All: %q, want %q", all, want)
	}
	q := Params{}
	q.set("a", []string{"1"})
	q.set("A", []string{"2"})
	if q.Len() != 2 {
		t.Errorf("query names must be case-sensitive: %+v", q.items)
	}
	var none *Params
	if _, ok := none.Get("a"); ok || none.Len() != 0 || none.Has("a") {
		t.Error("a nil *Params is not empty")
	}
	for range none.All() {
		t.Error("a nil *Params has parameters")
	}
}
