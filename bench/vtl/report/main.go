// Command report turns the JSON lines the three harnesses of bench/vtl print (gobench, the JVM's
// Bench and velocityjs's bench.mjs) into the Markdown table bench/vtl/run.sh shows: per template,
// each engine's best renders/second, apigate's ratio to Apache Velocity 1.7 and to velocityjs,
// apigate's allocations per render and whether the three outputs are the same bytes; then the
// geometric means of the ratios against the targets.
//
// Usage:
//
//	report [-go NAME] [-jvm NAME] [-js NAME] results.jsonl...
//
// With no file it reads standard input. A template measured several times (several rounds)
// counts with its best rate.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
)

// Targets set by the issues: apigate must render at least targetEachVsJVM times as often as
// Velocity 1.7 on every template, targetMeanVsJVM times in the geometric mean, and
// targetMeanVsJS times as often as velocityjs in the geometric mean.
const (
	targetEachVsJVM = 5.0
	targetMeanVsJVM = 8.0
	targetMeanVsJS  = 20.0
)

// record is one measurement line from any of the harnesses.
type record struct {
	Engine          string   `json:"engine"`
	Name            string   `json:"name"`
	RendersPerSec   float64  `json:"renders_per_sec"`
	AllocsPerRender *float64 `json:"allocs_per_render"`
	OutputSHA256    string   `json:"output_sha256"`
}

// engineResult is the best of an engine's measurements of one template.
type engineResult struct {
	rate   float64
	allocs float64
	sha    string
	seen   bool
}

// table gathers results by template (in first-seen order) and engine.
type table struct {
	names   []string
	results map[string]map[string]*engineResult
}

func (t *table) add(r record) {
	if t.results == nil {
		t.results = map[string]map[string]*engineResult{}
	}
	byEngine, ok := t.results[r.Name]
	if !ok {
		byEngine = map[string]*engineResult{}
		t.results[r.Name] = byEngine
		t.names = append(t.names, r.Name)
	}
	e, ok := byEngine[r.Engine]
	if !ok {
		e = &engineResult{}
		byEngine[r.Engine] = e
	}
	e.rate = max(e.rate, r.RendersPerSec)
	if r.AllocsPerRender != nil {
		e.allocs = max(e.allocs, *r.AllocsPerRender)
	}
	e.seen = true
	if e.sha == "" {
		e.sha = r.OutputSHA256
	} else if e.sha != r.OutputSHA256 {
		e.sha = "varies"
	}
}

func (t *table) read(r io.Reader, source string) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var rec record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("%s:%d: %w", source, line, err)
		}
		if rec.Engine == "" || rec.Name == "" {
			return fmt.Errorf("%s:%d: a record needs engine and name", source, line)
		}
		t.add(rec)
	}
	return sc.Err()
}

// engines names the three engines as the harnesses report them.
type engines struct{ goEngine, jvm, js string }

func (t *table) get(name, engine string) *engineResult {
	if e := t.results[name][engine]; e != nil {
		return e
	}
	return &engineResult{}
}

// ratio formats a/b, or "n/a" when either is missing.
func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1fx", a/b)
}

func rate(e *engineResult) string {
	if !e.seen {
		return "n/a"
	}
	return fmt.Sprintf("%.0f", e.rate)
}

// agreement says whether the engines rendered the same bytes.
func agreement(g, j, s *engineResult) string {
	var differ []string
	if j.sha != "" && g.sha != "" && g.sha != j.sha {
		differ = append(differ, "go≠jvm")
	}
	if j.sha != "" && s.sha != "" && s.sha != j.sha {
		differ = append(differ, "js≠jvm")
	}
	if len(differ) == 0 {
		return "same"
	}
	return strings.Join(differ, ", ")
}

// geomean returns the geometric mean of xs (0 for none).
func geomean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range xs {
		sum += math.Log(x)
	}
	return math.Exp(sum / float64(len(xs)))
}

func (t *table) write(w io.Writer, e engines) error {
	var b strings.Builder
	fmt.Fprintf(&b, "| template | apigate (Go) renders/s | Velocity 1.7 (JVM) renders/s | velocityjs renders/s | Go/JVM | Go/JS | Go allocs/render | output |\n")
	fmt.Fprintf(&b, "|---|---:|---:|---:|---:|---:|---:|---|\n")
	var vsJVM, vsJS []float64
	for _, name := range t.names {
		g, j, s := t.get(name, e.goEngine), t.get(name, e.jvm), t.get(name, e.js)
		allocs := "n/a"
		if g.seen {
			allocs = fmt.Sprintf("%.1f", g.allocs)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", name, rate(g), rate(j), rate(s),
			ratio(g.rate, j.rate), ratio(g.rate, s.rate), allocs, agreement(g, j, s))
		if g.rate > 0 && j.rate > 0 {
			vsJVM = append(vsJVM, g.rate/j.rate)
		}
		if g.rate > 0 && s.rate > 0 {
			vsJS = append(vsJS, g.rate/s.rate)
		}
	}
	fmt.Fprintln(&b)
	summary := func(label string, xs []float64, mean, each float64) {
		if len(xs) == 0 {
			fmt.Fprintf(&b, "- %s: n/a\n", label)
			return
		}
		lowest, below := math.Inf(1), 0
		for _, x := range xs {
			lowest = min(lowest, x)
			if x < each {
				below++
			}
		}
		fmt.Fprintf(&b, "- %s: geometric mean %.1fx (target %.0fx: %s), lowest %.1fx", label, geomean(xs), mean, met(geomean(xs) >= mean), lowest)
		if each > 0 {
			fmt.Fprintf(&b, " (target %.0fx on every template: %s, %d of %d below)", each, met(below == 0), below, len(xs))
		}
		fmt.Fprintln(&b)
	}
	summary("apigate / Velocity 1.7 (JVM)", vsJVM, targetMeanVsJVM, targetEachVsJVM)
	summary("apigate / velocityjs", vsJS, targetMeanVsJS, 0)
	_, err := io.WriteString(w, b.String())
	return err
}

func run(stdout io.Writer, stdin io.Reader, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	var e engines
	fs.StringVar(&e.goEngine, "go", "apigate-vtl-go", "engine name gobench reports")
	fs.StringVar(&e.jvm, "jvm", "velocity-1.7-jvm", "engine name the JVM harness reports")
	fs.StringVar(&e.js, "js", "velocityjs-2.1.7-node", "engine name the velocityjs harness reports")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var t table
	if fs.NArg() == 0 {
		if err := t.read(stdin, "stdin"); err != nil {
			return err
		}
	}
	for _, path := range fs.Args() {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		err = t.read(f, path)
		f.Close()
		if err != nil {
			return err
		}
	}
	if len(t.names) == 0 {
		return errors.New("no results")
	}
	return t.write(stdout, e)
}

func main() {
	if err := run(os.Stdout, os.Stdin, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}
