package invoke

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"time"
	"unsafe"

	"github.com/aws/aws-lambda-go/lambda/messages"
)

// invocation is one invocation of a function, in the one allocation it makes: the context the
// function runs in (which holds the bytes of the request id), the Result, and Resp, the response
// of a typed invocation (struct{} through JSON, where the response is the Result's Payload).
//
// An invocation is never reused. The function may keep its context after returning (in a
// goroutine, say), and the caller keeps the Result, the response and the request id; any of
// them keeps the whole invocation alive, which is all it costs.
type invocation[Resp any] struct {
	ctx  invocationCtx
	r    Result
	resp Resp
}

// newInvocation returns an invocation of f by arn, under a fresh request id; its clock starts
// with start.
func newInvocation[Resp any](f *function, arn string) *invocation[Resp] {
	inv := new(invocation[Resp])
	inv.ctx.init(f.timeout, arn)
	return inv
}

// start starts the function's clock and returns the context the function runs in. Its
// time.Now is the invocation's one reading of the wall clock: the deadline is computed from it,
// and the checks against the deadline read the monotonic clock only.
func (inv *invocation[Resp]) start() context.Context {
	inv.ctx.start = time.Now()
	return &inv.ctx
}

// finish ends the invocation's context and sets its Result from what the function returned:
// payload, its response as JSON (nil when typed), or fail. A response over MaxResponsePayload
// (or errResponseTooLarge, a typed call's) fails as Lambda fails it.
func (inv *invocation[Resp]) finish(payload []byte, fail *messages.InvokeResponse_Error) *Result {
	c, r := &inv.ctx, &inv.r
	expired := c.expired()
	c.end(expired)
	r.StatusCode, r.RequestID = 200, c.lc.AwsRequestID
	switch {
	case expired:
		r.FunctionError, r.Payload = unhandled, timeoutPayload(r.RequestID, c.timeout)
	case fail == errResponseTooLarge, len(payload) > MaxResponsePayload:
		r.FunctionError, r.Payload = unhandled, responseTooLargePayload()
	case fail != nil:
		r.FunctionError, r.Payload = unhandled, errorPayload(fail)
	default:
		r.Payload = payload
	}
	return r
}

// newRequestID writes a random (version 4) UUID, as Lambda's request ids are, into b, and
// returns it as a string that shares b's bytes: b must not change afterwards.
func newRequestID(b *[36]byte) string {
	var r [16]byte
	binary.BigEndian.PutUint64(r[:8], rand.Uint64())
	binary.BigEndian.PutUint64(r[8:], rand.Uint64())
	r[6] = r[6]&0x0f | 0x40 // version 4
	r[8] = r[8]&0x3f | 0x80 // variant 10
	// 8-4-4-4-12 hex digits, two per byte from hexPairs
	j := 0
	for i, c := range r {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		b[j], b[j+1] = hexPairs[2*int(c)], hexPairs[2*int(c)+1]
		j += 2
	}
	return unsafe.String(&b[0], len(b))
}

// hexPairs holds the two lower-case hex digits of every byte, in order.
const hexPairs = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" +
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f" +
	"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f" +
	"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f" +
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f" +
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf" +
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf" +
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
