package router

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
)

// matchCase is one request against a route set and the exact expected answer.
type matchCase struct {
	method, path string
	ok           bool
	route        int
	key          string  // Match.Method
	params       []Param // nil when none
}

func hit(method, path string, route int, key string, params ...string) matchCase {
	c := matchCase{method: method, path: path, ok: true, route: route, key: key}
	for i := 0; i < len(params); i += 2 {
		c.params = append(c.params, Param{Name: params[i], Value: params[i+1]})
	}
	return c
}

func miss(method, path string) matchCase { return matchCase{method: method, path: path} }

var matchTests = []struct {
	name   string
	routes []Route
	cases  []matchCase
}{
	{
		// Recorded on AWS: the literal lacks OPTIONS, so the search backtracks to the greedy.
		name: "aws literal vs greedy by method",
		routes: []Route{
			{Path: "/test", Methods: []string{"POST"}},
			{Path: "/{proxy+}", Methods: []string{"OPTIONS"}},
		},
		cases: []matchCase{
			hit("OPTIONS", "/test", 1, "OPTIONS", "proxy", "test"),
			hit("POST", "/test", 0, "POST"),
			hit("POST", "/test/", 0, "POST"),
			hit("OPTIONS", "/test/x", 1, "OPTIONS", "proxy", "test/x"),
			miss("GET", "/test"),
			miss("OPTIONS", "/"),
			miss("POST", "/test/x"),
		},
	},
	{
		// Recorded on AWS: /part1/random-value goes to the greedy root child, not /part1.
		name: "aws greedy beats nothing under a literal",
		routes: []Route{
			{Path: "/part1", Methods: []string{"GET"}},
			{Path: "/part1/hardcoded-value", Methods: []string{"GET"}},
			{Path: "/{param+}", Methods: []string{"GET"}},
		},
		cases: []matchCase{
			hit("GET", "/part1/random-value", 2, "GET", "param", "part1/random-value"),
			hit("GET", "/part1", 0, "GET"),
			hit("GET", "/part1/hardcoded-value", 1, "GET"),
			hit("GET", "/part1/hardcoded-value/x", 2, "GET", "param", "part1/hardcoded-value/x"),
			hit("GET", "//hardcoded", 2, "GET", "param", "hardcoded"),
			miss("GET", "/"),
			miss("GET", "//"),
		},
	},
	{
		name: "pets",
		routes: []Route{
			{Path: "/", Methods: []string{"GET"}},                                // 0
			{Path: "/pets", Methods: []string{"GET", "POST"}},                    // 1
			{Path: "/pets/{petId}", Methods: []string{"GET", "ANY"}},             // 2
			{Path: "/pets/{petId}/toys", Methods: []string{"GET"}},               // 3
			{Path: "/pets/mine", Methods: []string{"GET"}},                       // 4
			{Path: "/files/{proxy+}", Methods: []string{"ANY"}},                  // 5
			{Path: "/users/{id}", Methods: []string{"HEAD"}},                     // 6
			{Path: "/items/{id}", Methods: []string{"ANY", "DELETE"}},            // 7
			{Path: "/{proxy+}", Methods: []string{"PUT"}},                        // 8
			{Path: "/orders/{orderId}/lines/{line}", Methods: []string{"PATCH"}}, // 9
		},
		cases: []matchCase{
			// The root, with leading and trailing slashes collapsed; {proxy+} never matches it.
			hit("GET", "/", 0, "GET"),
			hit("GET", "//", 0, "GET"),
			hit("GET", "///", 0, "GET"),
			hit("GET", "", 0, "GET"),
			miss("POST", "/"),
			miss("PUT", "/"),
			miss("PUT", "//"),

			// Literals, trailing and leading slashes.
			hit("GET", "/pets", 1, "GET"),
			hit("POST", "/pets", 1, "POST"),
			hit("GET", "/pets/", 1, "GET"),
			hit("GET", "/pets//", 1, "GET"),
			hit("GET", "//pets", 1, "GET"),
			hit("GET", "pets", 1, "GET"),
			miss("DELETE", "/pets"),
			hit("PUT", "/pets", 8, "PUT", "proxy", "pets"),
			hit("PUT", "/pets/", 8, "PUT", "proxy", "pets"),

			// {param}: explicit method beats ANY.
			hit("GET", "/pets/123", 2, "GET", "petId", "123"),
			hit("PATCH", "/pets/123", 2, "ANY", "petId", "123"),
			hit("HEAD", "/pets/123", 2, "ANY", "petId", "123"),
			hit("GET", "/pets/123/", 2, "GET", "petId", "123"),

			// Literal beats {param}, and backtracks to it for a method the literal lacks.
			hit("GET", "/pets/mine", 4, "GET"),
			hit("POST", "/pets/mine", 2, "ANY", "petId", "mine"),
			hit("GET", "/pets/mine/toys", 3, "GET", "petId", "mine"),

			hit("GET", "/pets/123/toys", 3, "GET", "petId", "123"),
			miss("POST", "/pets/123/toys"),
			hit("PUT", "/pets/123/toys", 8, "PUT", "proxy", "pets/123/toys"),

			// An empty interior segment matches neither a literal nor a {param}.
			miss("GET", "/pets//toys"),
			hit("PUT", "/pets//toys", 8, "PUT", "proxy", "pets//toys"),
			hit("PUT", "/pets//123", 8, "PUT", "proxy", "pets//123"),

			// Case-sensitive paths; no percent-decoding of literals or values.
			miss("GET", "/Pets"),
			hit("PUT", "/Pets", 8, "PUT", "proxy", "Pets"),
			miss("GET", "/p%65ts"),
			hit("GET", "/pets/test%2Balias@gmail.com", 2, "GET", "petId", "test%2Balias@gmail.com"),
			hit("GET", "/pets/a%2Fb", 2, "GET", "petId", "a%2Fb"),
			hit("PUT", "/a%20b/c%2F", 8, "PUT", "proxy", "a%20b/c%2F"),

			// Methods: case-sensitive, only the seven; HEAD is not served by GET.
			miss("get", "/pets"),
			miss("FOO", "/pets"),
			miss("FOO", "/pets/123"),
			miss("ANY", "/pets/123"),
			miss("TRACE", "/files/a"),
			miss("", "/pets/123"),
			miss("HEAD", "/pets"),
			hit("HEAD", "/users/1", 6, "HEAD", "id", "1"),
			miss("GET", "/users/1"),
			hit("DELETE", "/items/1", 7, "DELETE", "id", "1"),
			hit("GET", "/items/1", 7, "ANY", "id", "1"),
			hit("OPTIONS", "/items/1", 7, "ANY", "id", "1"),

			// Greedy values: interior // kept, trailing slashes dropped, a leading // kept raw.
			hit("GET", "/files/a", 5, "ANY", "proxy", "a"),
			hit("GET", "/files/a/b/c", 5, "ANY", "proxy", "a/b/c"),
			hit("GET", "/files/a//b", 5, "ANY", "proxy", "a//b"),
			hit("GET", "/files/a/", 5, "ANY", "proxy", "a"),
			hit("GET", "/files/a//", 5, "ANY", "proxy", "a"),
			hit("GET", "/files//a", 5, "ANY", "proxy", "/a"),
			hit("GET", "//files/a", 5, "ANY", "proxy", "a"),
			miss("GET", "/files"),
			miss("GET", "/files/"),
			miss("GET", "/files//"),
			hit("PUT", "/files", 8, "PUT", "proxy", "files"),
			hit("PUT", "/files/", 8, "PUT", "proxy", "files"),

			// Two parameters, in path order.
			hit("PATCH", "/orders/o1/lines/7", 9, "PATCH", "orderId", "o1", "line", "7"),
			miss("PATCH", "/orders/o1/lines"),
			miss("PATCH", "/orders/o1/lines/7/x"),
			miss("PATCH", "/orders//lines/7"),
			hit("PUT", "/orders/o1/lines/7/x", 8, "PUT", "proxy", "orders/o1/lines/7/x"),

			// Resources that do not exist, or exist only as implied parents.
			miss("GET", "/nothing"),
			miss("GET", "/users"),
			miss("GET", "/orders/o1"),
		},
	},
	{
		// Deep backtracking: a failure three levels down reopens choices near the root, and
		// parameters pushed on the way are dropped again.
		name: "deep backtracking",
		routes: []Route{
			{Path: "/a/b/c", Methods: []string{"GET"}},         // 0
			{Path: "/a/{x}/d", Methods: []string{"GET"}},       // 1
			{Path: "/{y}/b/c", Methods: []string{"PUT"}},       // 2
			{Path: "/{y}/{z}/{w}/q", Methods: []string{"GET"}}, // 3
			{Path: "/{y}/b/{v+}", Methods: []string{"DELETE"}}, // 4
		},
		cases: []matchCase{
			hit("GET", "/a/b/c", 0, "GET"),
			hit("GET", "/a/b/d", 1, "GET", "x", "b"),
			hit("PUT", "/a/b/c", 2, "PUT", "y", "a"),
			hit("GET", "/a/b/c/q", 3, "GET", "y", "a", "z", "b", "w", "c"),
			hit("GET", "/x/b/c/q", 3, "GET", "y", "x", "z", "b", "w", "c"),
			hit("DELETE", "/a/b/c/q", 4, "DELETE", "y", "a", "v", "c/q"),
			hit("DELETE", "/a/b/c", 4, "DELETE", "y", "a", "v", "c"),
			miss("DELETE", "/a/b"),
			miss("PUT", "/a/b/d"),
			miss("PATCH", "/a/b/c"),
			miss("GET", "/a/b/c/r"),
		},
	},
	{
		// More literal children than the linear scan handles: binary search.
		name:   "wide fan-out",
		routes: wideRoutes(),
		cases: []matchCase{
			hit("GET", "/r00", 0, "GET"),
			hit("GET", "/r07", 1, "GET"),
			hit("GET", "/r19", 17, "GET"),
			hit("GET", "/r10", 10, "GET"),
			hit("GET", "/r01", 3, "GET"),
			hit("GET", "/r10/x", 20, "GET", "v", "r10"),
			hit("POST", "/r10", 21, "POST", "v", "r10"),
			miss("GET", "/r20"),
			miss("GET", "/r0"),
			hit("POST", "/r", 21, "POST", "v", "r"),
		},
	},
	{
		name:   "no routes",
		routes: nil,
		cases: []matchCase{
			miss("GET", "/"),
			miss("GET", "/a"),
		},
	},
	{
		// A route may define no methods; it then matches nothing.
		name: "route without methods",
		routes: []Route{
			{Path: "/"},
			{Path: "/a", Methods: []string{}},
			{Path: "/{p+}", Methods: []string{"ANY"}},
		},
		cases: []matchCase{
			miss("GET", "/"),
			hit("GET", "/a", 2, "ANY", "p", "a"),
		},
	},
}

func wideRoutes() []Route {
	var rs []Route
	// Route i is /r(7i mod 20): out of order, so that Compile must sort them.
	for i := 0; i < 20; i++ {
		rs = append(rs, Route{Path: fmt.Sprintf("/r%02d", (i*7)%20), Methods: []string{"GET"}})
	}
	rs = append(rs, Route{Path: "/{v}/x", Methods: []string{"GET"}}, Route{Path: "/{v}", Methods: []string{"POST"}})
	return rs
}

func TestMatch(t *testing.T) {
	for _, tt := range matchTests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compile(tt.routes)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tt.cases {
				m, params, ok := r.Match(c.method, c.path, nil)
				if ok != c.ok {
					t.Errorf("%s %q: ok = %v, want %v (got %+v %v)", c.method, c.path, ok, c.ok, m, params)
					continue
				}
				if !ok {
					if m != (Match{}) || params != nil {
						t.Errorf("%s %q: no match but m = %+v, params = %v", c.method, c.path, m, params)
					}
					continue
				}
				want := Match{Route: c.route, Method: c.key}
				if m != want || !reflect.DeepEqual(params, c.params) {
					t.Errorf("%s %q = %+v %v, want %+v %v", c.method, c.path, m, params, want, c.params)
				}
			}
		})
	}
}

// TestMatchAppends checks that Match appends to the params it is given and, on a miss or after
// backtracking, leaves them as they were.
func TestMatchAppends(t *testing.T) {
	r, err := Compile([]Route{
		{Path: "/a/{x}/{y}/q", Methods: []string{"GET"}},
		{Path: "/{z+}", Methods: []string{"POST"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	pre := Param{Name: "keep", Value: "me"}
	buf := make([]Param, 1, 8)
	buf[0] = pre

	_, out, ok := r.Match("GET", "/a/1/2/q", buf)
	want := []Param{pre, {"x", "1"}, {"y", "2"}}
	if !ok || !reflect.DeepEqual(out, want) || &out[0] != &buf[0] {
		t.Errorf("GET = %v %v, want %v in the caller's array", out, ok, want)
	}

	_, out, ok = r.Match("POST", "/a/1/2/q", buf)
	want = []Param{pre, {"z", "a/1/2/q"}}
	if !ok || !reflect.DeepEqual(out, want) {
		t.Errorf("POST after backtracking = %v %v, want %v", out, ok, want)
	}

	_, out, ok = r.Match("GET", "/a/1/2/r", buf)
	if ok || !reflect.DeepEqual(out, []Param{pre}) {
		t.Errorf("miss = %v %v, want the params as given", out, ok)
	}
}

// TestMatchAllocs checks that Match does not allocate given a params slice with room.
func TestMatchAllocs(t *testing.T) {
	r, err := Compile(benchRoutes)
	if err != nil {
		t.Fatal(err)
	}
	params := make([]Param, 0, 8)
	for _, c := range benchCases {
		allocs := testing.AllocsPerRun(100, func() {
			r.Match(c.method, c.path, params[:0])
		})
		if allocs != 0 {
			t.Errorf("%s %s: %v allocations, want 0", c.method, c.path, allocs)
		}
	}
}

// TestMatchConcurrent runs Match from several goroutines, for the race detector.
func TestMatchConcurrent(t *testing.T) {
	r, err := Compile(benchRoutes)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var params []Param
			for i := 0; i < 200; i++ {
				for _, c := range benchCases {
					_, params, _ = r.Match(c.method, c.path, params[:0])
				}
			}
		}()
	}
	wg.Wait()
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name     string
		routes   []Route
		sentinel error
		route    int
		msg      string
	}{
		{
			name:     "child of greedy, separate routes",
			routes:   []Route{{Path: "/{proxy+}"}, {Path: "/{proxy+}/x"}},
			sentinel: ErrGreedyChild, route: 1,
			msg: "Cannot create a child of a resource with a greedy path variable: {proxy+}",
		},
		{
			name:     "child of greedy, one route",
			routes:   []Route{{Path: "/files/{path+}/{x}"}},
			sentinel: ErrGreedyChild, route: 0,
			msg: "Cannot create a child of a resource with a greedy path variable: {path+}",
		},
		{
			name:     "greedy then param sibling",
			routes:   []Route{{Path: "/{proxy+}", Methods: []string{"ANY"}}, {Path: "/{id}"}},
			sentinel: ErrVariableSibling, route: 1,
			msg: "A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed",
		},
		{
			name:     "param then greedy sibling",
			routes:   []Route{{Path: "/pets/{id}"}, {Path: "/pets/{proxy+}"}},
			sentinel: ErrVariableSibling, route: 1,
			msg: "A sibling ({id}) of this resource already has a variable path part -- only one is allowed",
		},
		{
			name:     "params named differently, implied parent",
			routes:   []Route{{Path: "/user/{bizId}/complaint"}, {Path: "/user/{userId}/fans"}},
			sentinel: ErrVariableSibling, route: 1,
			msg: "A sibling ({bizId}) of this resource already has a variable path part -- only one is allowed",
		},
		{
			name:     "param and greedy of one name",
			routes:   []Route{{Path: "/{p}"}, {Path: "/{p+}"}},
			sentinel: ErrVariableSibling, route: 1,
			msg: "A sibling ({p}) of this resource already has a variable path part -- only one is allowed",
		},
		{
			name:     "duplicate literal",
			routes:   []Route{{Path: "/pets", Methods: []string{"GET"}}, {Path: "/pets", Methods: []string{"POST"}}},
			sentinel: ErrDuplicate, route: 1,
			msg: "Another resource with the same parent already has this name: pets",
		},
		{
			name:     "duplicate after implied",
			routes:   []Route{{Path: "/a/b/c"}, {Path: "/a/b"}, {Path: "/a/b"}},
			sentinel: ErrDuplicate, route: 2,
			msg: "Another resource with the same parent already has this name: b",
		},
		{
			name:     "duplicate variable",
			routes:   []Route{{Path: "/pets/{id}"}, {Path: "/pets/{id}"}},
			sentinel: ErrDuplicate, route: 1,
			msg: "Another resource with the same parent already has this name: {id}",
		},
		{
			name:     "duplicate root",
			routes:   []Route{{Path: "/"}, {Path: "/"}},
			sentinel: ErrDuplicate, route: 1,
			msg: "router: route 1: the root resource / is listed twice",
		},
		{
			name:     "no leading slash",
			routes:   []Route{{Path: "/"}, {Path: "pets"}},
			sentinel: ErrInvalidPathPart, route: 1,
			msg: `router: route 1: invalid path "pets": a path must start with "/"`,
		},
		{
			name:     "empty path",
			routes:   []Route{{Path: ""}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "": a path must start with "/"`,
		},
		{
			name:     "trailing slash",
			routes:   []Route{{Path: "/pets/"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/pets/": empty path part`,
		},
		{
			name:     "double slash",
			routes:   []Route{{Path: "//pets"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "//pets": empty path part`,
		},
		{
			name:     "unclosed brace",
			routes:   []Route{{Path: "/{id"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/{id": unbalanced brace in path part "{id"`,
		},
		{
			name:     "lone brace",
			routes:   []Route{{Path: "/{"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/{": unbalanced brace in path part "{"`,
		},
		{
			name:     "closing brace only",
			routes:   []Route{{Path: "/id}"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/id}": misplaced brace in path part "id}"; a variable is a whole path part, {name} or {name+}`,
		},
		{
			name:     "brace inside literal",
			routes:   []Route{{Path: "/a{id}"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/a{id}": misplaced brace in path part "a{id}"; a variable is a whole path part, {name} or {name+}`,
		},
		{
			name:     "text after variable",
			routes:   []Route{{Path: "/{id}.json"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/{id}.json": unbalanced brace in path part "{id}.json"`,
		},
		{
			name:     "empty name",
			routes:   []Route{{Path: "/{}"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/{}": empty variable name in path part "{}"`,
		},
		{
			name:     "empty greedy name",
			routes:   []Route{{Path: "/{+}"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/{+}": empty variable name in path part "{+}"`,
		},
		{
			name:     "bad name",
			routes:   []Route{{Path: "/{pet id}"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/{pet id}": variable name in path part "{pet id}" may hold only A-Z a-z 0-9 . _ -`,
		},
		{
			name:     "nested braces",
			routes:   []Route{{Path: "/{{id}}"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/{{id}}": variable name in path part "{{id}}" may hold only A-Z a-z 0-9 . _ -`,
		},
		{
			name:     "plus inside name",
			routes:   []Route{{Path: "/{a+b}"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/{a+b}": variable name in path part "{a+b}" may hold only A-Z a-z 0-9 . _ -`,
		},
		{
			name:     "space in literal",
			routes:   []Route{{Path: "/a b"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/a b": invalid character ' ' in path part "a b"`,
		},
		{
			name:     "query in literal",
			routes:   []Route{{Path: "/a?b"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/a?b": invalid character '?' in path part "a?b"`,
		},
		{
			name:     "repeated parameter name",
			routes:   []Route{{Path: "/{id}/x/{id+}"}},
			sentinel: ErrInvalidPathPart,
			msg:      `router: route 0: invalid path "/{id}/x/{id+}": path parameter "id" appears twice`,
		},
		{
			name:     "lower-case method",
			routes:   []Route{{Path: "/pets", Methods: []string{"get"}}},
			sentinel: ErrInvalidMethod,
			msg:      `router: route 0 (/pets): invalid method "get"; valid methods are ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST and PUT`,
		},
		{
			name:     "unknown method",
			routes:   []Route{{Path: "/pets", Methods: []string{"TRACE"}}},
			sentinel: ErrInvalidMethod,
			msg:      `router: route 0 (/pets): invalid method "TRACE"; valid methods are ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST and PUT`,
		},
		{
			name:     "duplicate method",
			routes:   []Route{{Path: "/pets", Methods: []string{"GET", "ANY", "GET"}}},
			sentinel: ErrDuplicateMethod,
			msg:      `router: route 0 (/pets): method GET is listed twice`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compile(tt.routes)
			if err == nil {
				t.Fatalf("Compile = %v, nil; want error %q", r, tt.msg)
			}
			if r != nil {
				t.Errorf("Compile returned a router with its error")
			}
			if err.Error() != tt.msg {
				t.Errorf("error = %q\nwant    %q", err.Error(), tt.msg)
			}
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.sentinel)
			}
			var ce *CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("error %T is not a *CompileError", err)
			}
			if ce.Route != tt.route || ce.Path != tt.routes[tt.route].Path {
				t.Errorf("CompileError at route %d %q, want %d %q", ce.Route, ce.Path, tt.route, tt.routes[tt.route].Path)
			}
		})
	}
}

// TestCompileAccepts lists trees that are valid although they may look suspicious.
func TestCompileAccepts(t *testing.T) {
	for _, routes := range [][]Route{
		{{Path: "/a/b"}, {Path: "/a"}},              // parent listed after its child
		{{Path: "/a"}, {Path: "/a/b"}},              // and before
		{{Path: "/{id}/x"}, {Path: "/{id}/y"}},      // one variable, two children
		{{Path: "/{id}"}, {Path: "/{id}/{proxy+}"}}, // variable under variable
		{{Path: "/{proxy+}"}, {Path: "/proxy"}},     // literal next to greedy
		{{Path: "/x/{id}"}, {Path: "/y/{other}"}},   // variables under different parents
		{{Path: "/a.b_c-d~e:f@g$h%20"}},             // literal characters
		{{Path: "/{A.b_c-9}"}},                      // name characters
		{{Path: "/", Methods: []string{"ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}}},
	} {
		if _, err := Compile(routes); err != nil {
			t.Errorf("Compile(%v): %v", routes, err)
		}
	}
}
