// Package host gives the VTL benchmark's templates the API Gateway variables they use, the same
// way in each of the three harnesses (gobench here, jvm/Bench.java and js/bench.mjs), so the
// AWS documentation's templates can run in plain Velocity:
//
//   - $input.path(p) and $input.json(p) read the variable body, already parsed, at p, which is
//     "$" or "$.name.name...": path gives the value (null when missing), json its compact JSON
//     as json-smart writes it. $input.body is the compact JSON of body.
//   - $input.params() is the variable params (a map of path, querystring and header maps);
//     $input.params(name) looks name up in path, querystring and header, in that order, and
//     gives "" when none has it.
//   - $util is package mapping's, API Gateway's: the harnesses use its escapeJavaScript
//     (commons-lang's StringEscapeUtils.escapeJavaScript), urlEncode (java.net.URLEncoder with
//     UTF-8) and base64Encode (the standard Base64 of the UTF-8 bytes); each gives null for
//     null.
//   - $context and $stageVariables are plain variables.
//
// The body is parsed once, before measuring, as the JVM harness has Jackson do: the benchmark
// measures template engines, not JSON parsers.
package host

import (
	"strconv"
	"strings"

	"github.com/apigate/apigate/mapping"
	"github.com/apigate/apigate/mapping/vtl"
)

// Install adds $input and $util to vars, over its body and params variables.
func Install(vars vtl.Vars) {
	in := &input{body: vars["body"], params: vars["params"]}
	in.text = string(vtl.AppendJSON(nil, in.body))
	vars["input"] = vtl.ObjectValue(in)
	vars["util"] = vtl.ObjectValue(mapping.Util())
}

// input is $input.
type input struct {
	body, params vtl.Value
	text         string // the compact JSON of body
	scratch      []byte // where json writes before its result is copied into a string
}

var (
	_ vtl.Object       = (*input)(nil)
	_ vtl.CallAppender = (*input)(nil)
)

// Property implements vtl.Object: $input.body.
func (in *input) Property(name string) (vtl.Value, bool) {
	if name == "body" {
		return vtl.StringValue(in.text), true
	}
	return vtl.NullValue, false
}

// Call implements vtl.Object: path, json and params.
func (in *input) Call(name string, args []vtl.Value) (vtl.Value, error) {
	switch {
	case name == "params" && len(args) == 0:
		return in.params, nil
	case name == "params" && len(args) == 1 && args[0].Kind() == vtl.String:
		return in.param(args[0].AsString()), nil
	case name == "path" && len(args) == 1 && args[0].Kind() == vtl.String:
		return in.at(args[0].AsString()), nil
	case name == "json" && len(args) == 1 && args[0].Kind() == vtl.String:
		in.scratch = vtl.AppendJSON(in.scratch[:0], in.at(args[0].AsString()))
		return vtl.StringValue(string(in.scratch)), nil
	}
	return vtl.NullValue, vtl.ErrNoMethod
}

// param is $input.params(name).
func (in *input) param(name string) vtl.Value {
	for _, where := range [...]string{"path", "querystring", "header"} {
		if m := getString(in.params, where).AsMap(); m != nil {
			if v, ok := m.GetString(name); ok {
				return v
			}
		}
	}
	return vtl.StringValue("")
}

// AppendCall implements vtl.CallAppender: a printed $input.json(p), $input.params(name) or
// $input.path(p) (when its value is a string, an integer or null) writes its text straight into the output,
// as package mapping's $input does.
func (in *input) AppendCall(dst []byte, name string, args []vtl.Value) ([]byte, bool, error) {
	if len(args) != 1 || args[0].Kind() != vtl.String {
		return dst, false, nil
	}
	switch name {
	case "json":
		return vtl.AppendJSON(dst, in.at(args[0].AsString())), true, nil
	case "path":
		// strings, integers and null print as the engine would; it prints the other kinds
		switch v := in.at(args[0].AsString()); v.Kind() {
		case vtl.String:
			return append(dst, v.AsString()...), true, nil
		case vtl.Int, vtl.Long:
			return strconv.AppendInt(dst, v.AsInt64(), 10), true, nil
		case vtl.Null:
			return dst, true, nil
		}
	case "params":
		if v := in.param(args[0].AsString()); v.Kind() == vtl.String {
			return append(dst, v.AsString()...), true, nil
		}
	}
	return dst, false, nil
}

// String implements vtl.Object.
func (in *input) String() string { return "{}" }

// at returns the value of body at a path "$" or "$.a.b".
func (in *input) at(path string) vtl.Value {
	v := in.body
	rest, ok := strings.CutPrefix(path, "$")
	if !ok {
		return vtl.NullValue
	}
	for rest != "" && !v.IsNull() {
		rest = strings.TrimPrefix(rest, ".")
		name := rest
		if i := strings.IndexByte(rest, '.'); i >= 0 {
			name, rest = rest[:i], rest[i:]
		} else {
			rest = ""
		}
		v = getString(v, name)
	}
	return v
}

func getString(v vtl.Value, key string) vtl.Value {
	if m := v.AsMap(); m != nil {
		r, _ := m.GetString(key)
		return r
	}
	return vtl.NullValue
}
