package vtl

import (
	"errors"
	"fmt"
	"strings"
)

// Errors a render can fail with, matchable with errors.Is.
var (
	// ErrTemplateTooLarge: the template source is over Options.MaxTemplateSize.
	ErrTemplateTooLarge = errors.New("vtl: template too large")
	// ErrOutputTooLarge: the rendered output is over Options.MaxOutput.
	ErrOutputTooLarge = errors.New("vtl: output too large")
	// ErrTooManyIterations: the loops of one render ran more than Options.MaxTotalIterations
	// times together.
	ErrTooManyIterations = errors.New("vtl: too many #foreach iterations")
	// ErrTooDeep: macro calls or string interpolation nested deeper than Options.MaxDepth.
	ErrTooDeep = errors.New("vtl: nesting too deep")
	// ErrUnsupported: the template uses a directive API Gateway does not allow (#include,
	// #parse).
	ErrUnsupported = errors.New("vtl: unsupported directive")
	// ErrMethodException: a method the template called failed, as a Java method throws (for
	// example substring out of range). Velocity reports it as a MethodInvocationException.
	ErrMethodException = errors.New("vtl: method invocation failed")
)

// ParseError reports a template that does not parse, at a 1-based line and column (columns
// count characters).
type ParseError struct {
	Line, Column int
	Msg          string
	pos          int
}

// Error returns "vtl: parse error at line L, column C: " and the message.
func (e *ParseError) Error() string {
	return fmt.Sprintf("vtl: parse error at line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// RenderError reports a failure while rendering, at the line and column of the template
// construct that failed. It wraps the cause: use errors.Is with the Err* values above, or
// errors.As with the caller's own error types returned by host objects.
type RenderError struct {
	Line, Column int
	Err          error
}

// Error returns "vtl: render error at line L, column C: " and the cause's message.
func (e *RenderError) Error() string {
	return fmt.Sprintf("vtl: render error at line %d, column %d: %v", e.Line, e.Column, e.Err)
}

// Unwrap returns the cause.
func (e *RenderError) Unwrap() error { return e.Err }

// lineCol converts a byte offset into a 1-based line and character column.
func lineCol(src string, pos int) (int, int) {
	if pos > len(src) {
		pos = len(src)
	}
	before := src[:pos]
	line := 1 + strings.Count(before, "\n")
	start := strings.LastIndexByte(before, '\n') + 1
	return line, 1 + len([]rune(before[start:]))
}
