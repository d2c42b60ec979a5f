package backend

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// sigV4 is an Authorization header as an AWS integration signs it.
const sigV4 = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, " +
	"SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a68a1f0b"

func TestMask(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Basic", "*****"},
		{"Bearer 0123456789abcdef", "***********************"},   // 23 characters: all masked
		{"Bearer 0123456789abcdefg", "******************bcdefg"}, // 24: the last six shown
		{sigV4, strings.Repeat("*", len(sigV4)-6) + "8a1f0b"},
	} {
		if got := Mask(tc.in); got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTraceHeader: the secret headers, in any spelling, are masked in a copy; the headers sent
// keep their values; headers without a secret are returned as they are.
func TestTraceHeader(t *testing.T) {
	token := "IQoJb3JpZ2luX2VjEOr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexample"
	sent := http.Header{
		"Authorization":        {sigV4},
		"x-amz-security-token": {token},
		"X-Amz-Date":           {"20150830T123600Z"},
	}
	orig := sent.Clone()
	got := TraceHeader(sent)
	want := http.Header{
		"Authorization":        {Mask(sigV4)},
		"x-amz-security-token": {strings.Repeat("*", len(token)-6) + "xample"},
		"X-Amz-Date":           {"20150830T123600Z"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if !reflect.DeepEqual(sent, orig) {
		t.Errorf("the headers sent changed: %v", sent)
	}

	plain := http.Header{"Accept": {"application/json"}}
	if got := TraceHeader(plain); reflect.ValueOf(got).Pointer() != reflect.ValueOf(plain).Pointer() {
		t.Errorf("headers without a secret were copied")
	}
	if allocs := testing.AllocsPerRun(100, func() { TraceHeader(plain) }); allocs != 0 {
		t.Errorf("TraceHeader of headers without a secret: %v allocations", allocs)
	}
}
