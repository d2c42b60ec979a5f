package vtl_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// updateCorpus makes TestOracle rewrite the corpus files' output and error fields from what
// the Velocity 1.7 oracle produces now. This is how the goldens are generated:
//
//	go test ./mapping/vtl -run TestOracle -update-corpus
var updateCorpus = flag.Bool("update-corpus", false, "rewrite testdata/corpus outputs from the Velocity 1.7 oracle")

// oracleFuzz and oracleFuzzSeed make TestOracleFuzz compare this engine with the oracle on that
// many random templates; it finds divergences the corpus does not yet cover:
//
//	go test ./mapping/vtl -run TestOracleFuzz -oracle-fuzz 20000 -oracle-fuzz-seed 7
var (
	oracleFuzz     = flag.Int("oracle-fuzz", 0, "number of random templates TestOracleFuzz compares with the Velocity 1.7 oracle")
	oracleFuzzSeed = flag.Uint64("oracle-fuzz-seed", 1, "seed of TestOracleFuzz's template generator")
)

// oracleResult is one line the oracle writes: exactly one of Output and Error.
type oracleResult struct {
	Output *string `json:"output"`
	Error  *string `json:"error"`
}

// The Velocity 1.7 reference renderer: a copy of the project's shared oracle
// (sharedOracle, beside the module), kept in testdata so that a plain clone runs TestOracle
// wherever java is installed; TestOracleCopyIsCurrent checks the copy.
const (
	oracleDir    = "testdata/velocity-oracle"
	sharedOracle = "../../../shared/tools/velocity-oracle"
)

// oraclePath returns the command that runs the oracle, or says why it cannot be used.
func oraclePath() (string, error) {
	if _, err := exec.LookPath("java"); err != nil {
		return "", errors.New("java is not on PATH")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		return "", errors.New("bash is not on PATH")
	}
	return filepath.Abs(filepath.Join(oracleDir, "render.sh"))
}

// TestOracleCopyIsCurrent checks that testdata's copy of the oracle is the shared one, when
// the shared folder is present.
func TestOracleCopyIsCurrent(t *testing.T) {
	for local, shared := range map[string]string{"render.sh": "render", "Render.java": "Render.java"} {
		want, err := os.ReadFile(filepath.Join(sharedOracle, shared))
		if errors.Is(err, fs.ErrNotExist) {
			continue // a clone without the shared folder
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(oracleDir, local))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s/%s differs from the shared oracle's %s: copy it again", oracleDir, local, shared)
		}
	}
}

// runOracle renders every case of files with the oracle in one process, returning the
// results in corpus order (file by file, line by line).
func runOracle(t *testing.T, oracle string, files []corpusFile) []oracleResult {
	t.Helper()
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	enc.SetEscapeHTML(false)
	n := 0
	for _, f := range files {
		for _, c := range f.Cases {
			vars := c.Vars
			if len(bytes.TrimSpace(vars)) == 0 {
				vars = json.RawMessage("{}")
			}
			req := struct {
				Template string          `json:"template"`
				Vars     json.RawMessage `json:"vars"`
			}{c.Template, vars}
			if err := enc.Encode(req); err != nil {
				t.Fatalf("%s/%s: %v", f.Name, c.Name, err)
			}
			n++
		}
	}
	cmd := exec.CommandContext(t.Context(), "bash", oracle)
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle %s: %v\n%s", oracle, err, stderr.Bytes())
	}
	results := make([]oracleResult, 0, n)
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	for sc.Scan() {
		var r oracleResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("oracle line %d: %v: %q", len(results)+1, err, sc.Bytes())
		}
		if (r.Output == nil) == (r.Error == nil) {
			t.Fatalf("oracle line %d has neither or both of output and error: %q", len(results)+1, sc.Bytes())
		}
		results = append(results, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(results) != n {
		t.Fatalf("oracle answered %d of %d cases\n%s", len(results), n, stderr.Bytes())
	}
	return results
}

// writeCorpusFile rewrites f with its cases' fields in their fixed order, one per line.
func writeCorpusFile(f corpusFile) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, c := range f.Cases {
		if len(bytes.TrimSpace(c.Vars)) == 0 {
			c.Vars = json.RawMessage("{}")
		}
		if err := enc.Encode(c); err != nil {
			return fmt.Errorf("%s/%s: %w", f.Name, c.Name, err)
		}
	}
	return os.WriteFile(f.Path, buf.Bytes(), fs.FileMode(0o644))
}

// TestOracle runs the whole corpus through Apache Velocity 1.7 (a JVM, one process) and checks
// that the stored results still hold, so the goldens cannot drift, then compares this engine
// with the oracle's fresh results. With -update-corpus it rewrites the stored results instead.
// It is skipped where java or the oracle is missing.
func TestOracle(t *testing.T) {
	oracle, err := oraclePath()
	if err != nil {
		t.Skipf("Velocity 1.7 oracle unavailable: %v", err)
	}
	files := loadCorpus(t, *updateCorpus)
	results := runOracle(t, oracle, files)

	if *updateCorpus {
		i, changed := 0, 0
		for fi := range files {
			for ci := range files[fi].Cases {
				c, r := &files[fi].Cases[ci], results[i]
				i++
				if !sameResult(c.Output, r.Output) || !sameResult(c.Error, r.Error) {
					changed++
				}
				c.Output, c.Error = r.Output, r.Error
			}
			if err := writeCorpusFile(files[fi]); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("rewrote %d corpus files; %d of %d results changed", len(files), changed, i)
		return
	}

	i := 0
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			for _, c := range f.Cases {
				r := results[i]
				i++
				t.Run(c.Name, func(t *testing.T) {
					switch {
					case r.Output != nil && !sameResult(c.Output, r.Output):
						t.Errorf("stored golden drifted from Velocity 1.7: stored %s, oracle now renders %q (run with -update-corpus)",
							describeStored(c), *r.Output)
					case r.Error != nil && c.Error == nil:
						t.Errorf("stored golden drifted from Velocity 1.7: stored output %q, oracle now fails: %s (run with -update-corpus)",
							*c.Output, *r.Error)
					case r.Error != nil && *c.Error != *r.Error:
						t.Logf("oracle's error text changed: stored %q, now %q", *c.Error, *r.Error)
					}
					checkAgainstVelocity(t, c, r.Output, r.Error)
				})
			}
		})
	}
}

// sameResult reports whether two optional strings are both absent or equal.
func sameResult(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// describeStored quotes the stored result of c for a failure message.
func describeStored(c corpusCase) string {
	if c.Output != nil {
		return fmt.Sprintf("output %q", *c.Output)
	}
	return fmt.Sprintf("error %q", *c.Error)
}

// fuzzTokens are the pieces TestOracleFuzz strings together: text, references, directives and
// the characters Velocity's lexer treats specially. "MM" becomes a macro name unique to the
// template, because the oracle keeps every macro it has seen for the rest of the run.
var fuzzTokens = []string{
	"$", "#", "(", ")", "[", "]", "{", "}", ".", "!", "\\", "\"", "'", "a", "1", "-", " ", "\n", "\r\n", "\t", "*",
	"=", ",", "..", ":", "@", "_", "in", "true", "$a", "$!a", "${a}", "$m.k", "$b[0]", "$a.length()", "$x", "$v",
	"#if($t)", "#if($f)", "#if(", "#elseif($t)", "#else", "#{else}", "#end", "#{end}", "#foreach($v in $b)",
	"#set($x = ", "#set($x = 1)", "#break", "#stop", "#define($d)", "$d", "#macro(MM $p)", "#MM(1)", "#@MM()", "$p",
	"##", "## c\n", "#*", "*#", "#* c *#", "#[[", "]]#", "#{", "\\$a", "\\#if", "$foreach.index", "$velocityCount",
	"==", "&&", "+", "'s'", "\"q$a\"",
}

// fuzzVars is the scope of every TestOracleFuzz template.
const fuzzVars = `{"a":"A","b":[1,2],"m":{"k":"v"},"t":true,"f":false,"e":"","i":1}`

// TestOracleFuzz renders random templates with this engine and with the oracle (one JVM run)
// and reports the shortest divergences as corpus lines to add (then run -update-corpus). It
// runs only with -oracle-fuzz N.
func TestOracleFuzz(t *testing.T) {
	if *oracleFuzz <= 0 {
		t.Skip("set -oracle-fuzz N to compare N random templates with Velocity 1.7")
	}
	oracle, err := oraclePath()
	if err != nil {
		t.Skipf("Velocity 1.7 oracle unavailable: %v", err)
	}
	rng := rand.New(rand.NewPCG(*oracleFuzzSeed, 0))
	cases := make([]corpusCase, *oracleFuzz)
	for i := range cases {
		var b strings.Builder
		for n := 1 + rng.IntN(15); n > 0; n-- {
			b.WriteString(fuzzTokens[rng.IntN(len(fuzzTokens))])
		}
		name := "fuzz-" + strconv.FormatUint(*oracleFuzzSeed, 10) + "-" + strconv.Itoa(i)
		tpl := strings.ReplaceAll(b.String(), "MM", "fuzzMacro"+strconv.FormatUint(*oracleFuzzSeed, 10)+"x"+strconv.Itoa(i))
		cases[i] = corpusCase{Name: name, Template: tpl, Vars: json.RawMessage(fuzzVars)}
	}
	results := runOracle(t, oracle, []corpusFile{{Name: "fuzz", Cases: cases}})
	var diverging []corpusCase
	for i, c := range cases {
		got, err := renderCorpusCase(c)
		r := results[i]
		if (r.Error != nil) != (err != nil) || (r.Output != nil && got != *r.Output) {
			diverging = append(diverging, c)
		}
	}
	sort.SliceStable(diverging, func(i, j int) bool { return len(diverging[i].Template) < len(diverging[j].Template) })
	const shown = 20
	var lines bytes.Buffer
	enc := json.NewEncoder(&lines)
	enc.SetEscapeHTML(false)
	for _, c := range diverging[:min(shown, len(diverging))] {
		if err := enc.Encode(c); err != nil {
			t.Fatal(err)
		}
	}
	if len(diverging) > 0 {
		t.Errorf("%d of %d random templates render differently from Velocity 1.7; the shortest, as corpus lines:\n%s",
			len(diverging), len(cases), lines.Bytes())
	}
}
