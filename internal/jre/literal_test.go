package jre

import (
	"slices"
	"testing"
)

func TestLiteralOf(t *testing.T) {
	tests := []struct {
		regex, lit string
		ok         bool
	}{
		{"abc", "abc", true},
		{`\\'`, `\'`, true},
		{`\.`, ".", true},
		{`a\/b\-c`, "a/b-c", true},
		{`\ `, " ", true},
		{"é", "é", true},
		{"", "", false},
		{"a.b", "", false},
		{`\d`, "", false},
		{`\1`, "", false},
		{`\Q.\E`, "", false},
		{`a\`, "", false},
		{`\é`, "", false}, // literal in Java too, but left to the regex engine
		{"a]", "", false},
		{"\xff", "", false},
	}
	for _, tt := range tests {
		lit, ok := literalOf(tt.regex)
		if lit != tt.lit || ok != tt.ok {
			t.Errorf("literalOf(%q) = %q, %v; want %q, %v", tt.regex, lit, ok, tt.lit, tt.ok)
		}
	}
}

// literalCases are subjects, patterns and replacements for the literal fast paths.
var literalCases = []struct{ s, regex, repl string }{
	{`it\'s`, `\\'`, "'"},
	{"a.b.c", `\.`, "_"},
	{"a.b.c", `\.`, `\$`},
	{"abab", "ab", "[$0]"},
	{"abab", "ab", `x\\y`},
	{"aaa", "aa", "b"},
	{"x--y--", "--", ""},
	{"--x", "--", "-"},
	{"no match", "zz", "$1"},
	{"has match", "match", "$1"},
	{"has match", "match", `\`},
	{"héllo wörld", "ö", "o"},
	{"\xed\xa0\x80ab\xed\xb0\x80", "ab", "-"},
	{"", "a", "b"},
}

// TestLiteralPatternsAgreeWithRegex checks the literal fast paths of Matches, ReplaceAll,
// ReplaceFirst and Split against the regex engine on the same patterns.
func TestLiteralPatternsAgreeWithRegex(t *testing.T) {
	for _, c := range literalCases {
		fast, err := Compile(c.regex)
		if err != nil || !fast.isLiteral {
			t.Fatalf("Compile(%q): %v, literal %v", c.regex, err, fast != nil && fast.isLiteral)
		}
		slow, _ := Compile(c.regex)
		slow.isLiteral = false
		check := func(op string, f func(p *Pattern) (any, error)) {
			t.Helper()
			got, gotErr := f(fast)
			want, wantErr := f(slow)
			if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
				t.Errorf("%s(%q, %q, %q): error %v, regex engine %v", op, c.s, c.regex, c.repl, gotErr, wantErr)
				return
			}
			if gotErr == nil && !equalAny(got, want) {
				t.Errorf("%s(%q, %q, %q) = %q, regex engine %q", op, c.s, c.regex, c.repl, got, want)
			}
		}
		check("Matches", func(p *Pattern) (any, error) { return p.Matches(c.s) })
		check("ReplaceAll", func(p *Pattern) (any, error) { return p.ReplaceAll(c.s, c.repl) })
		check("ReplaceFirst", func(p *Pattern) (any, error) { return p.ReplaceFirst(c.s, c.repl) })
		for _, limit := range []int{-1, 0, 1, 2} {
			check("Split", func(p *Pattern) (any, error) { return p.Split(c.s, limit) })
		}
	}
}

func equalAny(a, b any) bool {
	if as, ok := a.([]string); ok {
		return slices.Equal(as, b.([]string))
	}
	return a == b
}

// FuzzLiteralPattern holds the literal fast paths to the regex engine on any subject,
// pattern and replacement.
func FuzzLiteralPattern(f *testing.F) {
	for _, c := range literalCases {
		f.Add(c.s, c.regex, c.repl)
	}
	f.Fuzz(func(t *testing.T, s, regex, repl string) {
		fast, err := Compile(regex)
		if err != nil || !fast.isLiteral {
			return
		}
		slow, _ := Compile(regex)
		slow.isLiteral = false
		for _, all := range []bool{true, false} {
			got, gotErr := fast.replace(s, repl, all)
			want, wantErr := slow.replace(s, repl, all)
			if (gotErr == nil) != (wantErr == nil) || gotErr == nil && got != want {
				t.Fatalf("replace(%q, %q, %q, all=%v) = %q, %v; regex engine %q, %v", s, regex, repl, all, got, gotErr, want, wantErr)
			}
		}
		for _, limit := range []int{-1, 0, 2} {
			got, _ := fast.Split(s, limit)
			want, _ := slow.Split(s, limit)
			if !equalAny(got, want) {
				t.Fatalf("Split(%q, %q, %d) = %q, regex engine %q", s, regex, limit, got, want)
			}
		}
		got, _ := fast.Matches(s)
		want, _ := slow.Matches(s)
		if got != want {
			t.Fatalf("Matches(%q, %q) = %v, regex engine %v", s, regex, got, want)
		}
	})
}
