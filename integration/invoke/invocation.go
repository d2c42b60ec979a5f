package invoke

import (
	"context"
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
// payload, its response as JSON (nil when typed), or fail.
func (inv *invocation[Resp]) finish(payload []byte, fail *messages.InvokeResponse_Error) *Result {
	c, r := &inv.ctx, &inv.r
	expired := c.expired()
	c.end(expired)
	r.StatusCode, r.RequestID = 200, c.lc.AwsRequestID
	switch {
	case expired:
		r.FunctionError, r.Payload = unhandled, timeoutPayload(r.RequestID, c.timeout)
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
	const hex = "0123456789abcdef"
	hi, lo := rand.Uint64(), rand.Uint64()
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
		b[j] = hex[nibble]
		j++
	}
	return unsafe.String(&b[0], len(b))
}
