package validate

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// sharedModelURL starts the URL by which a model refers to another model of its API:
// https://apigateway.amazonaws.com/restapis/{apiId}/models/{Name}.
const sharedModelURL = "https://apigateway.amazonaws.com/restapis/"

// builtinModels are the models every API has unless it defines its own of the same name.
var builtinModels = map[string]string{
	"Empty": `{"type":"object"}`,
	"Error": `{"type":"object","properties":{"message":{"type":"string"}}}`,
}

// document is one model's JSON, parsed.
type document struct {
	id   string // unique among the documents of a converter
	name string // how errors name it
	root any
}

// converter translates JSON Schema draft 4 models into kin-openapi schemas. It parses each model
// once and translates each schema in it once, so references share their target and recursive
// models become cyclic schema graphs.
type converter struct {
	shared    map[string]string
	docs      map[string]*document        // by id
	memo      map[string]*openapi3.Schema // by document id, "#" and JSON pointer
	resolving map[string]bool             // $ref nodes being resolved, to catch reference cycles
	patterns  patterns
}

func newConverter(shared map[string]string) *converter {
	return &converter{
		shared:    shared,
		docs:      map[string]*document{},
		memo:      map[string]*openapi3.Schema{},
		resolving: map[string]bool{},
		patterns:  patterns{},
	}
}

// model translates the request model for a content type.
func (c *converter) model(contentType, source string) (*openapi3.Schema, error) {
	doc, err := c.parse("request:"+contentType, fmt.Sprintf("model for %q", contentType), source)
	if err != nil {
		return nil, err
	}
	return c.schemaAt(doc, "")
}

// sharedModel returns the API's model of that name, parsed.
func (c *converter) sharedModel(name string) (*document, error) {
	if doc, ok := c.docs["shared:"+name]; ok {
		return doc, nil
	}
	source, ok := c.shared[name]
	if !ok {
		if source, ok = builtinModels[name]; !ok {
			return nil, fmt.Errorf("the API has no model %q", name)
		}
	}
	return c.parse("shared:"+name, fmt.Sprintf("model %q", name), source)
}

func (c *converter) parse(id, name, source string) (*document, error) {
	var root any
	if err := json.Unmarshal([]byte(source), &root); err != nil {
		return nil, fmt.Errorf("%s: invalid JSON: %w", name, err)
	}
	doc := &document{id: id, name: name, root: root}
	c.docs[id] = doc
	return doc, nil
}

// errorf returns an error about the schema at ptr in doc.
func (c *converter) errorf(doc *document, ptr, format string, args ...any) error {
	return fmt.Errorf("%s at #%s: %w", doc.name, ptr, fmt.Errorf(format, args...))
}

// schemaAt translates the schema at a JSON pointer of a document, or returns the translation
// made before.
func (c *converter) schemaAt(doc *document, ptr string) (*openapi3.Schema, error) {
	key := doc.id + "#" + ptr
	if s, ok := c.memo[key]; ok {
		return s, nil
	}
	node, err := lookup(doc.root, ptr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doc.name, err)
	}
	obj, ok := node.(map[string]any)
	if !ok {
		return nil, c.errorf(doc, ptr, "a schema must be a JSON object")
	}
	if ref, ok := obj["$ref"]; ok {
		// In draft 4 a reference replaces the whole schema: keywords beside it are ignored.
		refStr, ok := ref.(string)
		if !ok {
			return nil, c.errorf(doc, ptr, "$ref must be a string")
		}
		if c.resolving[key] {
			return nil, c.errorf(doc, ptr, "$ref %q refers back to itself", refStr)
		}
		c.resolving[key] = true
		s, err := c.resolve(doc, ptr, refStr)
		delete(c.resolving, key)
		if err != nil {
			return nil, err
		}
		c.memo[key] = s
		return s, nil
	}
	s := &openapi3.Schema{}
	c.memo[key] = s // before the keywords, so that references back to it find it
	if err := c.fill(s, doc, ptr, obj); err != nil {
		return nil, err
	}
	return s, nil
}

// resolve translates the target of a $ref found at ptr in doc.
func (c *converter) resolve(doc *document, ptr, ref string) (*openapi3.Schema, error) {
	base, fragment, _ := strings.Cut(ref, "#")
	target := doc
	if base != "" {
		name, ok := sharedModelName(base)
		if !ok {
			return nil, c.errorf(doc, ptr, "$ref %q: a reference is #/... or %s{apiId}/models/{Name}", ref, sharedModelURL)
		}
		var err error
		if target, err = c.sharedModel(name); err != nil {
			return nil, c.errorf(doc, ptr, "$ref %q: %w", ref, err)
		}
	}
	pointer, err := url.PathUnescape(fragment)
	if err != nil || (pointer != "" && pointer[0] != '/') {
		return nil, c.errorf(doc, ptr, "$ref %q: the fragment is not a JSON pointer", ref)
	}
	return c.schemaAt(target, pointer)
}

// sharedModelName returns the model name of a https://apigateway.amazonaws.com/restapis/{apiId}/
// models/{Name} URL, whatever the API id.
func sharedModelName(u string) (string, bool) {
	rest, ok := strings.CutPrefix(u, sharedModelURL)
	if !ok {
		return "", false
	}
	apiID, name, ok := strings.Cut(rest, "/models/")
	if !ok || apiID == "" || strings.Contains(apiID, "/") || name == "" || strings.Contains(name, "/") {
		return "", false
	}
	return name, true
}

// lookup returns the value a JSON pointer (RFC 6901, "" for the whole document) designates.
func lookup(root any, ptr string) (any, error) {
	node := root
	if ptr == "" {
		return node, nil
	}
	for _, token := range strings.Split(ptr[1:], "/") {
		token = strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
		switch n := node.(type) {
		case map[string]any:
			v, ok := n[token]
			if !ok {
				return nil, fmt.Errorf("no schema at #%s", ptr)
			}
			node = v
		case []any:
			i, ok := arrayIndex(token, len(n))
			if !ok {
				return nil, fmt.Errorf("no schema at #%s", ptr)
			}
			node = n[i]
		default:
			return nil, fmt.Errorf("no schema at #%s", ptr)
		}
	}
	return node, nil
}

// arrayIndex parses a JSON pointer token as an index into an array of length n.
func arrayIndex(token string, n int) (int, bool) {
	if token == "" || len(token) > 9 || (len(token) > 1 && token[0] == '0') {
		return 0, false
	}
	i := 0
	for _, c := range []byte(token) {
		if c < '0' || c > '9' {
			return 0, false
		}
		i = i*10 + int(c-'0')
	}
	return i, i < n
}

// child returns the JSON pointer of a member of the object at ptr.
func child(ptr string, names ...string) string {
	for _, name := range names {
		ptr += "/" + strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")
	}
	return ptr
}
