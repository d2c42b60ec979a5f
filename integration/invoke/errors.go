package invoke

import (
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda/messages"
)

// The function error payloads below are built as aws-lambda-go's runtime builds them (its
// lambda/errors.go, panic.go and invoke_loop.go at v1.55.1, which keeps them unexported): a
// returned error and a panic become a messages.InvokeResponse_Error, which the runtime marshals
// with encoding/json and posts to the Runtime API's error endpoint; Lambda hands that body to the
// caller unchanged, with X-Amz-Function-Error: Unhandled.

// unhandled is the X-Amz-Function-Error value for every failure of a function.
const unhandled = "Unhandled"

// errorResponse is the runtime's lambdaErrorResponse: the error's message, and its type's name
// without the package (a pointer's element type: *errors.errorString is "errorString"). An
// error that is itself a messages.InvokeResponse_Error is reported as it is.
func errorResponse(err error) *messages.InvokeResponse_Error {
	if ive, ok := err.(messages.InvokeResponse_Error); ok {
		return &ive
	}
	return &messages.InvokeResponse_Error{Message: err.Error(), Type: errorType(err)}
}

// panicResponse is the runtime's lambdaPanicResponse: the panic value printed with %v, its type's
// name, and the stack of the panicking goroutine. It must be called directly by the deferred
// function that recovered, so that the stack starts where the runtime's does: at the function
// that builds the response, then the deferred function, then runtime.gopanic, then the code that
// panicked.
func panicResponse(v any) *messages.InvokeResponse_Error {
	if ive, ok := v.(messages.InvokeResponse_Error); ok {
		return &ive
	}
	return &messages.InvokeResponse_Error{
		Message:    fmt.Sprintf("%v", v),
		Type:       errorType(v),
		StackTrace: panicStack(),
		ShouldExit: true,
	}
}

// errorType is the runtime's getErrorType.
func errorType(v any) string {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		return t.Elem().Name()
	}
	return t.Name()
}

// panicFrames is how many frames the runtime reports (its defaultErrorFrameCount).
const panicFrames = 32

// panicStack is the runtime's getPanicStack: up to 32 frames from panicResponse, its caller,
// outwards.
func panicStack() []*messages.InvokeResponse_Error_StackFrame {
	pcs := make([]uintptr, panicFrames)
	// Skip runtime.Callers and panicStack: the first frame is panicResponse, as the runtime's
	// first is lambdaPanicResponse.
	n := runtime.Callers(2, pcs)
	if n == 0 {
		return make([]*messages.InvokeResponse_Error_StackFrame, 0)
	}
	var stack []*messages.InvokeResponse_Error_StackFrame
	frames := runtime.CallersFrames(pcs[:n])
	for {
		frame, more := frames.Next()
		stack = append(stack, formatFrame(frame))
		if !more {
			return stack
		}
	}
}

// formatFrame is the runtime's formatFrame: the file path cut to the import path of the
// function's package and the file's name, and the function's name without its package.
func formatFrame(f runtime.Frame) *messages.InvokeResponse_Error_StackFrame {
	path, label := f.File, f.Function
	i := len(path)
	for n, g := 0, strings.Count(label, "/")+2; n < g; n++ {
		i = strings.LastIndex(path[:i], "/")
		if i == -1 {
			break
		}
	}
	path = path[i+1:]
	label = label[strings.LastIndex(label, "/")+1:]
	label = label[strings.Index(label, ".")+1:]
	return &messages.InvokeResponse_Error_StackFrame{Path: path, Line: int32(f.Line), Label: label}
}

// errorPayload is the runtime's safeMarshal: the error as JSON, or a Runtime.SerializationError
// when it cannot be marshalled.
func errorPayload(e *messages.InvokeResponse_Error) []byte {
	b, err := json.Marshal(e)
	if err != nil {
		b, _ = json.Marshal(&messages.InvokeResponse_Error{Type: "Runtime.SerializationError", Message: err.Error()})
	}
	return b
}

// timeoutPayload is what Lambda returns, with X-Amz-Function-Error: Unhandled, for a function
// that ran past its timeout (the runtime is not involved: Lambda stops it):
//
//	{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: 6c14aac6-b810-49ce-9c6c-50104412d524 Error: Task timed out after 3.00 seconds"}
//
// as recorded from real functions (the keys in this order, the timeout with two decimals).
func timeoutPayload(requestID string, timeout time.Duration) []byte {
	msg := "RequestId: " + requestID + " Error: Task timed out after " +
		strconv.FormatFloat(timeout.Seconds(), 'f', 2, 64) + " seconds"
	b := make([]byte, 0, 64+len(msg))
	b = append(b, `{"errorType":"Sandbox.Timedout","errorMessage":`...)
	b = strconv.AppendQuote(b, msg)
	return append(b, '}')
}
