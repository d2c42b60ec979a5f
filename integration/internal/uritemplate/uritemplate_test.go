package uritemplate

import (
	"errors"
	"reflect"
	"testing"

	"github.com/apigate/apigate"
)

// TestParse covers the one URI template parser HTTP, HTTP_PROXY, Handler and AWS share.
func TestParse(t *testing.T) {
	lit := func(s string, q bool) Part { return Part{Kind: Literal, Text: s, InQuery: q} }
	param := func(s string, q bool) Part { return Part{Kind: PathParam, Text: s, InQuery: q} }
	stage := func(s string, q bool) Part { return Part{Kind: StageVariable, Text: s, InQuery: q} }
	tests := []struct {
		in   string
		want []Part
	}{
		{"", nil},
		{"http://h/a", []Part{lit("http://h/a", false)}},
		{"http://h/{id}/x", []Part{lit("http://h/", false), param("id", false), lit("/x", false)}},
		{"${stageVariables.url}/{a.b-c$d}", []Part{stage("url", false), lit("/", false), param("a.b-c$d", false)}},
		{"http://h/p?a={q}&b=${stageVariables.v}", []Part{lit("http://h/p?a=", false), param("q", true), lit("&b=", true), stage("v", true)}},
		// Not placeholders: a name requestParameters cannot map, an empty one, another ${...},
		// an unclosed brace.
		{"http://h/{a b}/{}/${x}/${stageVariables.}/{open", []Part{lit("http://h/{a b}/{}/${x}/${stageVariables.}/{open", false)}},
		{"{a}{b}", []Part{param("a", false), param("b", false)}},
	}
	for _, tc := range tests {
		if got := Parse(tc.in).Parts; !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestAppendEscaped(t *testing.T) {
	for _, tc := range []struct{ in, path, query string }{
		{"plain-._~", "plain-._~", "plain-._~"},
		{"a/b:c@d", "a/b:c@d", "a/b:c@d"},
		{"!$&'()*+,;=", "!$&'()*+,;=", "!$%26'()*+,;="},
		{"a b?c#d", "a%20b%3Fc%23d", "a%20b?c%23d"},
		{`[]{}|\^"<>` + "`", "%5B%5D%7B%7D%7C%5C%5E%22%3C%3E%60", "%5B%5D%7B%7D%7C%5C%5E%22%3C%3E%60"},
		{"%2F%2f%zz%4", "%2F%2f%25zz%254", "%2F%2f%25zz%254"},
		{"é\x00\x7f", "%C3%A9%00%7F", "%C3%A9%00%7F"},
	} {
		if got := string(AppendEscaped(nil, tc.in, false)); got != tc.path {
			t.Errorf("path %q: %q, want %q", tc.in, got, tc.path)
		}
		if got := string(AppendEscaped(nil, tc.in, true)); got != tc.query {
			t.Errorf("query %q: %q, want %q", tc.in, got, tc.query)
		}
	}
}

// lookup is a Lookup over a map.
type lookup map[string]string

func (l lookup) Get(name string) (string, bool) { v, ok := l[name]; return v, ok }

func TestExpand(t *testing.T) {
	tmpl := Parse("https://${stageVariables.host}/p/{id}/{missing}?q={id}")
	got := string(tmpl.Expand(nil, lookup{"id": "a b&c"}, map[string]string{"host": "h.example"}))
	if want := "https://h.example/p/a%20b&c/{missing}?q=a%20b%26c"; got != want {
		t.Errorf("Expand = %q, want %q", got, want)
	}
	if got := string(tmpl.Expand(nil, nil, nil)); got != "https:///p/{id}/{missing}?q={id}" {
		t.Errorf("Expand without values = %q", got)
	}
	if tmpl.Static() || !Parse("http://h/x").Static() || !Parse("").Static() {
		t.Error("Static")
	}
	if got := tmpl.Sample(); got != "https://x/p/x/x?q=x" {
		t.Errorf("Sample = %q", got)
	}
}

func TestEndpoint(t *testing.T) {
	for _, bad := range []string{"", "ftp://h/x", "/relative", "http:///nohost", "http://h/%zz"} {
		if _, ok := ParseEndpoint(bad); ok {
			t.Errorf("ParseEndpoint(%q) is valid", bad)
		}
	}
	e, ok := ParseEndpoint("http://h/x#frag")
	if !ok {
		t.Fatal("static endpoint invalid")
	}
	if u, err := e.URL(nil, nil); err != nil || u.String() != "http://h/x" {
		t.Errorf("static URL %v %v", u.String(), err)
	}
	e, ok = ParseEndpoint("${stageVariables.url}/x")
	if !ok {
		t.Fatal("a URI that starts with a stage variable is checked per request")
	}
	if u, err := e.URL(nil, map[string]string{"url": "https://a.example"}); err != nil || u.String() != "https://a.example/x" {
		t.Errorf("dynamic URL %v %v", u.String(), err)
	}
	_, err := e.URL(nil, nil)
	var ge *apigate.Error
	if !errors.As(err, &ge) || ge.Type != apigate.APIConfigurationError {
		t.Errorf("invalid filled-in endpoint: %v", err)
	}
}

// pairs is a Pairs over a list.
type pairs [][2]string

func (p pairs) Len() int              { return len(p) }
func (p pairs) Name(i int) string     { return p[i][0] }
func (p pairs) Values(i int) []string { return []string{p[i][1]} }

func TestQuery(t *testing.T) {
	tests := []struct {
		uri, client string
		mapped      Pairs
		want        string
	}{
		{"", "", nil, ""},
		{"a=1", "", nil, "a=1"},
		{"", "b=2", nil, "b=2"},
		{"a=1", "b=2", nil, "a=1&b=2"},
		{"a=1&", "b=2", pairs{{"a", "x y"}}, "a=1&b=2&a=x+y"},
		{"", "", pairs{{"k&", "v=1"}, {"k", "2"}}, "k%26=v%3D1&k=2"},
	}
	for _, tc := range tests {
		if got := Query(tc.uri, tc.client, tc.mapped); got != tc.want {
			t.Errorf("Query(%q, %q, %v) = %q, want %q", tc.uri, tc.client, tc.mapped, got, tc.want)
		}
	}
}
