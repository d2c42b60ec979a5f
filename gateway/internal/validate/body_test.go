package validate

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/apigate/apigate"
)

const petModel = `{
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "Pet",
  "type": "object",
  "required": ["name"],
  "properties": {
    "name": {"type": "string", "minLength": 1},
    "age": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 30, "exclusiveMaximum": true},
    "tags": {"type": "array", "items": {"type": "string"}}
  }
}`

type bodyCase struct {
	name        string
	models      map[string]string // default: application/json -> petModel
	shared      map[string]string
	contentType []string // Content-Type values; nil: no header
	body        string
	valid       bool
	why         string // the exact ValidationErrorString of an invalid body, when set
}

func runBodyCases(t *testing.T, tests []bodyCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			models := tt.models
			if models == nil {
				models = map[string]string{"application/json": petModel}
			}
			v, err := Compile(Config{Models: models, Shared: tt.shared, Body: true})
			if err != nil {
				t.Fatal(err)
			}
			h := http.Header{}
			if tt.contentType != nil {
				h["Content-Type"] = tt.contentType
			}
			err = v.Validate(request{header: h, body: tt.body}.build(t))
			if tt.valid {
				if err != nil {
					t.Fatalf("Validate(%s) = %v, want nil", tt.body, err)
				}
				return
			}
			e := wantError(t, err, apigate.BadRequestBody, "Invalid request body")
			if !errors.Is(err, apigate.ErrBadRequestBody) {
				t.Errorf("errors.Is(%v, ErrBadRequestBody) = false", err)
			}
			if tt.why != "" && e.ValidationErrorString != tt.why {
				t.Errorf("ValidationErrorString = %q, want %q", e.ValidationErrorString, tt.why)
			}
			if !strings.HasPrefix(e.ValidationErrorString, "[") || !strings.HasSuffix(e.ValidationErrorString, "]") {
				t.Errorf("ValidationErrorString = %q, want a bracketed description", e.ValidationErrorString)
			}
		})
	}
}

func TestBody(t *testing.T) {
	runBodyCases(t, []bodyCase{
		{name: "valid", body: `{"name":"Rex","age":3,"tags":["a"],"other":{}}`, valid: true},
		{name: "missing required property", body: `{"age":3}`,
			why: `[Error at "/name": property "name" is missing]`},
		{name: "wrong type", body: `{"name":1}`, why: `[Error at "/name": value must be a string]`},
		{name: "minLength", body: `{"name":""}`, why: `[Error at "/name": minimum string length is 1]`},
		{name: "integer", body: `{"name":"a","age":1.5}`, why: `[Error at "/age": value must be an integer]`},
		{name: "draft 4 exclusiveMinimum", body: `{"name":"a","age":0}`,
			why: `[Error at "/age": number must be more than 0]`},
		{name: "draft 4 exclusiveMaximum", body: `{"name":"a","age":30}`,
			why: `[Error at "/age": number must be less than 30]`},
		{name: "inside the bounds", body: `{"name":"a","age":29}`, valid: true},
		{name: "array items", body: `{"name":"a","tags":["x",2]}`,
			why: `[Error at "/tags/1": value must be a string]`},
		{name: "body not an object", body: `[]`, why: `[value must be an object]`},
		{name: "null body", body: `null`, why: `[value must be an object]`},
		{name: "empty body is {} and fails required (GET without body, AWS recording)", body: ``,
			why: `[Error at "/name": property "name" is missing]`},
		{name: "empty body passes a model without required", body: ``, valid: true,
			models: map[string]string{"application/json": `{"type":"object"}`}},
		{name: "empty body fails a model for another type", body: ``, why: `[value must be an array]`,
			models: map[string]string{"application/json": `{"type":"array"}`}},
		{name: "not JSON", body: `a=b`,
			why: `[cannot parse the body as JSON: invalid character 'a' looking for beginning of value]`},
		{name: "truncated JSON", body: `{"name":"Rex"`},
		{name: "text after the JSON", body: `{"name":"Rex"} {}`},
		{name: "only whitespace", body: " \n"},
		{name: "number out of range", body: `1e400`, models: map[string]string{"application/json": `{}`},
			why: `[cannot parse the body as JSON: json: cannot unmarshal number 1e400 into Go value of type float64]`},
		{name: "not JSON, even for the empty schema", body: `{`,
			models: map[string]string{"application/json": `{}`}},
		{name: "any JSON passes the empty schema", body: `"x"`, valid: true,
			models: map[string]string{"application/json": `{}`}},
	})
}

func TestBodyContentType(t *testing.T) {
	strict := `{"type":"object","required":["a"]}`
	runBodyCases(t, []bodyCase{
		{name: "no Content-Type means application/json", body: `{}`},
		{name: "charset parameter ignored", contentType: []string{"application/json; charset=utf-8"}, body: `{}`},
		{name: "charset parameter ignored, valid", contentType: []string{"application/json;charset=UTF-8"},
			body: `{"name":"a"}`, valid: true},
		{name: "media type case-insensitive", contentType: []string{"Application/JSON"}, body: `{}`},
		{name: "empty Content-Type means application/json", contentType: []string{""}, body: `{}`},
		{name: "no model for the content type: not validated", contentType: []string{"text/plain"},
			body: `not json at all`, valid: true},
		{name: "model chosen by content type", contentType: []string{"application/vnd.pet+json"}, body: `{}`,
			models: map[string]string{"application/json": `{}`, "application/vnd.pet+json": strict}},
		{name: "model chosen by content type, other type", contentType: []string{"application/json"}, body: `{}`,
			valid: true, models: map[string]string{"application/json": `{}`, "application/vnd.pet+json": strict}},
		{name: "model key with parameters and capitals", contentType: []string{"application/xml"}, body: `{}`,
			models: map[string]string{"Application/XML; charset=utf-8": strict}},
		{name: "$default serves content types without a model", contentType: []string{"text/plain"},
			body: `{}`, models: map[string]string{"$default": strict}},
		{name: "$default, valid", contentType: []string{"text/plain"},
			body: `{"a":1}`, valid: true, models: map[string]string{"$default": strict}},
		{name: "the content type's own model beats $default", body: `{}`, valid: true,
			models: map[string]string{"$default": strict, "application/json": `{}`}},
		{name: "model for absent Content-Type is application/json's, not $default's", body: `{"a":1}`,
			models: map[string]string{"$default": strict, "application/json": `{"type":"array"}`}},
	})
}

func TestBodyNotValidated(t *testing.T) {
	v, err := Compile(Config{Models: map[string]string{"application/json": petModel}, Parameters: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate(request{body: "not json"}.build(t)); err != nil {
		t.Errorf("Validate without validateRequestBody = %v, want nil", err)
	}
	// Without validateRequestBody the models are not even compiled.
	if _, err := Compile(Config{Models: map[string]string{"application/json": `{`}, Parameters: true}); err != nil {
		t.Errorf("Compile of a broken model without validateRequestBody = %v", err)
	}
}

func TestBodyDepth(t *testing.T) {
	nested := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	models := map[string]string{"application/json": `{}`}
	runBodyCases(t, []bodyCase{
		{name: "1000 levels", models: models, body: nested(maxDepth), valid: true},
		{name: "1001 levels", models: models, body: nested(maxDepth + 1),
			why: "[the body nests arrays and objects more than 1000 levels deep]"},
		{name: "brackets in strings do not count", models: models, valid: true,
			body: `["` + strings.Repeat(`[{\"`, 2000) + `"]`},
		{name: "deep objects", models: models, body: strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000)},
	})
}
