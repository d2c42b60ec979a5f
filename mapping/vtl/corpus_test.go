package vtl_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/apigate/apigate/mapping/vtl"
)

// corpusDir holds the differential corpus: JSON Lines files, one Velocity template per line,
// with the output (or error) Apache Velocity 1.7 produced for it. TestOracle regenerates the
// expected fields from the real engine; TestCorpus checks this engine against them.
const corpusDir = "testdata/corpus"

// corpusCase is one line of a corpus file. Exactly one of Output and Error is set: Output is
// what Velocity 1.7 rendered, Error is the exception it failed with (its text is for humans;
// only the fact that it failed is checked).
type corpusCase struct {
	Name     string          `json:"name"`
	Template string          `json:"template"`
	Vars     json.RawMessage `json:"vars"`
	Output   *string         `json:"output,omitempty"`
	Error    *string         `json:"error,omitempty"`
}

// corpusFile is one themed corpus file, its cases in file order.
type corpusFile struct {
	Name  string // file name without directory and extension, e.g. "01-references"
	Path  string
	Cases []corpusCase
}

// loadCorpus reads every corpus file in name order. It fails the test on a malformed line, a
// duplicate case name within a file, or a case with both output and error. A case with
// neither (one just added, awaiting -update-corpus) is accepted only when allowNew is set.
func loadCorpus(t testing.TB, allowNew bool) []corpusFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(corpusDir, "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no corpus files in %s", corpusDir)
	}
	sort.Strings(paths)
	files := make([]corpusFile, 0, len(paths))
	for _, path := range paths {
		f := corpusFile{Name: strings.TrimSuffix(filepath.Base(path), ".jsonl"), Path: path}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		seen := make(map[string]bool)
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
		for line := 1; sc.Scan(); line++ {
			if len(bytes.TrimSpace(sc.Bytes())) == 0 {
				continue
			}
			var c corpusCase
			dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&c); err != nil {
				t.Fatalf("%s:%d: %v", path, line, err)
			}
			switch {
			case c.Name == "":
				t.Fatalf("%s:%d: case without a name", path, line)
			case seen[c.Name]:
				t.Fatalf("%s:%d: duplicate case name %q", path, line, c.Name)
			case c.Output != nil && c.Error != nil:
				t.Fatalf("%s:%d: case %q has both output and error", path, line, c.Name)
			case c.Output == nil && c.Error == nil && !allowNew:
				t.Fatalf("%s:%d: case %q has no output or error yet: run TestOracle with -update-corpus", path, line, c.Name)
			}
			seen[c.Name] = true
			f.Cases = append(f.Cases, c)
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		files = append(files, f)
	}
	return files
}

// corpusVars converts a case's vars object into a Scope, typing values as Jackson does.
func corpusVars(raw json.RawMessage) (vtl.Vars, error) {
	vars := vtl.Vars{}
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return vars, nil
	}
	v, err := vtl.ParseJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("vars: %w", err)
	}
	m := v.AsMap()
	if m == nil {
		return nil, fmt.Errorf("vars: want a JSON object, got %s", v.Kind())
	}
	keys, vals := m.Keys(), m.Values()
	for i, k := range keys {
		vars[k.AsString()] = vals[i]
	}
	return vars, nil
}

// renderCorpusCase compiles and renders one case with default options.
func renderCorpusCase(c corpusCase) (string, error) {
	vars, err := corpusVars(c.Vars)
	if err != nil {
		return "", err
	}
	tpl, err := vtl.Compile(c.Template, nil)
	if err != nil {
		return "", err
	}
	return tpl.RenderString(vars)
}

// checkAgainstVelocity compares this engine's result for c with what Velocity 1.7 did:
// byte-equal output, or some error when Velocity failed.
func checkAgainstVelocity(t *testing.T, c corpusCase, wantOutput *string, wantError *string) {
	t.Helper()
	got, err := renderCorpusCase(c)
	switch {
	case wantError != nil && err == nil:
		t.Errorf("template %q\nVelocity 1.7 fails: %s\nbut we rendered %q", c.Template, *wantError, got)
	case wantError != nil:
		// Both fail: the messages differ by design.
	case err != nil:
		t.Errorf("template %q\nvars %s\nwant output %q\nbut we fail: %v", c.Template, c.Vars, *wantOutput, err)
	case got != *wantOutput:
		t.Errorf("template %q\nvars %s\n%s", c.Template, c.Vars, outputDiff(*wantOutput, got))
	}
}

// outputDiff describes how got differs from want: both quoted in full, then the first
// differing position with a quoted excerpt of each side from there.
func outputDiff(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	for i > 0 && i < len(want) && !utf8.RuneStart(want[i]) {
		i-- // start the excerpt on a whole character
	}
	line := 1 + strings.Count(want[:i], "\n")
	col := 1 + utf8.RuneCountInString(want[strings.LastIndexByte(want[:i], '\n')+1:i])
	return fmt.Sprintf("want %q\n got %q\nfirst difference at byte %d (line %d, column %d):\nwant …%q\n got …%q",
		want, got, i, line, col, excerpt(want, i), excerpt(got, i))
}

// excerpt returns up to 40 bytes of s from i.
func excerpt(s string, i int) string {
	if i > len(s) {
		return ""
	}
	s = s[i:]
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}

// TestCorpus renders every corpus case with this engine and compares it with the stored
// Velocity 1.7 result. Run one file or case with -run 'TestCorpus/01-references/plain'.
func TestCorpus(t *testing.T) {
	for _, f := range loadCorpus(t, false) {
		t.Run(f.Name, func(t *testing.T) {
			for _, c := range f.Cases {
				t.Run(c.Name, func(t *testing.T) {
					checkAgainstVelocity(t, c, c.Output, c.Error)
				})
			}
		})
	}
}
