package router

import (
	"errors"
	"strconv"
)

// The sentinel errors classify Compile's failures; every error Compile returns is a
// *CompileError that wraps one of them, so errors.Is(err, ErrVariableSibling) tells what went
// wrong whatever the message.
var (
	// ErrGreedyChild reports a resource under a greedy path variable ({proxy+} must be a leaf).
	ErrGreedyChild = errors.New("router: child of a resource with a greedy path variable")
	// ErrVariableSibling reports a second variable path part under one parent ({id} next to
	// {petId}, or {id} next to {proxy+}).
	ErrVariableSibling = errors.New("router: more than one variable path part under one parent")
	// ErrDuplicate reports a resource defined twice.
	ErrDuplicate = errors.New("router: duplicate resource")
	// ErrInvalidPathPart reports a malformed path template: one not starting with a slash, an
	// empty path part, a misplaced or unbalanced brace, a bad character or variable name.
	ErrInvalidPathPart = errors.New("router: invalid path part")
	// ErrInvalidMethod reports a method other than DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT
	// and ANY.
	ErrInvalidMethod = errors.New("router: invalid method")
	// ErrDuplicateMethod reports a method listed twice on one route.
	ErrDuplicateMethod = errors.New("router: duplicate method")
)

// CompileError is the error Compile returns: which route failed and why. For the three failures
// API Gateway's CreateResource reports (ErrGreedyChild, ErrVariableSibling, ErrDuplicate under a
// parent), Error returns AWS's message byte for byte, e.g.
//
//	A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed
//
// For the others it returns a message of this package's own that names the route.
type CompileError struct {
	// Route is the index of the offending route in the slice given to Compile.
	Route int
	// Path is that route's path template.
	Path string
	// Err is one of the package's sentinel errors.
	Err error

	msg string
}

// Error returns the message: AWS's where AWS has one.
func (e *CompileError) Error() string { return e.msg }

// Unwrap returns the sentinel error, for errors.Is.
func (e *CompileError) Unwrap() error { return e.Err }

func greedyChildError(route int, path, greedyPart string) *CompileError {
	return &CompileError{Route: route, Path: path, Err: ErrGreedyChild,
		msg: "Cannot create a child of a resource with a greedy path variable: " + greedyPart}
}

func variableSiblingError(route int, path, siblingPart string) *CompileError {
	return &CompileError{Route: route, Path: path, Err: ErrVariableSibling,
		msg: "A sibling (" + siblingPart + ") of this resource already has a variable path part -- only one is allowed"}
}

func duplicateError(route int, path, part string) *CompileError {
	msg := "Another resource with the same parent already has this name: " + part
	if part == "" {
		msg = "router: route " + strconv.Itoa(route) + ": the root resource / is listed twice"
	}
	return &CompileError{Route: route, Path: path, Err: ErrDuplicate, msg: msg}
}

func pathError(route int, path, why string) *CompileError {
	return &CompileError{Route: route, Path: path, Err: ErrInvalidPathPart,
		msg: "router: route " + strconv.Itoa(route) + ": invalid path " + strconv.Quote(path) + ": " + why}
}

func methodError(route int, path string, sentinel error, why string) *CompileError {
	return &CompileError{Route: route, Path: path, Err: sentinel,
		msg: "router: route " + strconv.Itoa(route) + " (" + path + "): " + why}
}
