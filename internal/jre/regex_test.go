package jre

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		regex       string
		wantPrefix  string
		unsupported bool
	}{
		{"a{", "Illegal repetition near index 2\na{", false},
		{"(a", "Unclosed group", false},
		{`\p{InGreek}`, "Unsupported character property name {InGreek}", true},
		{`\N{LATIN SMALL LETTER A}`, `\N{name} character names`, true},
	}
	for _, tt := range tests {
		_, err := Compile(tt.regex)
		var exc *Exception
		if !errors.As(err, &exc) || exc.Class != ClassPatternSyntax || !strings.HasPrefix(exc.Message, tt.wantPrefix) {
			t.Errorf("Compile(%q) error = %v, want PatternSyntaxException %q", tt.regex, err, tt.wantPrefix)
		}
		if got := errors.Is(err, ErrUnsupported); got != tt.unsupported {
			t.Errorf("Compile(%q): errors.Is(err, ErrUnsupported) = %v", tt.regex, got)
		}
	}
}

func TestMatchTimeout(t *testing.T) {
	p, err := Compile("(a+)+b")
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Matches(strings.Repeat("a", 40))
	var exc *Exception
	if !errors.Is(err, ErrTimeout) || !errors.As(err, &exc) || exc.Class != ClassRegexTimeout {
		t.Fatalf("Matches error = %v, want a timeout", err)
	}
}

func TestCache(t *testing.T) {
	var c Cache
	p1, err := c.Compile("a+")
	if err != nil {
		t.Fatal(err)
	}
	if p2, _ := c.Compile("a+"); p2 != p1 {
		t.Error("second Compile of the same regex did not hit the cache")
	}
	_, err1 := c.Compile("(")
	_, err2 := c.Compile("(")
	if err1 == nil || err1 != err2 {
		t.Errorf("syntax errors not cached: %v, %v", err1, err2)
	}
	for i := range CacheSize + 10 {
		if _, err := c.Compile(fmt.Sprintf("x%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := c.order.Len(); n != CacheSize || len(c.entries) != CacheSize {
		t.Errorf("cache holds %d (map %d) entries, want %d", n, len(c.entries), CacheSize)
	}
	if p3, _ := c.Compile("a+"); p3 == p1 {
		t.Error("least recently used entry was not evicted")
	}
	var nilCache *Cache
	if _, err := nilCache.Compile("a"); err != nil {
		t.Errorf("nil cache: %v", err)
	}
}

func TestCacheConcurrent(t *testing.T) {
	var c Cache
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				parts, err := SplitString("a1b2c", fmt.Sprintf("[%d-9]", (g+i)%2), -1, &c)
				if err != nil || len(parts) == 0 {
					t.Errorf("SplitString: %v %v", parts, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestSplitFastPath(t *testing.T) {
	tests := []struct {
		regex string
		fast  bool
	}{
		{",", true}, {`\.`, true}, {`\|`, true}, {"é", true}, {`\é`, true},
		{".", false}, {"|", false}, {`\d`, false}, {`\\`, true}, {"ab", false}, {"", false}, {"😀", false},
	}
	for _, tt := range tests {
		if _, fast := literalSeparator(tt.regex); fast != tt.fast {
			t.Errorf("literalSeparator(%q) fast = %v, want %v", tt.regex, fast, tt.fast)
		}
	}
}

func FuzzCompile(f *testing.F) {
	for _, seed := range []string{"a+", `(?<n>x)\k<n>`, `[a-z&&[^b]]`, `\Q*\E`, `(?m)^$`, `\p{L}`, `a{2,3}+`, `[`, `\`, `(?x) a # b`, `\x{1F600}`, `[^\w\s]`} {
		f.Add(seed, "ab\nc😀")
	}
	f.Fuzz(func(t *testing.T, regex, input string) {
		if len(regex) > 200 || len(input) > 200 {
			return
		}
		p, err := Compile(regex)
		if err != nil {
			var exc *Exception
			if !errors.As(err, &exc) || exc.Class != ClassPatternSyntax {
				t.Fatalf("Compile(%q) error %v is not a PatternSyntaxException", regex, err)
			}
			return
		}
		_, _ = p.Matches(input)
		_, _ = p.ReplaceAll(input, "<$0>")
		_, _ = p.Split(input, -1)
	})
}

func FuzzSplit(f *testing.F) {
	f.Add("a,b,,c,,", ",", 0)
	f.Add("a.b", `\.`, -1)
	f.Add("aébéc", "é", 2)
	f.Fuzz(func(t *testing.T, s, regex string, limit int) {
		if len(s) > 300 || len(regex) > 50 {
			return
		}
		got, err := SplitString(s, regex, limit, nil)
		if err != nil {
			return
		}
		if len(got) == 0 && limit != 0 {
			t.Fatalf("SplitString(%q, %q, %d) returned nothing", s, regex, limit)
		}
		if limit > 0 && len(got) > limit {
			t.Fatalf("SplitString(%q, %q, %d) = %d pieces", s, regex, limit, len(got))
		}
		sep, fast := literalSeparator(regex)
		if !fast {
			return
		}
		// The fast path must agree with the regex engine, and with a negative limit the pieces
		// rejoin into s.
		p, err := Compile(regex)
		if err != nil {
			t.Fatalf("fast-path regex %q does not compile: %v", regex, err)
		}
		want, err := p.Split(s, limit)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("SplitString(%q, %q, %d) = %q, regex split = %q", s, regex, limit, got, want)
		}
		if limit < 0 && strings.Join(got, sep) != s {
			t.Fatalf("SplitString(%q, %q, %d) = %q does not rejoin", s, regex, limit, got)
		}
	})
}

func BenchmarkSplitFastPath(b *testing.B) {
	b.ReportAllocs()
	s := "alpha,beta,gamma,delta,epsilon"
	for b.Loop() {
		if _, err := SplitString(s, ",", 0, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSplitRegex(b *testing.B) {
	b.ReportAllocs()
	var c Cache
	s := "alpha, beta ,gamma , delta,epsilon"
	for b.Loop() {
		if _, err := SplitString(s, `\s*,\s*`, 0, &c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReplaceAll(b *testing.B) {
	b.ReportAllocs()
	var c Cache
	s := `{"message": "say \"hello\" to the world"}`
	for b.Loop() {
		p, err := c.Compile(`"`)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.ReplaceAll(s, `\\"`); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMatches(b *testing.B) {
	b.ReportAllocs()
	var c Cache
	for b.Loop() {
		p, err := c.Compile(`[0-9]{3}-[0-9]{4}`)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Matches("555-1234"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestPatternTooLarge(t *testing.T) {
	_, err := Compile(strings.Repeat(`\p{L}`, 1000))
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("Compile of a huge pattern: %v, want an ErrUnsupported PatternSyntaxException", err)
	}
}

func BenchmarkReplaceAllEmoji(b *testing.B) {
	b.ReportAllocs()
	var c Cache
	s := strings.Repeat("héllo 😀 wörld, ", 20)
	for b.Loop() {
		p, err := c.Compile(`\s*,\s*`)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.ReplaceAll(s, ";"); err != nil {
			b.Fatal(err)
		}
	}
}
