package validate

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/apigate/apigate"
)

// tenProperties is an object model with ten typed properties, as a typical create request has.
const tenProperties = `{
  "$schema": "http://json-schema.org/draft-04/schema#",
  "type": "object",
  "required": ["id", "name", "email"],
  "additionalProperties": false,
  "properties": {
    "id": {"type": "string", "pattern": "^[a-z0-9-]{8,36}$"},
    "name": {"type": "string", "minLength": 1, "maxLength": 100},
    "email": {"type": "string", "maxLength": 254},
    "age": {"type": "integer", "minimum": 0, "maximum": 150},
    "score": {"type": "number", "minimum": 0, "exclusiveMinimum": true},
    "active": {"type": "boolean"},
    "kind": {"enum": ["cat", "dog", "bird"]},
    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
    "address": {"type": "object", "properties": {"city": {"type": "string"}, "zip": {"type": "string"}}},
    "note": {"type": ["string", "null"]}
  }
}`

const tenPropertiesBody = `{"id":"a1b2c3d4-e5f6","name":"Rex","email":"rex@example.com","age":3,"score":4.5,` +
	`"active":true,"kind":"dog","tags":["good","boy"],"address":{"city":"Paris","zip":"75001"},"note":null}`

func BenchmarkValidate(b *testing.B) {
	b.Run("parameters", func(b *testing.B) {
		v, err := Compile(Config{Parameters: true, Required: []string{
			"method.request.header.x-trace", "method.request.path.id", "method.request.querystring.q",
		}})
		if err != nil {
			b.Fatal(err)
		}
		r := &apigate.Request{
			Header:         http.Header{"X-Trace": {"t"}},
			Query:          url.Values{"q": {"1"}},
			PathParameters: map[string]string{"id": "42"},
		}
		benchValidate(b, v, r, true)
	})
	b.Run("parameters-missing", func(b *testing.B) {
		v, err := Compile(Config{Parameters: true, Required: []string{
			"method.request.header.x-trace", "method.request.path.id", "method.request.querystring.q",
		}})
		if err != nil {
			b.Fatal(err)
		}
		benchValidate(b, v, &apigate.Request{Header: http.Header{}}, false)
	})
	model := Config{Body: true, Models: map[string]string{"application/json": tenProperties}}
	b.Run("body-10-properties", func(b *testing.B) {
		v, err := Compile(model)
		if err != nil {
			b.Fatal(err)
		}
		r := &apigate.Request{Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(tenPropertiesBody)}
		benchValidate(b, v, r, true)
	})
	b.Run("body-10-properties-invalid", func(b *testing.B) {
		v, err := Compile(model)
		if err != nil {
			b.Fatal(err)
		}
		r := &apigate.Request{Header: http.Header{}, Body: []byte(`{"id":"a1b2c3d4","name":"Rex"}`)}
		benchValidate(b, v, r, false)
	})
}

func benchValidate(b *testing.B, v *Validator, r *apigate.Request, valid bool) {
	b.Helper()
	if err := v.Validate(r); (err == nil) != valid {
		b.Fatalf("Validate = %v", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = v.Validate(r)
	}
}
