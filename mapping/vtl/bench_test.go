package vtl_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/apigate/apigate/bench/vtl/host"
	"github.com/apigate/apigate/mapping/vtl"
)

// benchTemplatesPath is the realistic template set shared with the side-by-side harness in
// bench/vtl, which compares this engine with Apache Velocity 1.7 and velocityjs.
const benchTemplatesPath = "../../bench/vtl/templates.jsonl"

// benchTemplate is one record of the shared template set.
type benchTemplate struct {
	Name     string                     `json:"name"`
	Template string                     `json:"template"`
	Vars     map[string]json.RawMessage `json:"vars"`
}

func loadBenchTemplates(b *testing.B) []benchTemplate {
	b.Helper()
	f, err := os.Open(benchTemplatesPath)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var set []benchTemplate
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var t benchTemplate
		if err := json.Unmarshal(sc.Bytes(), &t); err != nil {
			b.Fatalf("%s: %v", benchTemplatesPath, err)
		}
		set = append(set, t)
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return set
}

func benchVars(b *testing.B, t benchTemplate) vtl.Vars {
	b.Helper()
	vars := make(vtl.Vars, len(t.Vars))
	for name, raw := range t.Vars {
		v, err := vtl.ParseJSON(raw)
		if err != nil {
			b.Fatalf("%s: vars: %v", t.Name, err)
		}
		vars[name] = v
	}
	host.Install(vars)
	return vars
}

// BenchmarkRender renders each template of the shared set into a reused buffer, so the
// allocations it reports are the engine's own: zero for templates that build no collections.
func BenchmarkRender(b *testing.B) {
	for _, bt := range loadBenchTemplates(b) {
		b.Run(bt.Name, func(b *testing.B) {
			tmpl, err := vtl.Compile(bt.Template, nil)
			if err != nil {
				b.Fatal(err)
			}
			vars := benchVars(b, bt)
			buf, err := tmpl.Render(nil, vars)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			for b.Loop() {
				if buf, err = tmpl.Render(buf[:0], vars); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCompile parses each template of the shared set.
func BenchmarkCompile(b *testing.B) {
	for _, bt := range loadBenchTemplates(b) {
		b.Run(bt.Name, func(b *testing.B) {
			b.SetBytes(int64(len(bt.Template)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := vtl.Compile(bt.Template, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderFixed measures what a render costs beyond its template's work: taking and
// returning the render state, one variable lookup, one method call with a literal argument.
func BenchmarkRenderFixed(b *testing.B) {
	vars := vtl.Vars{"a": vtl.StringValue("v"), "s": vtl.StringValue("abc")}
	for _, bt := range []struct{ name, src string }{
		{"text", "x"},
		{"variable", "$a"},
		{"call-literal-arg", "$s.indexOf('b')"},
	} {
		b.Run(bt.name, func(b *testing.B) {
			tmpl, err := vtl.Compile(bt.src, nil)
			if err != nil {
				b.Fatal(err)
			}
			buf := make([]byte, 0, 64)
			b.ReportAllocs()
			for b.Loop() {
				if buf, err = tmpl.Render(buf[:0], vars); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
