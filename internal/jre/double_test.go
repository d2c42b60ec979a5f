package jre

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestFormatDoubleGolden compares FormatDouble with JDK 17's Double.toString on the cases in
// testdata/double_tostring.txt (made by testdata/gen/DoubleGen.java). JRE_DOUBLE_GOLDEN names
// another file in the same format, such as a multi-million line one generated on demand.
func TestFormatDoubleGolden(t *testing.T) {
	path := "testdata/double_tostring.txt"
	if p := os.Getenv("JRE_DOUBLE_GOLDEN"); p != "" {
		path = p
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	lines, failures := 0, 0
	for sc.Scan() {
		hexBits, want, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			t.Fatalf("bad line %q", sc.Text())
		}
		u, err := strconv.ParseUint(hexBits, 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		lines++
		if got := FormatDouble(math.Float64frombits(u)); got != want {
			failures++
			if failures <= 20 {
				t.Errorf("FormatDouble(%s) = %q, want %q", hexBits, got, want)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if failures > 0 {
		t.Errorf("%d of %d cases differ", failures, lines)
	}
}

func TestFormatDouble(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0.0"},
		{math.Copysign(0, -1), "-0.0"},
		{1, "1.0"},
		{-1, "-1.0"},
		{100, "100.0"},
		{0.001, "0.001"},
		{2.0e-3, "0.002"},
		{1.0e-4, "1.0E-4"},
		{1.0e7, "1.0E7"},
		{9999999, "9999999.0"},
		{1.0e23, "9.999999999999999E22"},
		{4.9e-324, "4.9E-324"},
		{math.MaxFloat64, "1.7976931348623157E308"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
		{math.Float64frombits(0x3fd3333333333334), "0.30000000000000004"},
		{123456789, "1.23456789E8"},
	}
	for _, tt := range tests {
		if got := FormatDouble(tt.in); got != tt.want {
			t.Errorf("FormatDouble(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFormatDouble(f *testing.F) {
	for _, seed := range []uint64{0, 1, 0x3ff0000000000000, 0x44b52d02c7e14af6, 0x3f60624dd2f1a9fc, 0x7fefffffffffffff} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, u uint64) {
		x := math.Float64frombits(u)
		s := FormatDouble(x)
		if math.IsNaN(x) {
			if s != "NaN" {
				t.Fatalf("FormatDouble(NaN) = %q", s)
			}
			return
		}
		back, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Float64bits(back) != u {
			t.Fatalf("FormatDouble(%#x) = %q does not round-trip (%v, %v)", u, s, back, err)
		}
	})
}

func BenchmarkFormatDouble(b *testing.B) {
	b.ReportAllocs()
	values := []float64{1, 0.1, 123.456, 1e23, 4.9e-324, 3.141592653589793}
	var buf []byte
	for i := 0; b.Loop(); i++ {
		buf = AppendDouble(buf[:0], values[i%len(values)])
	}
}
