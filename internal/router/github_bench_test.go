package router

import (
	"flag"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// The GitHub API benchmarks route the 203 requests of githubRequests (or one of them) with
// this package and with net/http.ServeMux, side by side:
//
//	go test -run '^$' -bench BenchmarkGitHub ./internal/router/
//
// TestGitHubRatio runs each pair several times, interleaved, and prints the medians and the
// apigate/ServeMux time ratios:
//
//	taskset -c 1 go test -run TestGitHubRatio -v ./internal/router/ -github-ratio
var (
	githubRatio     = flag.Bool("github-ratio", false, "run TestGitHubRatio: the apigate/ServeMux GitHub API benchmark ratios")
	githubRatioRuns = flag.Int("github-ratio-runs", 5, "interleaved runs of each benchmark in TestGitHubRatio")
)

// githubStatic and githubParam are the requests of the static and param benchmarks, as in
// go-http-routing-benchmark's GithubStatic and GithubParam.
var (
	githubStatic = githubRequest{method: "GET", path: "/user/repos"}
	githubParam  = githubRequest{method: "GET", path: "/repos/julienschmidt/httprouter/issues/123"}
)

// githubPair is one benchmark, for this package and for ServeMux.
type githubPair struct {
	name              string
	apigate, servemux func(*testing.B)
}

// githubPairs returns the all, static and param benchmarks.
//
// apigate calls Match with a reused params slice. ServeMux is called through ServeHTTP with
// prebuilt requests, a ResponseWriter and handlers that do nothing: ServeHTTP is where ServeMux
// both finds the route and sets the path values (Request.PathValue), the work Match does.
func githubPairs(tb testing.TB) []githubPair {
	routes, _ := githubRoutes()
	r, err := Compile(routes)
	if err != nil {
		tb.Fatal(err)
	}
	mux := githubServeMux()
	apigate := func(reqs []githubRequest) func(*testing.B) {
		return func(b *testing.B) {
			params := make([]Param, 0, 8)
			b.ReportAllocs()
			for b.Loop() {
				for _, q := range reqs {
					_, params, _ = r.Match(q.method, q.path, params[:0])
				}
			}
		}
	}
	servemux := func(reqs []githubRequest) func(*testing.B) {
		hreqs := make([]*http.Request, len(reqs))
		for i, q := range reqs {
			hr, err := http.NewRequest(q.method, q.path, nil)
			if err != nil {
				tb.Fatal(err)
			}
			hr.RequestURI = q.path
			hreqs[i] = hr
		}
		return func(b *testing.B) {
			var w http.ResponseWriter = nopResponseWriter{}
			b.ReportAllocs()
			for b.Loop() {
				for _, hr := range hreqs {
					mux.ServeHTTP(w, hr)
				}
			}
		}
	}
	all := githubRequests()
	one := []githubRequest{githubStatic}
	param := []githubRequest{githubParam}
	return []githubPair{
		{"all", apigate(all), servemux(all)},
		{"static", apigate(one), servemux(one)},
		{"param", apigate(param), servemux(param)},
	}
}

func BenchmarkGitHub(b *testing.B) {
	pairs := githubPairs(b)
	for _, router := range []string{"apigate", "servemux"} {
		b.Run(router, func(b *testing.B) {
			for _, p := range pairs {
				f := p.apigate
				if router == "servemux" {
					f = p.servemux
				}
				b.Run(p.name, f)
			}
		})
	}
}

// TestGitHubRatio runs the GitHub API benchmark pairs -github-ratio-runs times each,
// alternating apigate and ServeMux, and prints each side's median ns/op and allocs/op and the
// ratio of the medians. It only reports: no timing makes it fail.
func TestGitHubRatio(t *testing.T) {
	if !*githubRatio {
		t.Skip("run with -github-ratio")
	}
	runs := max(*githubRatioRuns, 1)
	pairs := githubPairs(t)
	type sample struct{ ns, allocs []float64 }
	results := make([][2]sample, len(pairs))
	for run := range runs {
		for i, p := range pairs {
			// Alternate which side goes first, so that neither always runs on a warmer machine.
			order := []int{0, 1}
			if run%2 == 1 {
				order = []int{1, 0}
			}
			for _, side := range order {
				res := testing.Benchmark([]func(*testing.B){p.apigate, p.servemux}[side])
				if res.N == 0 {
					t.Fatalf("%s: benchmark failed", p.name)
				}
				s := &results[i][side]
				s.ns = append(s.ns, float64(res.T)/float64(time.Nanosecond)/float64(res.N))
				s.allocs = append(s.allocs, float64(res.MemAllocs)/float64(res.N))
			}
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "GitHub API (%d routes), median of %d interleaved runs:\n", len(githubAPI), runs)
	for i, p := range pairs {
		a, s := results[i][0], results[i][1]
		fmt.Fprintf(&out, "%-6s apigate %10.1f ns/op %6.1f allocs/op   servemux %10.1f ns/op %6.1f allocs/op   apigate/ServeMux time ratio: %.3f\n",
			p.name, median(a.ns), median(a.allocs), median(s.ns), median(s.allocs), median(a.ns)/median(s.ns))
	}
	t.Log("\n" + out.String())
}

// median returns the median of xs, which is not empty.
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}
