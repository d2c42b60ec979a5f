package jre

import (
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf8"
)

var asciiSample = strings.Repeat("hello world ", 10)

func isASCIISimple(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isASCIIWord(s string) bool {
	b := []byte(s)
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func BenchmarkASCIISimple(b *testing.B) { for b.Loop() { isASCIISimple(asciiSample) } }
func BenchmarkASCIIOr(b *testing.B)     { for b.Loop() { isASCII(asciiSample) } }
func BenchmarkASCIIWord(b *testing.B)   { b.ReportAllocs(); for b.Loop() { isASCIIWord(asciiSample) } }
