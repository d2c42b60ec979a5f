package validate

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/apigate/apigate"
)

// fuzzModel uses most keywords, references, recursion and null handling.
const fuzzModel = `{
  "type": ["object", "array", "null"],
  "required": ["id"],
  "properties": {
    "id": {"oneOf": [{"type": "string", "pattern": "^(?=.*\\d)\\w{2,8}$"}, {"type": "integer", "minimum": 0, "exclusiveMinimum": true}]},
    "name": {"type": ["string", "null"], "minLength": 1, "maxLength": 20},
    "kind": {"enum": ["cat", "dog", null, 1, {"a": [1]}]},
    "price": {"type": "number", "multipleOf": 0.01, "maximum": 1000, "exclusiveMaximum": true},
    "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true, "maxItems": 5},
    "child": {"$ref": "#"},
    "owner": {"$ref": "#/definitions/owner"},
    "meta": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}, "maxProperties": 3},
    "card": {"not": {"type": "null"}}
  },
  "dependencies": {"card": ["owner"], "price": {"required": ["name"]}},
  "anyOf": [{"type": "object"}, {"type": "array", "minItems": 1}],
  "definitions": {"owner": {"type": "object", "required": ["name"], "additionalProperties": false,
    "properties": {"name": {"type": "string"}, "friends": {"type": "array", "items": {"$ref": "#/definitions/owner"}}}}}
}`

func FuzzValidate(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `null`, `[]`, `[1]`, `{"id":"ab1"}`, `{"id":5,"name":null,"kind":{"a":[1]}}`,
		`{"id":"a","child":{"id":1,"child":{}}}`, `{"id":1,"owner":{"name":"x","friends":[{"name":"y","z":1}]}}`,
		`{"id":1,"price":9.99,"name":"n","card":"c"}`, `{"id":1,"tags":["a","a"]}`, `{"id":1,"meta":{"a":1,"b":[]}}`,
		`[[[[[[]]]]]]`, `{"id":1e400}`, `{"id":"\ud800"}`, "{\"id\":\"\xff\"}", `{"id":1}x`, `"\\"`, `[{"`,
	} {
		f.Add([]byte(seed))
	}
	v, err := Compile(Config{Models: map[string]string{"application/json": fuzzModel}, Body: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		err := v.Validate(&apigate.Request{Header: http.Header{}, Body: body})
		if err == nil {
			if len(body) > 0 && !json.Valid(body) {
				t.Fatalf("Validate(%q) = nil for a body that is not JSON", body)
			}
			return
		}
		var e *apigate.Error
		if !errors.As(err, &e) || e.Type != apigate.BadRequestBody || e.Message != "Invalid request body" {
			t.Fatalf("Validate(%q) = %v, want a BAD_REQUEST_BODY error", body, err)
		}
		if strings.Contains(e.ValidationErrorString, "does not match its model") {
			t.Fatalf("Validate(%q): the fast and the detailed runs disagree", body)
		}
	})
}

// A Validator is used by every request of a deployment at once.
func TestConcurrentValidate(t *testing.T) {
	v, err := Compile(Config{
		Required:   []string{"method.request.header.x"},
		Models:     map[string]string{"application/json": fuzzModel},
		Parameters: true,
		Body:       true,
	})
	if err != nil {
		t.Fatal(err)
	}
	bodies := []string{`{"id":"ab1"}`, `{"id":"abc"}`, `{"id":1,"owner":{"name":"x"}}`, `{"id":1,"owner":{}}`}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				b := bodies[(g+i)%len(bodies)]
				err := v.Validate(&apigate.Request{Header: http.Header{"X": {"1"}}, Body: []byte(b)})
				if valid := b == bodies[0] || b == bodies[2]; valid != (err == nil) {
					t.Errorf("Validate(%s) = %v", b, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
