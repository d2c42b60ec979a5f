package mapping

import (
	"errors"
	"math/big"
	"strconv"
	"strings"
	"sync"

	"github.com/ohler55/ojg/jp"

	"github.com/apigate/apigate/mapping/vtl"
)

// ErrJSONPath is matched (errors.Is) by every error about a malformed JSONPath expression.
var ErrJSONPath = errors.New("mapping: invalid JSONPath")

// JSONPathError reports a JSONPath expression that does not compile.
type JSONPathError struct {
	Path string // the expression as written
	Err  error  // the parser's complaint
}

// Error describes the expression and the parser's complaint.
func (e *JSONPathError) Error() string {
	return "mapping: invalid JSONPath " + strconv.Quote(e.Path) + ": " + e.Err.Error()
}

// Unwrap returns the parser's complaint.
func (e *JSONPathError) Unwrap() error { return e.Err }

// Is reports whether target is ErrJSONPath.
func (e *JSONPathError) Is(target error) bool { return target == ErrJSONPath }

// jsonPath is a compiled JSONPath expression, evaluated as Jayway JsonPath (API Gateway's
// implementation) evaluates it: a definite path (only names and single indexes) yields one value
// or nothing; any other path yields the list of its matches.
type jsonPath struct {
	expr     jp.Expr
	steps    []jp.Frag // for a definite path, its names and indexes after $
	definite bool
}

// compileJSONPath compiles an expression. As Jayway does, an expression that starts with neither
// $ nor @ is taken relative to the root ("a.b" is "$.a.b").
func compileJSONPath(path string) (*jsonPath, error) {
	src := path
	if !strings.HasPrefix(src, "$") && !strings.HasPrefix(src, "@") {
		src = "$." + src
	}
	expr, err := jp.ParseString(src)
	if err != nil {
		return nil, &JSONPathError{Path: path, Err: err}
	}
	p := &jsonPath{expr: expr, definite: true}
	simple := make([]jp.Frag, 0, len(expr))
	for i, f := range expr {
		switch f.(type) {
		case jp.Root, jp.At:
			if i != 0 {
				p.definite = false
			}
		case jp.Child, jp.Nth:
			simple = append(simple, f)
		case jp.Bracket: // notation only
		default:
			p.definite = false
		}
	}
	if p.definite {
		p.steps = simple
	}
	return p, nil
}

// eval applies the path to root. found is false when a definite path matches nothing.
func (p *jsonPath) eval(root vtl.Value) (v vtl.Value, found bool) {
	if p.definite {
		return walkSteps(root, p.steps)
	}
	matches := p.expr.Get(toPathNode(root))
	items := make([]vtl.Value, len(matches))
	for i, m := range matches {
		items[i] = fromPathNode(m)
	}
	return vtl.ListValue(vtl.NewJSONList(items...)), true
}

// walkSteps follows names and indexes without going through ojg's generic evaluator, which
// would box every value it passes.
func walkSteps(v vtl.Value, steps []jp.Frag) (vtl.Value, bool) {
	for _, s := range steps {
		switch s := s.(type) {
		case jp.Child:
			m := v.AsMap()
			if m == nil {
				return vtl.NullValue, false
			}
			next, ok := m.GetString(string(s))
			if !ok {
				return vtl.NullValue, false
			}
			v = next
		case jp.Nth:
			l := v.AsList()
			if l == nil {
				return vtl.NullValue, false
			}
			i := int(s)
			if i < 0 {
				i += l.Len()
			}
			if i < 0 || i >= l.Len() {
				return vtl.NullValue, false
			}
			v = l.Get(i)
		}
	}
	return v, true
}

// pathMap presents a map to ojg's evaluator (jp.Keyed). It is a single pointer, so boxing it
// does not allocate.
type pathMap struct{ m *vtl.Map }

// ValueForKey implements jp.Keyed.
func (p pathMap) ValueForKey(key string) (any, bool) {
	v, ok := p.m.GetString(key)
	if !ok {
		return nil, false
	}
	return toPathNode(v), true
}

// SetValueForKey implements jp.Keyed.
func (p pathMap) SetValueForKey(key string, value any) { p.m.PutString(key, fromPathNode(value)) }

// RemoveValueForKey implements jp.Keyed.
func (p pathMap) RemoveValueForKey(key string) { p.m.Remove(vtl.StringValue(key)) }

// Keys implements jp.Keyed.
func (p pathMap) Keys() []string {
	keys := make([]string, 0, p.m.Len())
	for _, k := range p.m.Keys() {
		keys = append(keys, k.AsString())
	}
	return keys
}

// pathList presents a list to ojg's evaluator (jp.Indexed).
type pathList struct{ l *vtl.List }

// ValueAtIndex implements jp.Indexed.
func (p pathList) ValueAtIndex(i int) any { return toPathNode(p.l.Get(i)) }

// SetValueAtIndex implements jp.Indexed.
func (p pathList) SetValueAtIndex(i int, value any) { p.l.Set(i, fromPathNode(value)) }

// Size implements jp.Indexed.
func (p pathList) Size() int { return p.l.Len() }

// toPathNode converts a value to the form ojg evaluates: collections wrapped, scalars as the Go
// types its filters compare.
func toPathNode(v vtl.Value) any {
	switch v.Kind() {
	case vtl.MapKind:
		return pathMap{v.AsMap()}
	case vtl.ListKind:
		return pathList{v.AsList()}
	case vtl.String:
		return v.AsString()
	case vtl.Int, vtl.Long:
		return v.AsInt64()
	case vtl.Double:
		return v.AsFloat64()
	case vtl.Bool:
		return v.AsBool()
	case vtl.BigInt:
		return v.AsBigInt()
	}
	return nil
}

// fromPathNode is the inverse of toPathNode. Integers come back as the smallest of Integer and
// Long, which is how the parser typed them.
func fromPathNode(x any) vtl.Value {
	switch x := x.(type) {
	case pathMap:
		return vtl.MapValue(x.m)
	case pathList:
		return vtl.ListValue(x.l)
	case string:
		return vtl.StringValue(x)
	case int64:
		return vtl.IntegerValue(x)
	case float64:
		return vtl.DoubleValue(x)
	case bool:
		return vtl.BoolValue(x)
	case *big.Int:
		return vtl.BigIntValue(x)
	}
	return vtl.NullValue
}

// maxDynamicPaths bounds the cache of paths built at render time (for example
// "$.records[${i}]"); past it the cache starts over.
const maxDynamicPaths = 256

// pathCache holds a template's compiled JSONPath expressions: those written as literals in the
// template, compiled once by Compile and read without locking, and a bounded set of others.
type pathCache struct {
	literal map[string]*jsonPath
	mu      sync.Mutex
	dynamic map[string]*jsonPath
}

// newPathCache compiles the literal arguments of path( and json( calls found in a template's
// source. A literal that does not compile is left for render time, which reports the error.
func newPathCache(src string) *pathCache {
	c := &pathCache{}
	for _, lit := range literalPathArgs(src) {
		if _, ok := c.literal[lit]; ok {
			continue
		}
		p, err := compileJSONPath(lit)
		if err != nil {
			continue
		}
		if c.literal == nil {
			c.literal = make(map[string]*jsonPath)
		}
		c.literal[lit] = p
	}
	return c
}

// get returns the compiled form of path, compiling it if needed.
func (c *pathCache) get(path string) (*jsonPath, error) {
	if p, ok := c.literal[path]; ok {
		return p, nil
	}
	c.mu.Lock()
	p, ok := c.dynamic[path]
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err := compileJSONPath(path)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.dynamic == nil || len(c.dynamic) >= maxDynamicPaths {
		c.dynamic = make(map[string]*jsonPath)
	}
	c.dynamic[path] = p
	c.mu.Unlock()
	return p, nil
}

// literalPathArgs finds the string literals passed to path( and json( in template source, such
// as '$.a' in $input.path('$.a'). Double-quoted literals that interpolate a reference are
// skipped: their value is known only at render time.
func literalPathArgs(src string) []string {
	var out []string
	for _, call := range [...]string{"path(", "json("} {
		rest := src
		for {
			i := strings.Index(rest, call)
			if i < 0 {
				break
			}
			rest = strings.TrimLeft(rest[i+len(call):], " \t\r\n")
			if rest == "" || (rest[0] != '\'' && rest[0] != '"') {
				continue
			}
			q := rest[0]
			end := strings.IndexByte(rest[1:], q)
			if end < 0 {
				break
			}
			lit := rest[1 : 1+end]
			rest = rest[2+end:]
			if q == '"' && interpolates(lit) {
				continue
			}
			out = append(out, lit)
		}
	}
	return out
}

// interpolates reports whether a double-quoted Velocity string holds a reference ($x, ${x},
// $!x), which makes its value dynamic.
func interpolates(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '$' {
			continue
		}
		c := s[i+1]
		if c == '{' || c == '!' || c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') {
			return true
		}
	}
	return false
}
