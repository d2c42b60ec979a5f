package mapping

import (
	"github.com/apigate/apigate"

	"errors"
	"reflect"
	"strings"
	"testing"
)

func exprSource() *Source {
	return &Source{
		Request: &Request{
			Body: []byte(`{"petstore":{"pets":[{"name":"rex","tags":["a","b"]}]},"n":7}`),
			Params: Params{
				Path:        map[string]string{"petId": "42"},
				QueryString: map[string][]string{"q": {"1", "2"}, "Case": {"x"}},
				Header:      map[string][]string{"Accept": {"text/plain"}, "X-Multi": {"a", "b"}},
			},
			StageVariables: map[string]string{"env": "prod"},
			Context: apigate.Context{
				RequestID: "req-1", Stage: "prod", RequestTimeEpoch: 1700000000000,
				Identity:   apigate.Identity{SourceIP: "203.0.113.9"},
				Authorizer: &apigate.Authorizer{PrincipalID: "user1", Context: map[string]any{"n": 1.0, "ok": true}, Claims: map[string]any{"sub": "abc"}},
			},
		},
		RequestPath:    "/pets/42",
		ResponseHeader: map[string][]string{"Location": {"/a", "/b"}},
		ResponseBody:   []byte(`{"errorMessage":"boom","code":{"x":1}}`),
		ExtraContext:   map[string]string{"routeKey": "GET /pets/{petId}"},
	}
}

func TestParseExprEval(t *testing.T) {
	tests := []struct {
		expr string
		want []string // nil: no value
	}{
		{"'static'", []string{"static"}},
		{"''", []string{""}},
		{"method.request.path.petId", []string{"42"}},
		{"method.request.path.missing", nil},
		{"method.request.querystring.q", []string{"2"}},
		{"method.request.multivaluequerystring.q", []string{"1", "2"}},
		{"method.request.querystring.case", nil},
		{"method.request.header.Accept", []string{"text/plain"}},
		{"method.request.header.accept", []string{"text/plain"}},
		{"method.request.multivalueheader.X-Multi", []string{"a", "b"}},
		{"method.request.body", []string{`{"petstore":{"pets":[{"name":"rex","tags":["a","b"]}]},"n":7}`}},
		{"method.request.body.petstore.pets[0].name", []string{"rex"}},
		{"method.request.body.petstore.pets[0].tags", []string{`["a","b"]`}},
		{"method.request.body.n", []string{"7"}},
		{"method.request.body.nothing", nil},
		{"integration.response.header.Location", []string{"/b"}},
		{"integration.response.multivalueheader.Location", []string{"/a", "/b"}},
		{"integration.response.body.errorMessage", []string{"boom"}},
		{"integration.response.body.code", []string{`{"x":1}`}},
		{"stageVariables.env", []string{"prod"}},
		{"stageVariables.none", nil},
		{"context.requestId", []string{"req-1"}},
		{"context.requestTimeEpoch", []string{"1700000000000"}},
		{"context.identity.sourceIp", []string{"203.0.113.9"}},
		{"context.identity.user", nil},
		{"context.authorizer.principalId", []string{"user1"}},
		{"context.authorizer.n", []string{"1"}},
		{"context.authorizer.ok", []string{"true"}},
		{"context.authorizer.claims.sub", []string{"abc"}},
		{"context.authorizer.claims.none", nil},
		{"context.routeKey", []string{"GET /pets/{petId}"}},
	}
	for _, tt := range tests {
		e, err := ParseExpr(tt.expr)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.expr, err)
			continue
		}
		got, ok := e.Eval(exprSource())
		if ok != (tt.want != nil) || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s = %q, %v; want %q", tt.expr, got, ok, tt.want)
		}
		if e.String() != tt.expr {
			t.Errorf("String() = %q, want %q", e.String(), tt.expr)
		}
	}
}

func TestParseExprErrors(t *testing.T) {
	for _, s := range []string{
		"", "'unterminated", "'", "\"*\"", "*", "method.request.path.", "method.request.path.a b",
		"method.request.path.a/b", "method.request.bodyx", "method.request.body.", "method.request.body.a[",
		"method.request.cookie.a", "integration.request.header.a", "context.", "stageVariables.",
		"method.response.header.x",
	} {
		_, err := ParseExpr(s)
		var ee *ExprError
		if !errors.As(err, &ee) || !errors.Is(err, ErrInvalidExpr) {
			t.Errorf("ParseExpr(%q) error = %v, want an ExprError", s, err)
			continue
		}
		want := "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: " + s + "]"
		if err.Error() != want {
			t.Errorf("ParseExpr(%q) error %q, want %q", s, err, want)
		}
	}
}

func TestParseHTTPExprEval(t *testing.T) {
	tests := []struct {
		expr string
		want []string
	}{
		{"static", []string{"static"}},
		{"$request.header.accept", []string{"text/plain"}},
		{"$request.header.x-multi", []string{"a,b"}},
		{"${request.header.X-Multi}", []string{"a,b"}},
		{"$request.querystring.q", []string{"1,2"}},
		{"$request.querystring.case", nil},
		{"$request.path", []string{"/pets/42"}},
		{"$request.path.petId", []string{"42"}},
		{"$request.body.petstore.pets[0].name", []string{"rex"}},
		{"$request.body", []string{`{"petstore":{"pets":[{"name":"rex","tags":["a","b"]}]},"n":7}`}},
		{"$response.header.Location", []string{"/a,/b"}},
		{"$response.body.errorMessage", []string{"boom"}},
		{"$context.requestId", []string{"req-1"}},
		{"$context.routeKey", []string{"GET /pets/{petId}"}},
		{"$stageVariables.env", []string{"prod"}},
		{"Bearer ${request.header.Accept}", []string{"Bearer text/plain"}},
		{"${request.path.petId} ${request.querystring.q}!", []string{"42 1,2!"}},
		{"${request.path.none}-x", []string{"-x"}},
		{"cost: $5 ${stageVariables.env}", []string{"cost: $5 prod"}},
	}
	for _, tt := range tests {
		e, err := ParseHTTPExpr(tt.expr)
		if err != nil {
			t.Errorf("ParseHTTPExpr(%q): %v", tt.expr, err)
			continue
		}
		got, ok := e.Eval(exprSource())
		if ok != (tt.want != nil) || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s = %q, %v; want %q", tt.expr, got, ok, tt.want)
		}
	}
	for _, s := range []string{"$request.cookie.a", "${request.header.a", "$request.body..a", "$request.body.a[?(@.b)]",
		"$context.a-b", "${}", "$", "$request.header."} {
		if _, err := ParseHTTPExpr(s); !errors.Is(err, ErrInvalidExpr) {
			t.Errorf("ParseHTTPExpr(%q) error = %v, want ErrInvalidExpr", s, err)
		}
	}
}

func TestHTTPBodyCutAt100KB(t *testing.T) {
	e, err := ParseHTTPExpr("$request.body.late")
	if err != nil {
		t.Fatal(err)
	}
	body := `{"pad":"` + strings.Repeat("x", httpBodyLimit) + `","late":1}`
	if v, ok := e.Eval(&Source{Request: &Request{Body: []byte(body)}}); ok {
		t.Errorf("got %q from past 100 KB", v)
	}
	rest, _ := ParseExpr("method.request.body.late")
	if v, ok := rest.Eval(&Source{Request: &Request{Body: []byte(body)}}); !ok || v[0] != "1" {
		t.Errorf("REST body path = %q, %v; want 1", v, ok)
	}
}

func FuzzParseExpr(f *testing.F) {
	for _, s := range []string{"'x'", "method.request.body.a[0].b", "context.identity.sourceIp", "${request.header.a} b",
		"$request.body.x", "integration.response.multivalueheader.X", "${", "$"} {
		f.Add(s, `{"a":[{"b":1}]}`)
	}
	f.Fuzz(func(t *testing.T, expr, body string) {
		src := exprSource()
		src.Request.Body = []byte(body)
		src.ResponseBody = []byte(body)
		if e, err := ParseExpr(expr); err == nil {
			e.Eval(src)
		}
		if e, err := ParseHTTPExpr(expr); err == nil {
			e.Eval(src)
		}
	})
}

func BenchmarkExprEval(b *testing.B) {
	exprs := make([]Expr, 0, 4)
	for _, s := range []string{"method.request.header.Accept", "method.request.path.petId", "context.identity.sourceIp", "'static'"} {
		e, err := ParseExpr(s)
		if err != nil {
			b.Fatal(err)
		}
		exprs = append(exprs, e)
	}
	src := exprSource()
	dst := make([]string, 0, 8)
	b.ReportAllocs()
	for b.Loop() {
		dst = dst[:0]
		for i := range exprs {
			dst, _ = exprs[i].Append(dst, src)
		}
	}
}

func BenchmarkExprEvalBodyPath(b *testing.B) {
	e, err := ParseExpr("method.request.body.petstore.pets[0].name")
	if err != nil {
		b.Fatal(err)
	}
	req := exprSource().Request
	dst := make([]string, 0, 1)
	b.ReportAllocs()
	for b.Loop() {
		src := Source{Request: req}
		dst, _ = e.Append(dst[:0], &src)
	}
}
