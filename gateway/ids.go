package gateway

import (
	"hash/fnv"
	"math/rand/v2"
)

const idChars = "abcdefghijklmnopqrstuvwxyz0123456789"

// shortID derives an id of n lower-case letters and digits from s, the shape of AWS's API,
// resource and deployment ids, stable from run to run.
func shortID(s string, n int) string {
	h := fnv.New64a()
	h.Write([]byte(s))
	v := h.Sum64()
	b := make([]byte, n)
	for i := range b {
		b[i] = idChars[v%uint64(len(idChars))]
		v /= uint64(len(idChars))
		if v == 0 {
			v = h.Sum64() ^ uint64(i+1)*0x9e3779b97f4a7c15
		}
	}
	return string(b)
}

const (
	extChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	hexChars = "0123456789abcdef"
)

// newRequestIDs returns a fresh request id ($context.requestId, the x-amzn-RequestId header): a
// version 4 UUID, and a fresh extended request id ($context.extendedRequestId, x-amz-apigw-id):
// 14 letters and digits and '=', the shape AWS sends (such as "Gq1EjFbfvHcEaNw=").
//
// The bits come from math/rand/v2's global generator, which is seeded from the operating system
// and runs ChaCha8 per thread: unpredictable, and without crypto/rand's system call, so ids cost
// a few nanoseconds on the request path. Both ids share one allocation.
func newRequestIDs() (requestID, extendedID string) {
	var b [36 + 15]byte
	hi, lo, ext := rand.Uint64(), rand.Uint64(), rand.Uint64()
	hi = hi&^(0xf<<12) | 4<<12   // version 4
	lo = lo&^(0x3<<62) | 0x2<<62 // variant 10
	j := 0
	for i := 0; i < 32; i++ {
		if i == 8 || i == 12 || i == 16 || i == 20 {
			b[j] = '-'
			j++
		}
		var nibble uint64
		if i < 16 {
			nibble = hi >> (60 - 4*i) & 0xf
		} else {
			nibble = lo >> (60 - 4*(i-16)) & 0xf
		}
		b[j] = hexChars[nibble]
		j++
	}
	for i := 0; i < 14; i++ {
		b[36+i] = extChars[ext%uint64(len(extChars))]
		ext /= uint64(len(extChars))
		if ext == 0 {
			ext = rand.Uint64()
		}
	}
	b[50] = '='
	s := string(b[:])
	return s[:36], s[36:]
}

// deploymentID returns a fresh deployment id ($context.deploymentId): 6 letters and digits.
func deploymentID() string {
	var b [6]byte
	v := rand.Uint64()
	for i := range b {
		b[i] = idChars[v%uint64(len(idChars))]
		v /= uint64(len(idChars))
	}
	return string(b[:])
}
