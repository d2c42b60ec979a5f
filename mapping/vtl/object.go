package vtl

import "errors"

// ErrNoMethod is returned by Object.Call when the object has no method of that name taking the
// given arguments. The template then treats the call as unresolved (it renders as the empty
// string), as Velocity does for a method it cannot find.
var ErrNoMethod = errors.New("vtl: no such method")

// Object is a host object: a value whose properties and methods are supplied by Go code, such as
// API Gateway's $input and $util. Velocity resolves $obj.name through Property and
// $obj.name(args) through Call.
type Object interface {
	// Property returns the value of $obj.name and whether the object has it.
	Property(name string) (Value, bool)
	// Call invokes $obj.name(args...). It returns ErrNoMethod (possibly wrapped) when there is
	// no such method; any other error stops the render and is returned from it, wrapped. args
	// belongs to the engine (it may be the template's own literals): Call reads it and neither
	// changes nor keeps it.
	Call(name string, args []Value) (Value, error)
	// String returns what $obj renders as (Java's toString).
	String() string
}

// CallAppender is implemented by host objects that can write the result of a call straight
// into the output when a template prints it ("$util.escapeJavaScript($x)" in text), which
// saves the string Call would return. The engine still calls Call where the result is used
// otherwise (an argument, #set, a comparison).
type CallAppender interface {
	// AppendCall appends to dst what printing the result of Call(name, args) would write
	// (nothing for a null result) and returns the extended slice with handled true. For a call
	// it does not handle this way it returns handled false and dst unchanged, and the engine
	// calls Call instead. An error stops the render as Call's errors do; ErrNoMethod is not
	// allowed here (return handled false instead). args is read only, as for Call.
	AppendCall(dst []byte, name string, args []Value) (out []byte, handled bool, err error)
}
