package mapping

import (
	"strconv"

	"github.com/apigate/apigate/mapping/vtl"
)

// PayloadError reports a body that $input.path or $input.json could not parse: it starts like
// JSON but is not (json-smart's permissive parser takes anything else as a string). API Gateway
// answers such a request with 400 and the body {"message": "<Error()>"}, for example
// {"message": "Could not process payloadnet.minidev.json.parser.ParseException: Unexpected End
// Of File position 1: null"}.
type PayloadError struct {
	Err *JSONError
}

// Error returns API Gateway's message, which runs its prefix and the exception together.
func (e *PayloadError) Error() string { return "Could not process payload" + e.Err.Error() }

// Unwrap returns the parser's error.
func (e *PayloadError) Unwrap() error { return e.Err }

var (
	_ vtl.Object       = (*inputObject)(nil)
	_ vtl.CallAppender = (*inputObject)(nil)
)

// inputObject is $input for one render. The body is parsed on the first $input.path or
// $input.json, once.
type inputObject struct {
	tpl *Template
	req *Request

	body     vtl.Value // $input.body, once read
	hasBody  bool
	root     vtl.Value // the parsed body
	parseErr error
	parsed   bool
	params   vtl.Value // $input.params(), once built

	// declined is the value of the printed $input.path(declinedPath) that AppendCall left to the
	// engine to print, for the Call that follows; hasDeclined says it is there
	declined     vtl.Value
	declinedPath string
	hasDeclined  bool

	json    jsonParser // kept across renders (the state is pooled) for its scratch space
	scratch []byte     // where json writes before its result is copied into a string, likewise
}

func (in *inputObject) reset(t *Template, req *Request) {
	// field by field: the parser's scratch space stays, and is not copied
	in.tpl, in.req = t, req
	in.body, in.hasBody = vtl.Value{}, false
	in.root, in.parseErr, in.parsed = vtl.Value{}, nil, false
	in.params = vtl.Value{}
	in.declined, in.declinedPath, in.hasDeclined = vtl.Value{}, "", false
	if cap(in.scratch) > maxKeptScratch {
		in.scratch = nil // a pooled state keeps no more than that of one large body
	}
}

// maxKeptScratch is the largest $input.json scratch buffer a pooled render state keeps.
const maxKeptScratch = 64 << 10

// Property implements vtl.Object: $input.body.
func (in *inputObject) Property(name string) (vtl.Value, bool) {
	if name == "body" {
		return in.bodyValue(), true
	}
	return vtl.NullValue, false
}

// String implements vtl.Object: $input prints as {} (recorded in 2015).
func (in *inputObject) String() string { return "{}" }

// Call implements vtl.Object: path, json and params.
func (in *inputObject) Call(name string, args []vtl.Value) (vtl.Value, error) {
	switch name {
	case "params":
		switch len(args) {
		case 0:
			if in.params.IsNull() {
				in.params = in.req.Params.paramsValue()
			}
			return in.params, nil
		case 1:
			if args[0].IsNull() {
				return vtl.StringValue(""), nil
			}
			if args[0].Kind() != vtl.String {
				return vtl.NullValue, vtl.ErrNoMethod
			}
			return vtl.StringValue(in.req.Params.lookup(args[0].AsString())), nil
		}
	case "path", "json":
		if len(args) != 1 {
			break
		}
		if args[0].IsNull() {
			return vtl.NullValue, nil
		}
		if args[0].Kind() != vtl.String {
			return vtl.NullValue, vtl.ErrNoMethod
		}
		if name == "path" && in.hasDeclined && in.declinedPath == args[0].AsString() {
			v := in.declined
			in.declined, in.declinedPath, in.hasDeclined = vtl.Value{}, "", false
			return v, nil
		}
		v, found, err := in.eval(args[0].AsString())
		if err != nil {
			return vtl.NullValue, err
		}
		if name == "path" {
			return v, nil
		}
		if !found {
			return vtl.StringValue(`""`), nil
		}
		in.scratch = vtl.AppendJSON(in.scratch[:0], v)
		return vtl.StringValue(string(in.scratch)), nil
	}
	return vtl.NullValue, vtl.ErrNoMethod
}

// AppendCall implements vtl.CallAppender: a printed $input.json(path), $input.params(name) or
// $input.path(path) writes its text straight into the output. A path whose value the engine must
// print itself (a double, a boolean, a list or a map) is declined, its value kept for the Call
// the engine makes next, so the path is evaluated once.
func (in *inputObject) AppendCall(dst []byte, name string, args []vtl.Value) ([]byte, bool, error) {
	if len(args) != 1 || args[0].Kind() != vtl.String {
		return dst, false, nil
	}
	switch name {
	case "params":
		return append(dst, in.req.Params.lookup(args[0].AsString())...), true, nil
	case "json", "path":
	default:
		return dst, false, nil
	}
	v, found, err := in.eval(args[0].AsString())
	switch {
	case err != nil:
		return dst, true, err
	case name == "path":
		switch v.Kind() { // strings, integers and null print as the engine would print them
		case vtl.String:
			return append(dst, v.AsString()...), true, nil
		case vtl.Int, vtl.Long:
			return strconv.AppendInt(dst, v.AsInt64(), 10), true, nil
		case vtl.Null:
			return dst, true, nil
		}
		in.declined, in.declinedPath, in.hasDeclined = v, args[0].AsString(), true
		return dst, false, nil
	case !found:
		return append(dst, `""`...), true, nil
	}
	return vtl.AppendJSON(dst, v), true, nil
}

// bodyValue returns $input.body: the body as a string, {} when empty.
func (in *inputObject) bodyValue() vtl.Value {
	if !in.hasBody {
		in.body = vtl.StringValue(bodyText(in.req.Body))
		in.hasBody = true
	}
	return in.body
}

// bodyText is the body as the Java string API Gateway works on: {} for an empty body.
func bodyText(b []byte) string {
	if len(b) == 0 {
		return "{}"
	}
	return decodeJavaUTF8(b)
}

// eval applies a JSONPath to the body. found is false when a definite path matches nothing.
func (in *inputObject) eval(path string) (v vtl.Value, found bool, err error) {
	if !in.parsed {
		in.parsed = true
		root, perr := in.json.parse(in.bodyValue().AsString())
		if perr != nil {
			in.parseErr = &PayloadError{Err: perr.(*JSONError)}
		}
		in.root = root
	}
	if in.parseErr != nil {
		return vtl.NullValue, false, in.parseErr
	}
	p, err := in.tpl.paths.get(path)
	if err != nil {
		return vtl.NullValue, false, err
	}
	v, found = p.eval(in.root)
	return v, found, nil
}
