package mapping

import (
	"encoding/base64"
	"encoding/binary"
	"slices"
)

// AppendBase64Encode appends the Base64 of s's UTF-8 bytes to dst, as $util.base64Encode
// gives it (Java's Base64.getEncoder(): the standard alphabet, padded, no line breaks), and
// returns the extended slice.
func AppendBase64Encode(dst []byte, s string) []byte {
	n := base64.StdEncoding.EncodedLen(len(s))
	dst = slices.Grow(dst, n)
	out := dst[len(dst) : len(dst)+n]
	in := []byte(s) // not copied: only read
	t := &base64Pairs
	// six bytes at a time, read as one 64-bit load: four 12-bit groups, two characters each
	for len(in) >= 14 && len(out) >= 16 {
		x, y := binary.BigEndian.Uint64(in), binary.BigEndian.Uint64(in[6:])
		binary.BigEndian.PutUint64(out, uint64(t[x>>52])<<48|uint64(t[x>>40&0xFFF])<<32|
			uint64(t[x>>28&0xFFF])<<16|uint64(t[x>>16&0xFFF]))
		binary.BigEndian.PutUint64(out[8:], uint64(t[y>>52])<<48|uint64(t[y>>40&0xFFF])<<32|
			uint64(t[y>>28&0xFFF])<<16|uint64(t[y>>16&0xFFF]))
		in, out = in[12:], out[16:]
	}
	for len(in) >= 8 && len(out) >= 8 {
		x := binary.BigEndian.Uint64(in)
		binary.BigEndian.PutUint64(out, uint64(t[x>>52])<<48|uint64(t[x>>40&0xFFF])<<32|
			uint64(t[x>>28&0xFFF])<<16|uint64(t[x>>16&0xFFF]))
		in, out = in[6:], out[8:]
	}
	var tail [8]byte // the last few bytes, encoded with the padding
	base64.StdEncoding.Encode(out, tail[:copy(tail[:], in)])
	return dst[:len(dst)+n]
}

// base64Pairs maps 12 bits to the two characters of the standard Base64 alphabet that encode
// them, the first in the high byte.
var base64Pairs = func() (t [4096]uint16) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for v := range t {
		t[v] = uint16(alphabet[v>>6])<<8 | uint16(alphabet[v&0x3F])
	}
	return t
}()
