package methodrequest

import "math/rand/v2"

const (
	extChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	hexChars = "0123456789abcdef"
)

// IDs are a request's ids: Request is $context.requestId, sent as x-amzn-RequestId; Extended
// is $context.extendedRequestId, sent as x-amz-apigw-id.
type IDs struct {
	Request, Extended string
}

// NewIDs returns fresh ids for a request: the request id is a version 4 UUID; the extended
// request id is 14 letters and digits and '=', the shape AWS sends (such as
// "Gq1EjFbfvHcEaNw=").
//
// The bits come from math/rand/v2's global generator, which is seeded from the operating system
// and runs ChaCha8 per thread: unpredictable, and without crypto/rand's system call, so ids cost
// a few nanoseconds on the request path. Both ids share one allocation.
func NewIDs() IDs {
	var b [36 + 15]byte
	hi, lo, ext := rand.Uint64(), rand.Uint64(), rand.Uint64()
	hi = hi&^(0xf<<12) | 4<<12   // version 4
	lo = lo&^(0x3<<62) | 0x2<<62 // variant 10
	// 8-4-4-4-12 hex digits: hi holds the first 16 digits, lo the last 16
	putHex(b[0:8], hi>>32)
	b[8] = '-'
	putHex(b[9:13], hi>>16)
	b[13] = '-'
	putHex(b[14:18], hi)
	b[18] = '-'
	putHex(b[19:23], lo>>48)
	b[23] = '-'
	putHex(b[24:36], lo)
	for i := 36; i < 50; i++ {
		b[i] = extChars[ext%uint64(len(extChars))]
		ext /= uint64(len(extChars))
		if ext == 0 {
			ext = rand.Uint64()
		}
	}
	b[50] = '='
	s := string(b[:])
	return IDs{Request: s[:36], Extended: s[36:]}
}

// putHex writes the low 4*len(dst) bits of v into dst as lower-case hex digits.
func putHex(dst []byte, v uint64) {
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i] = hexChars[v&0xf]
		v >>= 4
	}
}
