package router

// Route is one resource of an API and the methods defined on it.
type Route struct {
	// Path is the resource's path template: "/", "/pets", "/pets/{petId}", "/files/{proxy+}".
	Path string
	// Methods are the methods defined on the resource: DELETE, GET, HEAD, OPTIONS, PATCH, POST,
	// PUT and ANY, in upper case, each at most once.
	Methods []string
}

// Param is a path parameter's name and raw (not URL-decoded) value.
type Param struct{ Name, Value string }

// Match is a routing result.
type Match struct {
	// Route is the index of the matched resource in the routes given to Compile.
	Route int
	// Method is the method key that matched: the request's method, or "ANY".
	Method string
}

// Router routes requests over a compiled resource tree. It is immutable and safe for
// concurrent use.
type Router struct {
	root node
}

// partKind is what a path part matches.
type partKind uint8

const (
	literalPart partKind = iota // "pets": the segment itself
	paramPart                   // "{petId}": one non-empty segment
	greedyPart                  // "{proxy+}": the rest of the path, one segment or more
)

// node is one resource of the compiled tree, listed or implied by a listed descendant.
type node struct {
	part    string    // the path part as written: "pets", "{petId}", "{proxy+}"; "" for the root
	name    string    // the variable's name, for a variable part
	kind    partKind  // what part matches
	route   int       // index into the routes given to Compile; -1 for an implied resource
	methods methodSet // the methods defined on the resource
	subtree methodSet // the methods defined on the resource or any descendant, to prune searches

	literals []*node // literal children, sorted by part
	param    *node   // the {param} child, if any
	greedy   *node   // the {greedy+} child, if any
}

// methodSet is a set of method keys, one bit each.
type methodSet uint8

const (
	methodDelete methodSet = 1 << iota
	methodGet
	methodHead
	methodOptions
	methodPatch
	methodPost
	methodPut
	methodAny
)

// methodBit returns the bit of a method key, or 0 for anything API Gateway does not define.
func methodBit(m string) methodSet {
	switch m {
	case "DELETE":
		return methodDelete
	case "GET":
		return methodGet
	case "HEAD":
		return methodHead
	case "OPTIONS":
		return methodOptions
	case "PATCH":
		return methodPatch
	case "POST":
		return methodPost
	case "PUT":
		return methodPut
	case "ANY":
		return methodAny
	}
	return 0
}

// methodKey returns the method key of a single bit.
func methodKey(b methodSet) string {
	switch b {
	case methodDelete:
		return "DELETE"
	case methodGet:
		return "GET"
	case methodHead:
		return "HEAD"
	case methodOptions:
		return "OPTIONS"
	case methodPatch:
		return "PATCH"
	case methodPost:
		return "POST"
	case methodPut:
		return "PUT"
	}
	return "ANY"
}
