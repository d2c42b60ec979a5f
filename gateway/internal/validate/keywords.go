package validate

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// nonNullTypes are the JSON types other than null. A translated schema always lists its types
// without null, which it handles through Nullable and allOf instead (see finish); a schema
// without "type" lists them all.
var nonNullTypes = openapi3.Types{"array", "boolean", "integer", "number", "object", "string"}

var (
	// trueSchema accepts every value, null included.
	trueSchema = &openapi3.Schema{Always: new(true)}
	// notNullSchema accepts every value but null.
	notNullSchema = &openapi3.Schema{Type: &nonNullTypes}
)

// fill translates the keywords of a draft 4 schema object into s.
func (c *converter) fill(s *openapi3.Schema, doc *document, ptr string, obj map[string]any) error {
	kw := keywords{c: c, doc: doc, ptr: ptr, obj: obj}

	s.Type = &nonNullTypes
	nullable := true
	if v, ok := obj["type"]; ok {
		types, null, err := kw.types(v)
		if err != nil {
			return err
		}
		s.Type, nullable = &types, null
	}
	if v, ok := obj["enum"]; ok {
		values, ok := v.([]any)
		if !ok || len(values) == 0 {
			return kw.errorf("enum", "must be a non-empty array")
		}
		s.Enum = values
	}

	var err error
	numbers := []struct {
		name string
		dst  **float64
	}{{"minimum", &s.Min}, {"maximum", &s.Max}, {"multipleOf", &s.MultipleOf}}
	for _, n := range numbers {
		if *n.dst, err = kw.number(n.name); err != nil {
			return err
		}
	}
	if s.MultipleOf != nil && *s.MultipleOf <= 0 {
		return kw.errorf("multipleOf", "must be greater than 0")
	}
	if s.ExclusiveMin.Bool, err = kw.boolean("exclusiveMinimum"); err != nil {
		return err
	}
	if s.ExclusiveMax.Bool, err = kw.boolean("exclusiveMaximum"); err != nil {
		return err
	}
	if unique, err := kw.boolean("uniqueItems"); err != nil {
		return err
	} else if unique != nil {
		s.UniqueItems = *unique
	}

	lowers := []struct {
		name string
		dst  *uint64
	}{{"minLength", &s.MinLength}, {"minItems", &s.MinItems}, {"minProperties", &s.MinProps}}
	for _, n := range lowers {
		if v, err := kw.count(n.name); err != nil {
			return err
		} else if v != nil {
			*n.dst = *v
		}
	}
	uppers := []struct {
		name string
		dst  **uint64
	}{{"maxLength", &s.MaxLength}, {"maxItems", &s.MaxItems}, {"maxProperties", &s.MaxProps}}
	for _, n := range uppers {
		if *n.dst, err = kw.count(n.name); err != nil {
			return err
		}
	}

	if v, ok := obj["pattern"]; ok {
		p, ok := v.(string)
		if !ok {
			return kw.errorf("pattern", "must be a string")
		}
		if err := c.patterns.add(p); err != nil {
			return kw.errorf("pattern", "%w", err)
		}
		s.Pattern = p
	}
	if v, ok := obj["required"]; ok {
		if s.Required, err = kw.strings("required", v); err != nil {
			return err
		}
	}

	if err := kw.subschemas(s); err != nil {
		return err
	}
	if err := kw.dependencies(s); err != nil {
		return err
	}
	if v, ok := obj["definitions"]; ok {
		// Unused definitions are translated too, so that a broken model fails now.
		if _, err := kw.schemaMap("definitions", v); err != nil {
			return err
		}
	}
	if v, ok := obj["patternProperties"]; ok {
		if m, ok := v.(map[string]any); !ok || len(m) > 0 {
			return kw.errorf("patternProperties", "%w", ErrUnsupported)
		}
	}
	finish(s, nullable)
	return nil
}

// subschemas translates the keywords whose values are schemas.
func (kw keywords) subschemas(s *openapi3.Schema) error {
	var err error
	if v, ok := kw.obj["properties"]; ok {
		if s.Properties, err = kw.schemaMap("properties", v); err != nil {
			return err
		}
	}
	if v, ok := kw.obj["additionalProperties"]; ok {
		switch v := v.(type) {
		case bool:
			s.AdditionalProperties.Has = &v
		case map[string]any:
			if s.AdditionalProperties.Schema, err = kw.schema("additionalProperties"); err != nil {
				return err
			}
		default:
			return kw.errorf("additionalProperties", "must be a boolean or a schema")
		}
	}
	if v, ok := kw.obj["items"]; ok {
		switch v := v.(type) {
		case map[string]any:
			if s.Items, err = kw.schema("items"); err != nil {
				return err
			}
		case []any:
			// A tuple: kin-openapi's OpenAPI 3.0 validator has no per-position schemas. An
			// empty tuple constrains nothing unless additionalItems does.
			if extra, ok := kw.obj["additionalItems"]; len(v) > 0 || (ok && extra != true) {
				return kw.errorf("items", "%w (items as an array)", ErrUnsupported)
			}
		default:
			return kw.errorf("items", "must be a schema or an array of schemas")
		}
	}
	for _, k := range []struct {
		name string
		dst  *openapi3.SchemaRefs
	}{{"allOf", &s.AllOf}, {"anyOf", &s.AnyOf}, {"oneOf", &s.OneOf}} {
		if v, ok := kw.obj[k.name]; ok {
			if *k.dst, err = kw.schemaList(k.name, v); err != nil {
				return err
			}
		}
	}
	if _, ok := kw.obj["not"]; ok {
		if s.Not, err = kw.schema("not"); err != nil {
			return err
		}
	}
	return nil
}

// dependencies translates draft 4's "dependencies", which OpenAPI 3.0 lacks, into an allOf
// entry per property: anyOf [not {required: [property]}, dependency], where the dependency is
// the schema given or {required: [the properties listed]}.
func (kw keywords) dependencies(s *openapi3.Schema) error {
	v, ok := kw.obj["dependencies"]
	if !ok {
		return nil
	}
	deps, ok := v.(map[string]any)
	if !ok {
		return kw.errorf("dependencies", "must be an object")
	}
	for _, name := range slices.Sorted(maps.Keys(deps)) {
		var then *openapi3.Schema
		switch d := deps[name].(type) {
		case []any:
			names, err := kw.strings(child("dependencies", name), d)
			if err != nil {
				return err
			}
			then = synthetic(&openapi3.Schema{Required: names})
		case map[string]any:
			var err error
			if then, err = kw.c.schemaAt(kw.doc, child(kw.ptr, "dependencies", name)); err != nil {
				return err
			}
		default:
			return kw.errorf(child("dependencies", name), "must be an array of property names or a schema")
		}
		absent := synthetic(&openapi3.Schema{Not: ref(synthetic(&openapi3.Schema{Required: []string{name}}))})
		s.AllOf = append(s.AllOf, ref(synthetic(&openapi3.Schema{AnyOf: openapi3.SchemaRefs{ref(absent), ref(then)}})))
	}
	return nil
}

// finish gives s draft 4's handling of null. kin-openapi (OpenAPI 3.0) accepts null for a
// nullable schema without looking at anything else, and otherwise only through allOf, anyOf or
// oneOf; draft 4 accepts null when "type" allows it (or is absent) and null passes "enum",
// "not", "allOf", "anyOf" and "oneOf". typeAllowsNull says what "type" says.
func finish(s *openapi3.Schema, typeAllowsNull bool) {
	allowed := typeAllowsNull && (s.Enum == nil || slices.Contains(s.Enum, nil))
	if s.Not == nil && len(s.AllOf) == 0 && len(s.AnyOf) == 0 && len(s.OneOf) == 0 {
		s.Nullable = allowed
		return
	}
	// kin-openapi's verdict on null is then that of the combinators; one more allOf entry makes
	// it right: trueSchema where the schema's own keywords allow null, notNullSchema where not.
	if allowed {
		s.AllOf = append(s.AllOf, ref(trueSchema))
	} else {
		s.AllOf = append(s.AllOf, ref(notNullSchema))
	}
}

// synthetic completes a schema made up by the translation.
func synthetic(s *openapi3.Schema) *openapi3.Schema {
	s.Type = &nonNullTypes
	finish(s, true)
	return s
}

func ref(s *openapi3.Schema) *openapi3.SchemaRef { return &openapi3.SchemaRef{Value: s} }

// keywords reads the keywords of one schema object.
type keywords struct {
	c   *converter
	doc *document
	ptr string
	obj map[string]any
}

// errorf returns an error about keyword name (a JSON pointer relative to the schema).
func (kw keywords) errorf(name, format string, args ...any) error {
	return kw.c.errorf(kw.doc, kw.ptr, "%s %w", name, fmt.Errorf(format, args...))
}

// types parses "type": a type name or a non-empty list of distinct ones. It returns the types
// other than null, and whether null is one of them.
func (kw keywords) types(v any) (openapi3.Types, bool, error) {
	var names []any
	switch v := v.(type) {
	case string:
		names = []any{v}
	case []any:
		names = v
	}
	if len(names) == 0 {
		return nil, false, kw.errorf("type", "must be a type name or a non-empty array of them")
	}
	types := make(openapi3.Types, 0, len(names))
	null := false
	for i, n := range names {
		name, ok := n.(string)
		if !ok || (name != "null" && !slices.Contains(nonNullTypes, name)) {
			return nil, false, kw.errorf("type", "has an unknown type %v", n)
		}
		if slices.Contains(names[:i], n) {
			return nil, false, kw.errorf("type", "lists %q twice", name)
		}
		if name == "null" {
			null = true
		} else {
			types = append(types, name)
		}
	}
	return types, null, nil
}

func (kw keywords) number(name string) (*float64, error) {
	v, ok := kw.obj[name]
	if !ok {
		return nil, nil
	}
	f, ok := v.(float64)
	if !ok {
		return nil, kw.errorf(name, "must be a number")
	}
	return &f, nil
}

func (kw keywords) boolean(name string) (*bool, error) {
	v, ok := kw.obj[name]
	if !ok {
		return nil, nil
	}
	b, ok := v.(bool)
	if !ok {
		return nil, kw.errorf(name, "must be a boolean")
	}
	return &b, nil
}

// count parses a keyword whose value is a non-negative integer.
func (kw keywords) count(name string) (*uint64, error) {
	v, ok := kw.obj[name]
	if !ok {
		return nil, nil
	}
	f, ok := v.(float64)
	if !ok || f < 0 || f != math.Trunc(f) || f >= 1<<63 {
		return nil, kw.errorf(name, "must be a non-negative integer")
	}
	n := uint64(f)
	return &n, nil
}

// strings parses an array of distinct strings.
func (kw keywords) strings(name string, v any) ([]string, error) {
	values, ok := v.([]any)
	if !ok {
		return nil, kw.errorf(name, "must be an array of strings")
	}
	out := make([]string, 0, len(values))
	for _, value := range values {
		s, ok := value.(string)
		if !ok {
			return nil, kw.errorf(name, "must be an array of strings")
		}
		if slices.Contains(out, s) {
			return nil, kw.errorf(name, "lists %q twice", s)
		}
		out = append(out, s)
	}
	return out, nil
}

// schema translates the schema that is the value of a keyword.
func (kw keywords) schema(name string) (*openapi3.SchemaRef, error) {
	s, err := kw.c.schemaAt(kw.doc, child(kw.ptr, name))
	if err != nil {
		return nil, err
	}
	return ref(s), nil
}

// schemaMap translates an object whose members are schemas.
func (kw keywords) schemaMap(name string, v any) (openapi3.Schemas, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, kw.errorf(name, "must be an object")
	}
	out := make(openapi3.Schemas, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		s, err := kw.c.schemaAt(kw.doc, child(kw.ptr, name, k))
		if err != nil {
			return nil, err
		}
		out[k] = ref(s)
	}
	return out, nil
}

// schemaList translates a non-empty array of schemas.
func (kw keywords) schemaList(name string, v any) (openapi3.SchemaRefs, error) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, kw.errorf(name, "must be a non-empty array of schemas")
	}
	out := make(openapi3.SchemaRefs, len(list))
	for i := range list {
		s, err := kw.c.schemaAt(kw.doc, child(kw.ptr, name, fmt.Sprint(i)))
		if err != nil {
			return nil, err
		}
		out[i] = ref(s)
	}
	return out, nil
}
