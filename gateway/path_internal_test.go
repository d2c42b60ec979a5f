package gateway

import (
	"net/url"
	"strings"
	"testing"
)

func TestResolveDots(t *testing.T) {
	for in, want := range map[string]string{
		"/prod/pets":                      "/prod/pets",
		"/prod/pets/":                     "/prod/pets/",
		"/prod//pets":                     "/prod//pets",
		"/prod/proxy/../../../etc/passwd": "/etc/passwd",
		"/prod/pets/..":                   "/prod/",
		"/prod/pets/.":                    "/prod/pets/",
		"/prod/./pets/./7":                "/prod/pets/7",
		"/prod/a/b/../c":                  "/prod/a/c",
		"/..":                             "/",
		"/.":                              "/",
		"/../prod/x":                      "/prod/x",
		"/prod/a//../b":                   "/prod/a/b",
		"//prod/../x":                     "//x",
		"/prod/.../x":                     "/prod/.../x",
		"/prod/..x/.x/x./x..":             "/prod/..x/.x/x./x..",
		"/prod/%2e%2e/%2E/x":              "/prod/%2e%2e/%2E/x",
		"/prod/a/..;jsessionid=1/b":       "/prod/b",
		"/prod/a/.;x/b":                   "/prod/a/b",
		"/prod/a/..%3B/b":                 "/prod/a/..%3B/b",
		"":                                "",
		"*":                               "*",
	} {
		if got := resolveDots(in); got != want {
			t.Errorf("resolveDots(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzResolveDots checks that what resolveDots returns has no dot segment left, and checks it
// against net/url's resolution of a reference (RFC 3986, 5.2) for absolute paths without the
// ';' forms only resolveDots knows and without empty segments, where net/url departs from the
// RFC (it resolves /..//x to /x, the RFC to //x).
func FuzzResolveDots(f *testing.F) {
	for _, s := range []string{"/a/b/../c", "/./a", "/a/..", "//a/../b", "/a/b/./../..", "/..;x/a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		got := resolveDots(path)
		if hasDotSegment(got) {
			t.Fatalf("resolveDots(%q) = %q: a dot segment is left", path, got)
		}
		if resolveDots(got) != got {
			t.Fatalf("resolveDots(%q) = %q is not resolved", path, got)
		}
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, ";%?#") || strings.Contains(path, "//") {
			return
		}
		base, _ := url.Parse("http://h/")
		want := base.ResolveReference(&url.URL{Path: path}).Path
		if got != want {
			t.Errorf("resolveDots(%q) = %q, net/url %q", path, got, want)
		}
	})
}

func BenchmarkResolveDots(b *testing.B) {
	for _, path := range []string{"/prod/pets/42", "/prod/a/b/c/d/e/f.txt", "/prod/a/../b"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				resolveDots(path)
			}
		})
	}
}
