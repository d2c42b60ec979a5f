package itest

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sharedConformance is the shared conformance folder, which the cases are copied from: beside
// the repository, where the project keeps it (a clone of the repository alone does not have it).
const sharedConformance = "../../../../shared/conformance"

// TestConformanceCopiesAreCurrent checks that the copies in testdata equal the shared cases,
// when the shared folder is there (a clone of the repository alone does not have it).
func TestConformanceCopiesAreCurrent(t *testing.T) {
	if _, err := os.Stat(sharedConformance); err != nil {
		t.Skip("the shared conformance folder is not present:", err)
	}
	for _, name := range ConformanceFiles {
		shared, err := os.ReadFile(filepath.Join(sharedConformance, name))
		if err != nil {
			t.Fatal(err)
		}
		local, err := conformance.ReadFile("testdata/conformance/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(shared, local) {
			t.Errorf("testdata/conformance/%s differs from %s: copy it again", name, filepath.Join(sharedConformance, name))
		}
	}
}

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
