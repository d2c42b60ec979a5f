// Command gobench measures how many renders per second apigate's VTL engine (mapping/vtl)
// achieves on each template of bench/vtl/templates.jsonl, on one goroutine, and how much each
// render allocates, so bench/vtl/run.sh can compare it with Apache Velocity 1.7 on the JVM and
// with velocityjs.
//
// Usage:
//
//	gobench [-warmup-ms N] [-measure-ms N] [-repeats N] [-check] templates.jsonl
//
// Each template is compiled once; its variables are parsed once with vtl.ParseJSON (Jackson's
// typing, as the JVM harness gets from Jackson), $input and $util come from package host, and
// every render appends to a reused buffer. All
// templates are warmed up first (`warmup-ms` of CPU time each), then each is measured `repeats`
// times for `measure-ms` of CPU time; one JSON line per template reports the best and the median
// rate, in renders per CPU-second of the process, the heap allocations and bytes per render, and
// a SHA-256 of the output, so run.sh can tell when the engines disagree. With -check the program
// prints each template's output instead.
//
// The rate is per core: a single goroutine renders, and the CPU time the garbage collector spends
// on other threads counts against it.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/apigate/apigate/bench/vtl/host"
	"github.com/apigate/apigate/mapping/vtl"
)

const engineName = "apigate-vtl-go"

// benchCase is one template of the set, compiled once, with what each render needs.
type benchCase struct {
	name     string
	template *vtl.Template
	vars     vtl.Vars
	buf      []byte
	batch    int
}

// render renders once into the reused buffer.
func (c *benchCase) render() error {
	out, err := c.template.Render(c.buf[:0], c.vars)
	c.buf = out
	return err
}

// line is one record of templates.jsonl.
type line struct {
	Name     string                     `json:"name"`
	Template string                     `json:"template"`
	Vars     map[string]json.RawMessage `json:"vars"`
}

// result is what the program prints for one measured template.
type result struct {
	Engine              string  `json:"engine"`
	Name                string  `json:"name"`
	RendersPerSec       int64   `json:"renders_per_sec"`
	MedianRendersPerSec int64   `json:"median_renders_per_sec"`
	AllocsPerRender     float64 `json:"allocs_per_render"`
	AllocBytesPerRender float64 `json:"alloc_bytes_per_render"`
	OutputBytes         int     `json:"output_bytes"`
	OutputSHA256        string  `json:"output_sha256"`
}

// checkResult is what the program prints for one template with -check.
type checkResult struct {
	Engine string  `json:"engine"`
	Name   string  `json:"name"`
	Output *string `json:"output,omitempty"`
	Error  string  `json:"error,omitempty"`
}

func loadCases(path string) ([]*benchCase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []*benchCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		t, err := vtl.Compile(l.Template, nil)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", l.Name, err)
		}
		vars := make(vtl.Vars, len(l.Vars))
		for k, raw := range l.Vars {
			v, err := vtl.ParseJSON(raw)
			if err != nil {
				return nil, fmt.Errorf("vars of %s: %w", l.Name, err)
			}
			vars[k] = v
		}
		host.Install(vars)
		cases = append(cases, &benchCase{name: l.Name, template: t, vars: vars, batch: 1})
	}
	return cases, sc.Err()
}

// runFor renders c repeatedly until the process has used about d of CPU time (all threads, so
// the garbage collector counts), reading that clock every batch renders, and returns the rate in
// renders per CPU-second. Counting CPU time rather than wall-clock time keeps other processes
// that share the machine from distorting the figure. Where the platform gives no process CPU
// time, runFor counts wall-clock time instead.
func runFor(c *benchCase, d time.Duration, batch int) (float64, error) {
	clock := processCPUTime
	if _, ok := clock(); !ok {
		start := time.Now()
		clock = func() (time.Duration, bool) { return time.Since(start), true }
	}
	start, _ := clock()
	n := 0
	var used time.Duration
	for used < d {
		for range batch {
			if err := c.render(); err != nil {
				return 0, fmt.Errorf("render %s: %w", c.name, err)
			}
		}
		n += batch
		now, _ := clock()
		used = now - start
	}
	return float64(n) / used.Seconds(), nil
}

// allocsPerRender reports the heap allocations and bytes one render makes on average over n
// renders, after the buffer has grown to its final size.
func allocsPerRender(c *benchCase, n int) (allocs, allocBytes float64, err error) {
	if err := c.render(); err != nil {
		return 0, 0, err
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range n {
		if err := c.render(); err != nil {
			return 0, 0, err
		}
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / float64(n),
		float64(after.TotalAlloc-before.TotalAlloc) / float64(n), nil
}

func run(stdout io.Writer, args []string) error {
	fs := flag.NewFlagSet("gobench", flag.ContinueOnError)
	warmup := fs.Int("warmup-ms", 500, "warm-up per template, in milliseconds of CPU time")
	measure := fs.Int("measure-ms", 100, "length of one measurement, in milliseconds of CPU time")
	repeats := fs.Int("repeats", 5, "measurements per template")
	check := fs.Bool("check", false, "print each template's output instead of measuring")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *repeats < 1 {
		return errors.New("usage: gobench [flags] templates.jsonl")
	}
	cases, err := loadCases(fs.Arg(0))
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if *check {
		for _, c := range cases {
			r := checkResult{Engine: engineName, Name: c.name}
			if err := c.render(); err != nil {
				r.Error = err.Error()
			} else {
				out := string(c.buf)
				r.Output = &out
			}
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	for _, c := range cases {
		rate, err := runFor(c, time.Duration(*warmup)*time.Millisecond, 1)
		if err != nil {
			return err
		}
		c.batch = max(1, int(rate/1000)) // about one clock read per millisecond
	}
	for _, c := range cases {
		rates := make([]float64, *repeats)
		for i := range rates {
			if rates[i], err = runFor(c, time.Duration(*measure)*time.Millisecond, c.batch); err != nil {
				return err
			}
		}
		slices.Sort(rates)
		allocs, allocBytes, err := allocsPerRender(c, max(100, c.batch*10))
		if err != nil {
			return err
		}
		sum := sha256.Sum256(c.buf)
		r := result{
			Engine:              engineName,
			Name:                c.name,
			RendersPerSec:       int64(rates[len(rates)-1] + 0.5),
			MedianRendersPerSec: int64(rates[len(rates)/2] + 0.5),
			AllocsPerRender:     allocs,
			AllocBytesPerRender: allocBytes,
			OutputBytes:         len(c.buf),
			OutputSHA256:        hex.EncodeToString(sum[:]),
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gobench:", err)
		os.Exit(1)
	}
}
