package vtl

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/apigate/apigate/internal/jre"
)

// TestAppendDoubleFastPath checks the fast path against jre's exact JDK 17 algorithm on
// decimals of every length and exponent in and around the fast range.
func TestAppendDoubleFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	check := func(f float64) {
		if got, want := string(appendDouble(nil, f)), jre.FormatDouble(f); got != want {
			t.Fatalf("appendDouble(%v) = %q, JDK 17 prints %q", f, got, want)
		}
	}
	for _, f := range []float64{0, 1, -1, 0.001, 0.0009999, 1e7, 9999999.999, 249.99, 124.99, 0.1 + 0.2, 100, 1.5, -0.5, 1e-3 * 3, math.Nextafter(1e7, 0)} {
		check(f)
	}
	for i := 0; i < 200000; i++ { // prices: at most two decimals, the first fast path
		c := r.Int64N(1_000_000_000)
		f, _ := strconv.ParseFloat(strconv.FormatInt(c/100, 10)+"."+strconv.FormatInt(c%100, 10), 64)
		check(f)
		check(-float64(c) / 100)
		check(float64(c) / 1000)
	}
	for i := 0; i < 300000; i++ {
		digits := 1 + r.IntN(17)
		m := r.Int64N(int64(math.Pow10(min(digits, 18))))
		f, _ := strconv.ParseFloat(strconv.FormatInt(m, 10)+"e"+strconv.Itoa(r.IntN(26)-16), 64)
		if r.IntN(2) == 0 {
			f = -f
		}
		check(f)
		check(math.Float64frombits(r.Uint64()))
	}
}

func BenchmarkAppendDouble(b *testing.B) {
	b.ReportAllocs()
	var buf []byte
	for i := 0; b.Loop(); i++ {
		buf = appendDouble(buf[:0], 249.99)
	}
}
