package itest

import (
	"slices"
	"strings"
	"testing"
)

func TestConformanceLines(t *testing.T) {
	for _, name := range ConformanceFiles {
		if len(ConformanceLines(t, name)) == 0 {
			t.Errorf("%s has no cases", name)
		}
	}
}

// TestRequest: the request is apigatetest's, with the fields the tests compare pinned.
func TestRequest(t *testing.T) {
	r := Request("POST", "/pets?a=1", `{"n":1}`, "Content-Type", "application/json", "X-Multi", "a", "X-Multi", "b")
	c := r.Context
	got := []string{r.Method, r.Path, r.Query.Get("a"), string(r.Body), r.Header.Get("Content-Type"), strings.Join(r.Header["X-Multi"], ","),
		r.Header.Get("Host"), r.HTTP.RemoteAddr, c.AccountID, c.APIID, c.RequestID, c.Stage, c.Path, c.ResourcePath, c.Identity.SourceIP}
	want := []string{"POST", "/pets", "1", `{"n":1}`, "application/json", "a,b",
		Host, SourceIP + ":51234", AccountID, APIID, RequestID, Stage, "/test/pets", "/pets", SourceIP}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if r := Request("GET", "/", ""); r.Body != nil {
		t.Errorf("an empty body is %q, want nil as the gateway has it", r.Body)
	}
}
