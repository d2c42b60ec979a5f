package invoke

import (
	"encoding/json"
	"fmt"

	"github.com/aws/aws-lambda-go/lambda/messages"
)

// The payload limits of the Lambda Invoke API, in bytes of JSON, as Lambda enforces them: the
// event of a synchronous invocation (6 MiB), the event of an Event invocation (1 MiB), and a
// function's response (6 MiB and 100 bytes, which is what Lambda counts, whatever its
// documentation's "6 MB" suggests). Local enforces them as Lambda does; through the Invoke API
// (package lambdaapi), Lambda does.
const (
	MaxPayload         = 6 << 20
	MaxAsyncPayload    = 1 << 20
	MaxResponsePayload = 6<<20 + 100
)

// requestTooLarge is the Invoke API's RequestEntityTooLargeException for an event over limit,
// with Lambda's message.
func requestTooLarge(limit int) error {
	return fmt.Errorf("%w: Request must be smaller than %d bytes for the InvokeFunction operation", ErrRequestTooLarge, limit)
}

// responseTooLargePayload returns what Lambda returns, with X-Amz-Function-Error: Unhandled,
// for a function whose response is over MaxResponsePayload (recorded from real functions: the
// keys in this order).
func responseTooLargePayload() []byte {
	return fmt.Appendf(nil, `{"errorType":"Function.ResponseSizeTooLarge","errorMessage":"Response payload size exceeded maximum allowed payload size (%d bytes)."}`, MaxResponsePayload)
}

// errResponseTooLarge is the failure a typed call reports for a response over
// MaxResponsePayload; finish answers it with responseTooLargePayload.
var errResponseTooLarge = &messages.InvokeResponse_Error{Type: "Function.ResponseSizeTooLarge"}

// typedResponseTooLarge reports whether resp, the response a typed function returned with body,
// is over MaxResponsePayload as the runtime marshals it (encoding/json). Only a response whose
// body could take it there is marshaled: encoding/json writes a string in at most six bytes a
// byte (\u00XX), so a body up to a sixth of the limit, less 64 KiB for the rest of the response,
// cannot. A response whose headers alone are over the limit is not caught.
func typedResponseTooLarge(resp any, body string) bool {
	if len(body) <= (MaxResponsePayload-64<<10)/6 {
		return false
	}
	b, err := json.Marshal(resp)
	return err == nil && len(b) > MaxResponsePayload
}
