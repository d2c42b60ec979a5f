package jre

import (
	"bufio"
	"compress/gzip"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestCaseMappingTable checks every code point JDK 17 case-maps (testdata/casemap.txt.gz, made
// by testdata/gen/CaseDump.java): Character.toUpperCase/toLowerCase and the one-character
// String.toUpperCase/toLowerCase.
func TestCaseMappingTable(t *testing.T) {
	f, err := os.Open("testdata/casemap.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	codePoints := func(list string) string {
		var b []byte
		for _, h := range strings.Split(list, ",") {
			n, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatal(err)
			}
			b = appendUnit(b, rune(n))
		}
		return string(b)
	}
	sc := bufio.NewScanner(z)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		cp := []rune(codePoints(f[0]))[0]
		upper, lower := []rune(codePoints(f[1]))[0], []rune(codePoints(f[2]))[0]
		if got := simpleUpper(cp); got != upper {
			t.Errorf("Character.toUpperCase(%U) = %U, want %U", cp, got, upper)
		}
		if got := simpleLower(cp); got != lower {
			t.Errorf("Character.toLowerCase(%U) = %U, want %U", cp, got, lower)
		}
		if got, want := ToUpper(string(cp)), codePoints(f[3]); got != want {
			t.Errorf("ToUpper(%U) = %q, want %q", cp, got, want)
		}
		if got, want := ToLower(string(cp)), codePoints(f[4]); got != want {
			t.Errorf("ToLower(%U) = %q, want %q", cp, got, want)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestException(t *testing.T) {
	_, err := Substring("abc", 0, 10)
	var exc *Exception
	if !errors.As(err, &exc) || exc.Class != ClassStringIndexOutOfBounds {
		t.Fatalf("Substring error = %#v", err)
	}
	if got, want := err.Error(), "java.lang.StringIndexOutOfBoundsException: begin 0, end 10, length 3"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got := (&Exception{Class: "java.lang.NullPointerException"}).Error(); got != "java.lang.NullPointerException" {
		t.Errorf("Error() without message = %q", got)
	}
}

func TestUnpairedSurrogates(t *testing.T) {
	emoji := "a😀b"
	hi, err := CharAt(emoji, 1)
	if err != nil {
		t.Fatal(err)
	}
	lo, err := CharAt(emoji, 2)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		got, want string
	}{
		{"high half", hi, "\xed\xa0\xbd"},
		{"low half", lo, "\xed\xb8\x80"},
		{"halves rejoined by fromUnits", fromUnits(toUnits(hi + lo)), "😀"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if n := Len(hi + lo); n != 2 {
		t.Errorf("Len(two halves) = %d, want 2", n)
	}
	if n := Len("\xff"); n != 1 {
		t.Errorf("Len(invalid byte) = %d, want 1", n)
	}
}

// FuzzSubstring checks Substring, Len, IndexOf and LastIndexOf against a reference working on
// UTF-16 code units.
func FuzzSubstring(f *testing.F) {
	f.Add("a😀b", "😀", 1, 3)
	f.Add("héllo", "l", 0, 5)
	f.Add("x\xed\xa0\xbdy\xff", "y", 2, 4)
	f.Fuzz(func(t *testing.T, s, sub string, begin, end int) {
		u := toUnits(s)
		if Len(s) != len(u) {
			t.Fatalf("Len(%q) = %d, want %d", s, Len(s), len(u))
		}
		got, err := Substring(s, begin, end)
		if begin < 0 || begin > end || end > len(u) {
			if err == nil {
				t.Fatalf("Substring(%q, %d, %d) did not fail", s, begin, end)
			}
		} else if err != nil || !unitsEqual(toUnits(got), u[begin:end]) {
			t.Fatalf("Substring(%q, %d, %d) = %q, %v", s, begin, end, got, err)
		}
		su := toUnits(sub)
		if got, want := IndexOf(s, sub, begin), indexUnits(u, su, begin); got != want {
			t.Fatalf("IndexOf(%q, %q, %d) = %d, want %d", s, sub, begin, got, want)
		}
		want := -1
		for i := min(end, len(u)-len(su)); i >= 0; i-- {
			if unitsEqual(u[i:i+len(su)], su) {
				want = i
				break
			}
		}
		if got := LastIndexOf(s, sub, end); got != want {
			t.Fatalf("LastIndexOf(%q, %q, %d) = %d, want %d", s, sub, end, got, want)
		}
	})
}

func BenchmarkLenASCII(b *testing.B) {
	b.ReportAllocs()
	s := strings.Repeat("hello world ", 10)
	for b.Loop() {
		_ = Len(s)
	}
}

func BenchmarkSubstringASCII(b *testing.B) {
	b.ReportAllocs()
	s := strings.Repeat("hello world ", 10)
	for b.Loop() {
		if _, err := Substring(s, 6, 50); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkToLowerASCII(b *testing.B) {
	b.ReportAllocs()
	s := "application/json; charset=utf-8"
	for b.Loop() {
		_ = ToLower(s)
	}
}

func BenchmarkToUpperASCII(b *testing.B) {
	b.ReportAllocs()
	s := "eu-west-1a: The Quick Brown Fox"
	for b.Loop() {
		_ = ToUpper(s)
	}
}

func BenchmarkToLowerUnicode(b *testing.B) {
	b.ReportAllocs()
	s := "Chloé Müller, HAUPTSTRASSE 5, Berlin"
	for b.Loop() {
		_ = ToLower(s)
	}
}

func TestAppendUTF8(t *testing.T) {
	hi, _ := CharAt("😀", 0)
	lo, _ := CharAt("😀", 1)
	tests := []struct{ in, want string }{
		{"plain é", "plain é"},
		{hi + lo, "😀"},
		{"a" + hi + "b", "a?b"},
		{lo + hi, "??"},
		{"x" + hi, "x?"},
		{"\xff" + lo, "\xff?"},
	}
	for _, tt := range tests {
		if got := string(AppendUTF8(nil, tt.in)); got != tt.want {
			t.Errorf("AppendUTF8(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// shiftedASCIIRef is appendShiftedASCII byte by byte, the reference for its word-at-a-time form.
func shiftedASCIIRef(s string, lo, hi byte) string {
	b := []byte(s)
	for i, c := range b {
		if c >= lo && c <= hi {
			b[i] = c ^ 0x20
		}
	}
	return string(b)
}

func TestAppendShiftedASCII(t *testing.T) {
	for n := 0; n <= 19; n++ {
		for pos := 0; pos < max(n, 1); pos++ {
			for c := 0; c < 0x80; c++ {
				b := []byte(strings.Repeat("aZ@[`{", 4)[:n])
				if n > 0 {
					b[pos] = byte(c)
				}
				for _, r := range [][2]byte{{'A', 'Z'}, {'a', 'z'}} {
					want := shiftedASCIIRef(string(b), r[0], r[1])
					if got := string(appendShiftedASCII([]byte("p"), string(b), r[0], r[1])); got != "p"+want {
						t.Fatalf("appendShiftedASCII(%q, %c, %c) = %q, want %q", b, r[0], r[1], got[1:], want)
					}
				}
			}
		}
	}
}

func FuzzAppendShiftedASCII(f *testing.F) {
	f.Add("Hello, World! ABCxyz@[`{")
	f.Fuzz(func(t *testing.T, s string) {
		if !isASCII(s) {
			return
		}
		for _, r := range [][2]byte{{'A', 'Z'}, {'a', 'z'}} {
			if got, want := string(appendShiftedASCII(nil, s, r[0], r[1])), shiftedASCIIRef(s, r[0], r[1]); got != want {
				t.Fatalf("appendShiftedASCII(%q, %c, %c) = %q, want %q", s, r[0], r[1], got, want)
			}
		}
	})
}
