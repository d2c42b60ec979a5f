package invoke

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"time"
	"unsafe"

	"github.com/aws/aws-lambda-go/lambda/messages"
)

// invocation is what every invocation of a function holds: the context the function runs in
// (which holds the bytes of the request id), the Result, and what the function answered. Each
// kind of invocation (jsonInvocation, eventInvocation) embeds it with what it calls the function
// with, in the one allocation an invocation makes.
//
// An invocation is never reused. The function may keep its context after returning (in a
// goroutine, say), a function given up on still writes its answer here, and the caller keeps the
// Result, the response and the request id; any of them keeps the whole invocation alive, which
// is all it costs.
type invocation struct {
	ctx invocationCtx
	r   Result
	f   *function
	// Set by the worker when the function returns: its failure, and whether it returned
	// after its deadline.
	fail    *messages.InvokeResponse_Error
	expired bool
}

func (inv *invocation) base() *invocation { return inv }

// init prepares an invocation of f by arn, under a fresh request id; its clock starts with
// start.
func (inv *invocation) init(f *function, arn string) {
	inv.f = f
	inv.ctx.init(f.timeout, arn)
}

// start starts the function's clock and returns the time. Its time.Now is the invocation's one
// reading of the wall clock: the deadline is computed from it, and the checks against the
// deadline read the monotonic clock only.
func (inv *invocation) start() time.Time {
	inv.ctx.start = time.Now()
	return inv.ctx.start
}

// end ends the invocation's context when the function has returned.
func (inv *invocation) end() {
	inv.expired = inv.ctx.expired()
	inv.ctx.end(inv.expired)
}

// finish sets the Result from what the function returned: payload, its response as JSON (nil
// when typed), and inv.fail. A response over MaxResponsePayload (or errResponseTooLarge, a
// typed call's) fails as Lambda fails it.
func (inv *invocation) finish(payload []byte) *Result {
	r := &inv.r
	r.StatusCode, r.RequestID = 200, inv.ctx.lc.AwsRequestID
	switch fail := inv.fail; {
	case inv.expired:
		return inv.timedOut()
	case fail == errResponseTooLarge, len(payload) > MaxResponsePayload:
		r.FunctionError, r.Payload = unhandled, responseTooLargePayload()
	case fail != nil:
		r.FunctionError, r.Payload = unhandled, errorPayload(fail)
	default:
		r.Payload = payload
	}
	return r
}

// timedOut sets the Result of a function that ran past its deadline.
func (inv *invocation) timedOut() *Result {
	r := &inv.r
	r.StatusCode, r.RequestID = 200, inv.ctx.lc.AwsRequestID
	r.FunctionError, r.Payload = unhandled, timeoutPayload(r.RequestID, inv.ctx.timeout)
	return r
}

// jsonInvocation calls a function with its event as JSON, through aws-lambda-go's handling.
type jsonInvocation struct {
	invocation
	payload, out []byte
}

func (j *jsonInvocation) run(w *worker) {
	if w.take() {
		j.out, j.fail = j.f.callJSON(&j.ctx, j.payload)
	}
}

// eventInvocation calls a function that takes and returns events structs: h, with *e, the
// caller's, which answers resp; body returns a response's body (see typedResponseTooLarge).
type eventInvocation[Req, Resp any] struct {
	invocation
	h    func(context.Context, Req) (Resp, error)
	body func(*Resp) string
	e    *Req
	resp Resp
}

// run copies the caller's event before take lets the caller go.
func (j *eventInvocation[Req, Resp]) run(w *worker) {
	req := *j.e
	if w.take() {
		j.fail = callEvent(&j.ctx, j.h, &req, &j.resp, j.body)
	}
}

// newRequestID writes a random (version 4) UUID, as Lambda's request ids are, into b, and
// returns it as a string that shares b's bytes: b must not change afterwards. unsafe.String
// saves an allocation per invocation: string(b[:]) measured one more (2 instead of 1 on the
// typed path, +48 B/op).
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
