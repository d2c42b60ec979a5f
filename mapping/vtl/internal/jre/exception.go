package jre

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
