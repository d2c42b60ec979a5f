package jre

import (
	"errors"
	"strconv"
	"strings"
)

// Exception is a Java exception a String, regex or number method would have thrown. Class is the
// fully qualified Java class name (java.lang.StringIndexOutOfBoundsException) and Message the
// exception's message exactly as JDK 17 words it, so that the evaluator can reproduce what
// Velocity reports.
type Exception struct {
	Class   string
	Message string
}

// Error returns the exception the way Java's Throwable.toString prints it: "Class: Message".
func (e *Exception) Error() string {
	if e.Message == "" {
		return e.Class
	}
	return e.Class + ": " + e.Message
}

// The Java exception classes this package throws.
const (
	ClassStringIndexOutOfBounds = "java.lang.StringIndexOutOfBoundsException"
	ClassIndexOutOfBounds       = "java.lang.IndexOutOfBoundsException"
	ClassIllegalArgument        = "java.lang.IllegalArgumentException"
	ClassPatternSyntax          = "java.util.regex.PatternSyntaxException"
	// ClassRegexTimeout is not a Java class: Java would keep matching a catastrophic pattern
	// for ever, this package gives up after its match timeout and reports this class instead.
	ClassRegexTimeout = "java.util.regex.MatchTimeoutException"
)

// ErrUnsupported is matched (errors.Is) by the PatternSyntaxException of a pattern that Java
// accepts but this package cannot run (see the package documentation).
var ErrUnsupported = errors.New("regex feature not supported by this package")

// syntaxError is a PatternSyntaxException: description first, then Java's " near index N",
// the pattern and a caret under the index.
type syntaxError struct {
	exc   Exception
	cause error
}

// Error returns the PatternSyntaxException as Java prints it.
func (e *syntaxError) Error() string { return e.exc.Error() }

// Unwrap gives errors.As the *Exception and errors.Is the cause.
func (e *syntaxError) Unwrap() []error {
	if e.cause != nil {
		return []error{&e.exc, e.cause}
	}
	return []error{&e.exc}
}

// newSyntaxError builds the exception Java's Pattern.error would throw.
func newSyntaxError(desc, pattern string, index int, cause error) error {
	msg := desc
	if index >= 0 {
		msg += " near index " + strconv.Itoa(index)
	}
	msg += "\n" + pattern
	if index >= 0 && index < Len(pattern) {
		msg += "\n" + strings.Repeat(" ", index) + "^"
	}
	return &syntaxError{exc: Exception{Class: ClassPatternSyntax, Message: msg}, cause: cause}
}

// unsupported is the cause of a pattern Java accepts but regexp2 cannot express.
func unsupported(what string) error {
	return &unsupportedError{what: what}
}

// unsupportedError names the unsupported feature and matches ErrUnsupported.
type unsupportedError struct{ what string }

// Error names the unsupported feature.
func (e *unsupportedError) Error() string { return e.what + " is not supported" }

// Is makes errors.Is(err, ErrUnsupported) true.
func (e *unsupportedError) Is(target error) bool {
	return target == ErrUnsupported
}

// matchError converts a regexp2 matching error (a timeout) to an exception.
func (p *Pattern) matchError(err error) error {
	return &timeoutError{exc: Exception{Class: ClassRegexTimeout,
		Message: "matching pattern " + p.source + " exceeded its time limit"}, cause: err}
}

// timeoutError is a regex operation that exceeded MatchTimeout or OperationTimeout: an *Exception of class
// ClassRegexTimeout under errors.As, ErrTimeout under errors.Is.
type timeoutError struct {
	exc   Exception
	cause error
}

// Error returns the timeout exception's text.
func (e *timeoutError) Error() string { return e.exc.Error() }

// Unwrap exposes the *Exception, regexp2's error and ErrTimeout.
func (e *timeoutError) Unwrap() []error { return []error{&e.exc, e.cause, ErrTimeout} }

// ErrTimeout is matched (errors.Is) by the error of a regex operation that exceeded
// MatchTimeout or OperationTimeout.
var ErrTimeout = errors.New("regex match timeout")
