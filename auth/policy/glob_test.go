package policy

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestGlob(t *testing.T) {
	const arn = "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets/1"
	for _, c := range []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", arn, true},
		{"", "", true},
		{"", "a", false},
		{arn, arn, true},
		{arn, arn + "/", false},
		{"arn:aws:execute-api:*", arn, true},
		{"arn:aws:execute-api:*:*:*", arn, true},
		{"arn:aws:execute-api:us-east-1:*:abc/prod/GET/pets/*", arn, true},
		{"arn:aws:execute-api:us-east-1:*:abc/prod/GET/pets/*", "arn:aws:execute-api:us-east-1:1:abc/prod/GET/pets", false},
		{"arn:aws:execute-api:us-east-1:*:abc/prod/GET/pets/*", "arn:aws:execute-api:us-east-1:1:abc/prod/GET/pets/", true},
		{"*/GET/*", arn, true},
		{"*/get/*", arn, false}, // case-sensitive
		{"*/G?T/pets/?", arn, true},
		{"*/G?T/pets/??", arn, false},
		{"a*a", "a", false},
		{"a*a", "aa", true},
		{"**a**", "bab", true},
		{"*ab*ab*", "abab", true},
		{"*ab*ab*", "aba", false},
		{"?", "", false},
		{"a?c", "abc", true},
		{"*a?c", "xxabcabd", false},
		{"*a?c*", "xxabdabc", true},
	} {
		g := CompileGlob(c.pattern)
		if got := g.Match(c.s); got != c.want {
			t.Errorf("%q.Match(%q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

func TestGlobFoldsActions(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    bool
	}{
		{"execute-api:Invoke", true},
		{"EXECUTE-API:invoke", true},
		{"execute-api:*", true},
		{"*", true},
		{"execute-api:Inv?ke", true},
		{"execute-api:ManageConnections", false},
		{"hello world", false},
	} {
		g := compileGlob(c.pattern, true)
		if got := g.Match(InvokeAction); got != c.want {
			t.Errorf("%q.Match(%q) = %v, want %v", c.pattern, InvokeAction, got, c.want)
		}
	}
}

// TestGlobPathological matches patterns that make a backtracking matcher exponential against
// a long ARN: each must take well under a second.
func TestGlobPathological(t *testing.T) {
	long := "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/" + strings.Repeat("a", 1600)
	for _, p := range []string{
		strings.Repeat("*a", 250) + "b",
		"arn:" + strings.Repeat("*?", 200) + "b",
		strings.Repeat("a*", 255) + "b",
	} {
		g := CompileGlob(p)
		start := time.Now()
		if g.Match(long) {
			t.Errorf("%.20q... matched", p)
		}
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Errorf("%.20q... took %v", p, d)
		}
	}
}

// globRegexp is the reference: the pattern as an anchored regular expression.
func globRegexp(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for _, c := range p {
		switch c {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

func FuzzGlob(f *testing.F) {
	f.Add("arn:aws:execute-api:*:*:*/GET/*", "arn:aws:execute-api:us-east-1:1:a/prod/GET/x")
	f.Add("*a?c*", "xxabdabc")
	f.Add("**", "")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if len(pattern) > 64 || len(s) > 256 {
			return
		}
		// The reference matches characters, the glob bytes: compare on ASCII.
		for _, c := range pattern + s {
			if c >= 0x80 {
				return
			}
		}
		g := CompileGlob(pattern)
		if got, want := g.Match(s), globRegexp(pattern).MatchString(s); got != want {
			t.Errorf("%q.Match(%q) = %v, want %v", pattern, s, got, want)
		}
	})
}

func BenchmarkGlob(b *testing.B) {
	const arn = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/GET/pets/42/toys"
	for _, p := range []string{
		arn,
		"arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/*/*",
		"arn:aws:execute-api:*:*:*/*/GET/pets/*",
		"arn:aws:execute-api:us-east-1:*:abcdef123/prod/G?T/pets/*",
	} {
		g := CompileGlob(p)
		b.Run(p[len("arn:aws:execute-api:"):], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !g.Match(arn) {
					b.Fatal("no match")
				}
			}
		})
	}
}
