package router

import (
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// refMatch is the reference the router is checked against: a slow, obviously correct reading of
// the rules. It tries every route that has the method or ANY on its own against the path and
// keeps the one first in priority order, comparing the kinds of the templates' parts (literal
// before {param} before {greedy+}) from the left; that order is what a depth-first search with
// backtracking visits first.
func refMatch(routes []Route, method, path string) (Match, []Param, bool) {
	if !slices.Contains([]string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}, method) {
		return Match{}, nil, false
	}
	var segs []string
	if p := strings.Trim(path, "/"); p != "" {
		segs = strings.Split(p, "/")
	}
	best, bestRank, bestParams := -1, []int(nil), []Param(nil)
	for i, rt := range routes {
		if !slices.Contains(rt.Methods, method) && !slices.Contains(rt.Methods, "ANY") {
			continue
		}
		var parts []string
		if rt.Path != "/" {
			parts = strings.Split(rt.Path[1:], "/")
		}
		rank, params, ok := refMatchParts(parts, segs)
		if ok && (best < 0 || slices.Compare(rank, bestRank) < 0) {
			best, bestRank, bestParams = i, rank, params
		}
	}
	if best < 0 {
		return Match{}, nil, false
	}
	key := "ANY"
	if slices.Contains(routes[best].Methods, method) {
		key = method
	}
	return Match{Route: best, Method: key}, bestParams, true
}

// refMatchParts matches template parts against path segments; rank lists the kind of each part
// (0 literal, 1 {param}, 2 {greedy+}).
func refMatchParts(parts, segs []string) (rank []int, params []Param, ok bool) {
	if len(parts) == 0 {
		return nil, nil, len(segs) == 0
	}
	if len(segs) == 0 {
		return nil, nil, false
	}
	p := parts[0]
	var kind int
	switch {
	case strings.HasSuffix(p, "+}"):
		// Greedy: the last part, taking every remaining segment, empty ones included.
		return []int{2}, []Param{{Name: p[1 : len(p)-2], Value: strings.Join(segs, "/")}}, true
	case strings.HasPrefix(p, "{"):
		if segs[0] == "" {
			return nil, nil, false
		}
		kind, params = 1, []Param{{Name: p[1 : len(p)-1], Value: segs[0]}}
	default:
		if segs[0] != p {
			return nil, nil, false
		}
	}
	restRank, restParams, ok := refMatchParts(parts[1:], segs[1:])
	if !ok {
		return nil, nil, false
	}
	return append([]int{kind}, restRank...), append(params, restParams...), true
}

// fuzzRoutes is a tree made for backtracking: literals, variables and greedy variables at
// several depths, with methods spread so that many paths match a resource lacking the method.
var fuzzRoutes = []Route{
	{Path: "/", Methods: []string{"GET"}},
	{Path: "/a", Methods: []string{"POST"}},
	{Path: "/a/b", Methods: []string{"GET", "ANY"}},
	{Path: "/a/b/c", Methods: []string{"PUT"}},
	{Path: "/a/b/{y+}", Methods: []string{"DELETE"}},
	{Path: "/a/{x}", Methods: []string{"ANY"}},
	{Path: "/a/{x}/c", Methods: []string{"GET"}},
	{Path: "/a/{x}/{w}/d", Methods: []string{"HEAD", "GET"}},
	{Path: "/{p}", Methods: []string{"HEAD"}},
	{Path: "/{p}/c", Methods: []string{"GET", "POST"}},
	{Path: "/{p}/{q}/{r+}", Methods: []string{"PATCH"}},
	{Path: "/{p}/b/{s}", Methods: []string{"OPTIONS"}},
	{Path: "/b/{z+}", Methods: []string{"ANY"}},
	{Path: "/%41", Methods: []string{"GET"}},
	{Path: "/c/d/e/f", Methods: []string{"DELETE"}},
}

// routeSets are the fixed route sets FuzzMatch checks every input against.
func routeSets() [][]Route {
	sets := [][]Route{fuzzRoutes, benchRoutes}
	for _, tt := range matchTests {
		sets = append(sets, tt.routes)
	}
	return sets
}

// checkAgainstReference matches one request on r and on the reference and reports differences.
func checkAgainstReference(t *testing.T, r *Router, routes []Route, method, path string) {
	t.Helper()
	pre := Param{Name: "pre", Value: "x"}
	buf := make([]Param, 1, 4)
	buf[0] = pre
	m, out, ok := r.Match(method, path, buf)
	wm, wparams, wok := refMatch(routes, method, path)
	if ok != wok || m != wm {
		t.Fatalf("%q %q: Match = %+v %v, reference %+v %v", method, path, m, ok, wm, wok)
	}
	want := append([]Param{pre}, wparams...)
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("%q %q: params = %q, reference %q", method, path, out, want)
	}
}

func FuzzMatch(f *testing.F) {
	for _, tt := range matchTests {
		for _, c := range tt.cases {
			f.Add(c.method, c.path)
		}
	}
	for _, c := range benchCases {
		f.Add(c.method, c.path)
	}
	for _, m := range []string{"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"} {
		for _, p := range []string{"/a/b/c", "/a/b/d", "/a/x/y/d", "//a//b//", "/x/b/z", "/b", "/b//", "/%41", "/c/d/e"} {
			f.Add(m, p)
		}
	}
	sets := routeSets()
	routers := make([]*Router, len(sets))
	for i, s := range sets {
		r, err := Compile(s)
		if err != nil {
			f.Fatal(err)
		}
		routers[i] = r
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		for i, r := range routers {
			checkAgainstReference(t, r, sets[i], method, path)
		}
	})
}

// TestMatchRandomTrees checks the router against the reference on random trees and paths over
// a small alphabet, where collisions between literals, variables and empty segments are common.
func TestMatchRandomTrees(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	methods := []string{"GET", "POST", "HEAD", "ANY"}
	pathSegs := []string{"a", "b", "c", "", "x"}
	trees, iters := 300, 300
	if testing.Short() {
		trees = 50
	}
	for range trees {
		// Grow a valid tree: draw random templates, keep those Compile accepts.
		var routes []Route
		for range 4 + rng.Intn(12) {
			n := rng.Intn(4)
			var b strings.Builder
			for j := range n {
				b.WriteByte('/')
				switch k := rng.Intn(10); {
				case k < 5:
					b.WriteString([]string{"a", "b", "c"}[rng.Intn(3)])
				case k < 8:
					b.WriteString([]string{"{v0}", "{v1}", "{v2}", "{v3}"}[j])
				default:
					b.WriteString([]string{"{g0+}", "{g1+}", "{g2+}", "{g3+}"}[j])
				}
			}
			path := b.String()
			if path == "" {
				path = "/"
			}
			var ms []string
			for _, m := range methods {
				if rng.Intn(3) == 0 {
					ms = append(ms, m)
				}
			}
			cand := append(slices.Clone(routes), Route{Path: path, Methods: ms})
			if _, err := Compile(cand); err == nil {
				routes = cand
			}
		}
		r, err := Compile(routes)
		if err != nil {
			t.Fatal(err)
		}
		for range iters {
			var b strings.Builder
			for range rng.Intn(3) {
				b.WriteByte('/')
			}
			for j := range rng.Intn(5) {
				if j > 0 {
					b.WriteByte('/')
				}
				b.WriteString(pathSegs[rng.Intn(len(pathSegs))])
			}
			for range rng.Intn(3) {
				b.WriteByte('/')
			}
			method := []string{"GET", "POST", "HEAD", "PUT", "get"}[rng.Intn(5)]
			checkAgainstReference(t, r, routes, method, b.String())
		}
	}
}
