package validate

import (
	"errors"
	"strings"
	"testing"
)

func json1(schema string) map[string]string { return map[string]string{"application/json": schema} }

func TestModelReferences(t *testing.T) {
	definitions := json1(`{
	  "type": "object",
	  "properties": {
	    "owner": {"$ref": "#/definitions/Person"},
	    "odd": {"$ref": "#/definitions/a~1b%20c"}
	  },
	  "definitions": {
	    "Person": {"type": "object", "required": ["name"], "properties": {"name": {"$ref": "#/definitions/Name"}}},
	    "Name": {"type": "string", "maxLength": 3},
	    "a/b c": {"type": "integer"}
	  }
	}`)
	tree := json1(`{
	  "definitions": {"node": {"type": "object", "required": ["v"], "properties": {
	    "v": {"type": "integer"}, "kids": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}},
	  "$ref": "#/definitions/node"
	}`)
	shared := map[string]string{
		"Pet":     `{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"owner":{"$ref":"#/definitions/Owner"}},"definitions":{"Owner":{"type":"string"}}}`,
		"PetList": `{"type":"array","items":{"$ref":"https://apigateway.amazonaws.com/restapis/other/models/Pet"}}`,
	}
	byURL := json1(`{"type":"object","properties":{
	  "pet": {"$ref": "https://apigateway.amazonaws.com/restapis/a1b2c3/models/Pet"},
	  "pets": {"$ref": "https://apigateway.amazonaws.com/restapis/x/models/PetList"},
	  "owner": {"$ref": "https://apigateway.amazonaws.com/restapis/x/models/Pet#/definitions/Owner"},
	  "empty": {"$ref": "https://apigateway.amazonaws.com/restapis/x/models/Empty"},
	  "error": {"$ref": "https://apigateway.amazonaws.com/restapis/x/models/Error"}
	}}`)
	runBodyCases(t, []bodyCase{
		{name: "#/definitions ref", models: definitions, body: `{"owner":{"name":"Bob"},"odd":1}`, valid: true},
		{name: "#/definitions ref, invalid", models: definitions, body: `{"owner":{}}`,
			why: `[Error at "/owner/name": property "name" is missing]`},
		{name: "ref inside a definition", models: definitions, body: `{"owner":{"name":"Robert"}}`,
			why: `[Error at "/owner/name": maximum string length is 3]`},
		{name: "escaped and percent-encoded pointer", models: definitions, body: `{"odd":"x"}`,
			why: `[Error at "/odd": value must be an integer]`},
		{name: "recursive model", models: tree, body: `{"v":1,"kids":[{"v":2,"kids":[{"v":3}]}]}`, valid: true},
		{name: "recursive model, invalid deep down", models: tree, body: `{"v":1,"kids":[{"v":2,"kids":[{}]}]}`,
			why: `[Error at "/kids/0/kids/0/v": property "v" is missing]`},
		{name: "shared models by URL", models: byURL, shared: shared, valid: true,
			body: `{"pet":{"name":"Rex","owner":"Bob"},"pets":[{"name":"Tom"}],"owner":"Al","empty":{},"error":{"message":"m"}}`},
		{name: "shared model", models: byURL, shared: shared, body: `{"pet":{}}`,
			why: `[Error at "/pet/name": property "name" is missing]`},
		{name: "shared model's own #/definitions", models: byURL, shared: shared, body: `{"pet":{"name":"a","owner":1}}`},
		{name: "shared model referring to another", models: byURL, shared: shared, body: `{"pets":[{"name":1}]}`},
		{name: "fragment into a shared model", models: byURL, shared: shared, body: `{"owner":1}`},
		{name: "built-in Empty", models: byURL, shared: shared, body: `{"empty":[]}`},
		{name: "built-in Error", models: byURL, shared: shared, body: `{"error":{"message":1}}`},
		{name: "an API's own Empty replaces the built-in", models: byURL, body: `{"empty":[]}`, valid: true,
			shared: map[string]string{"Empty": `{}`, "Pet": shared["Pet"], "PetList": shared["PetList"]}},
		{name: "keywords beside $ref are ignored", body: `{"a":"long"}`, valid: true,
			models: json1(`{"properties":{"a":{"$ref":"#/definitions/s","maxLength":1}},"definitions":{"s":{"type":"string"}}}`)},
		{name: "reference to the root", body: `{"next":{"next":{"next":1}}}`,
			models: json1(`{"type":"object","properties":{"next":{"$ref":"#"}}}`)},
	})
}

func TestModelCombinators(t *testing.T) {
	oneOf := json1(`{"type":"object","properties":{"id":{"oneOf":[{"type":"string"},{"type":"integer"},{"type":"number","minimum":100}]}}}`)
	runBodyCases(t, []bodyCase{
		{name: "oneOf: one matches", models: oneOf, body: `{"id":"x"}`, valid: true},
		{name: "oneOf: one matches (number)", models: oneOf, body: `{"id":1.5}`},
		{name: "oneOf: none matches", models: oneOf, body: `{"id":true}`},
		{name: "oneOf: two match", models: oneOf, body: `{"id":150}`},
		{name: "oneOf: exactly one of two shapes", body: `{"cat":{}}`, valid: true,
			models: json1(`{"oneOf":[{"required":["cat"]},{"required":["dog"]}]}`)},
		{name: "oneOf: both shapes", body: `{"cat":{},"dog":{}}`,
			models: json1(`{"oneOf":[{"required":["cat"]},{"required":["dog"]}]}`)},
		{name: "anyOf", body: `{"dog":{}}`, valid: true,
			models: json1(`{"anyOf":[{"required":["cat"]},{"required":["dog"]}]}`)},
		{name: "anyOf: none", body: `{}`, models: json1(`{"anyOf":[{"required":["cat"]},{"required":["dog"]}]}`)},
		{name: "allOf", body: `{"a":1}`, models: json1(`{"allOf":[{"required":["a"]},{"required":["b"]}]}`)},
		{name: "not", body: `{"a":1}`, models: json1(`{"not":{"required":["a"]}}`)},
		{name: "not, valid", body: `{"b":1}`, valid: true, models: json1(`{"not":{"required":["a"]}}`)},
	})
}

// Draft 4's null: "type" must allow it, and it must pass enum and the combinators; a schema
// without "type" allows it.
func TestModelNull(t *testing.T) {
	model := json1(`{"type":"object","properties":{
	  "any": {},
	  "untyped": {"minLength": 2},
	  "str": {"type": "string"},
	  "strOrNull": {"type": ["string", "null"]},
	  "enum": {"enum": ["a", "b"]},
	  "enumNull": {"enum": ["a", null]},
	  "typedEnumNull": {"type": "string", "enum": ["a", null]},
	  "nullEnum": {"type": ["string", "null"], "enum": ["a"]},
	  "oneOf": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
	  "oneOfNull": {"oneOf": [{"type": "string"}, {"type": "null"}]},
	  "typedAnyOf": {"type": "object", "anyOf": [{"required": ["a"]}, {"required": ["b"]}]},
	  "nullableAnyOf": {"type": ["object", "null"], "anyOf": [{"type": "object", "required": ["a"]}, {"type": "string"}]},
	  "nullableAnyOfPasses": {"type": ["object", "null"], "anyOf": [{"required": ["a"]}, {"type": "string"}]},
	  "not": {"not": {"type": "null"}},
	  "onlyNull": {"type": "null"}
	}}`)
	tests := map[string]bool{ // property -> null valid
		"any": true, "untyped": true, "str": false, "strOrNull": true, "enum": false, "enumNull": true,
		"typedEnumNull": false, "nullEnum": false, "oneOf": false, "oneOfNull": true, "typedAnyOf": false,
		"nullableAnyOf": false, "nullableAnyOfPasses": true, "not": false, "onlyNull": true,
	}
	var cases []bodyCase
	for prop, valid := range tests {
		cases = append(cases, bodyCase{name: prop, models: model, body: `{"` + prop + `":null}`, valid: valid})
	}
	cases = append(cases,
		bodyCase{name: "onlyNull rejects a string", models: model, body: `{"onlyNull":"x"}`},
		bodyCase{name: "untyped applies to strings", models: model, body: `{"untyped":"x"}`},
		bodyCase{name: "untyped ignores numbers", models: model, body: `{"untyped":1}`, valid: true},
		bodyCase{name: "null where an object is wanted, nested", models: json1(`{"properties":{"a":{"type":"object"}}}`),
			body: `{"a":null}`, why: `[Error at "/a": value must be an object]`},
		bodyCase{name: "null where one of two types is wanted", models: json1(`{"properties":{"a":{"type":["object","string"]}}}`),
			body: `{"a":null}`, why: `[Error at "/a": value must be one of object, string]`},
	)
	runBodyCases(t, cases)
}

func TestModelKeywords(t *testing.T) {
	runBodyCases(t, []bodyCase{
		{name: "additionalProperties false", body: `{"a":1,"b":2}`,
			models: json1(`{"properties":{"a":{}},"additionalProperties":false}`),
			why:    `[property "b" is unsupported]`},
		{name: "additionalProperties schema", body: `{"a":1,"b":2}`,
			models: json1(`{"properties":{"a":{}},"additionalProperties":{"type":"string"}}`)},
		{name: "additionalProperties schema, valid", body: `{"a":1,"b":"x"}`, valid: true,
			models: json1(`{"properties":{"a":{}},"additionalProperties":{"type":"string"}}`)},
		{name: "property dependency", body: `{"card":1}`,
			models: json1(`{"dependencies":{"card":["billing"]}}`)},
		{name: "property dependency met", body: `{"card":1,"billing":2}`, valid: true,
			models: json1(`{"dependencies":{"card":["billing"]}}`)},
		{name: "property dependency not triggered", body: `{"billing":2}`, valid: true,
			models: json1(`{"dependencies":{"card":["billing"]}}`)},
		{name: "schema dependency", body: `{"card":1,"billing":2}`,
			models: json1(`{"dependencies":{"card":{"properties":{"billing":{"type":"string"}}}}}`)},
		{name: "schema dependency met", body: `{"card":1,"billing":"x"}`, valid: true,
			models: json1(`{"dependencies":{"card":{"properties":{"billing":{"type":"string"}}}}}`)},
		{name: "dependencies ignore non-objects", body: `"x"`, valid: true,
			models: json1(`{"dependencies":{"card":["billing"]}}`)},
		{name: "dependencies ignore null", body: `null`, valid: true,
			models: json1(`{"dependencies":{"card":["billing"]}}`)},
		{name: "enum", body: `"c"`, models: json1(`{"enum":["a","b"]}`)},
		{name: "enum of objects", body: `{"a":1}`, valid: true, models: json1(`{"enum":[{"a":1.0}]}`)},
		{name: "type list", body: `[1, "a", true]`, valid: true,
			models: json1(`{"items":{"type":["integer","string","boolean"]}}`)},
		{name: "type list, invalid", body: `[{}]`, models: json1(`{"items":{"type":["integer","string"]}}`)},
		{name: "number accepts integers", body: `3`, valid: true, models: json1(`{"type":"number"}`)},
		{name: "multipleOf", body: `0.3`, valid: true, models: json1(`{"multipleOf":0.1}`)},
		{name: "multipleOf, invalid", body: `7`, models: json1(`{"multipleOf":2}`)},
		{name: "minimum inclusive", body: `5`, valid: true, models: json1(`{"minimum":5}`)},
		{name: "exclusiveMinimum false", body: `5`, valid: true, models: json1(`{"minimum":5,"exclusiveMinimum":false}`)},
		{name: "uniqueItems", body: `[1,2,1]`, models: json1(`{"uniqueItems":true}`)},
		{name: "minItems", body: `[]`, models: json1(`{"minItems":1}`)},
		{name: "maxItems", body: `[1,2]`, models: json1(`{"maxItems":1}`)},
		{name: "minProperties", body: `{}`, models: json1(`{"minProperties":1}`)},
		{name: "maxProperties", body: `{"a":1,"b":2}`, models: json1(`{"maxProperties":1}`)},
		{name: "maxLength counts characters, not bytes", body: `"héé"`, valid: true, models: json1(`{"maxLength":3}`)},
		{name: "pattern is searched, not anchored", body: `"xx42yy"`, valid: true, models: json1(`{"pattern":"\\d+"}`)},
		{name: "ECMA 262 lookahead", body: `"abc1"`, valid: true,
			models: json1(`{"pattern":"^(?=.*[0-9])(?=.*[a-z])[a-z0-9]{4,}$"}`)},
		{name: "ECMA 262 lookahead, invalid", body: `"abcd"`,
			models: json1(`{"pattern":"^(?=.*[0-9])(?=.*[a-z])[a-z0-9]{4,}$"}`)},
		{name: "format is not validated", body: `{"when":"not a date","mail":"x"}`, valid: true,
			models: json1(`{"properties":{"when":{"type":"string","format":"date-time"},"mail":{"format":"email"}}}`)},
		{name: "integer formats are not validated", body: `4294967296`, valid: true,
			models: json1(`{"type":"integer","format":"int32"}`)},
		{name: "unknown keywords are ignored", body: `1`, valid: true,
			models: json1(`{"id":"http://x/y#","x-amazon":1,"title":"t","description":"d","default":"x","readOnly":true}`)},
		{name: "empty tuple constrains nothing", body: `[1,"a"]`, valid: true, models: json1(`{"items":[]}`)},
		{name: "empty patternProperties", body: `{"a":1}`, valid: true, models: json1(`{"patternProperties":{}}`)},
	})
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name   string
		models map[string]string
		shared map[string]string
		want   string // a part of the message
	}{
		{"invalid JSON", json1(`{"type":`), nil, `validate: model for "application/json": invalid JSON: `},
		{"invalid shared JSON", json1(`{"$ref":"https://apigateway.amazonaws.com/restapis/x/models/Pet"}`),
			map[string]string{"Pet": `{`}, `model "Pet": invalid JSON`},
		{"unknown shared model", json1(`{"$ref":"https://apigateway.amazonaws.com/restapis/x/models/Dog"}`), nil,
			`model for "application/json" at #: $ref "https://apigateway.amazonaws.com/restapis/x/models/Dog": the API has no model "Dog"`},
		{"reference outside the API", json1(`{"$ref":"http://json-schema.org/draft-04/schema#"}`), nil,
			`$ref "http://json-schema.org/draft-04/schema#": a reference is #/...`},
		{"reference to nothing", json1(`{"properties":{"a":{"$ref":"#/definitions/A"}}}`), nil,
			`model for "application/json": no schema at #/definitions/A`},
		{"fragment not a pointer", json1(`{"$ref":"#A"}`), nil, `the fragment is not a JSON pointer`},
		{"reference cycle", json1(`{"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}},"$ref":"#/definitions/a"}`),
			nil, `refers back to itself`},
		{"$ref not a string", json1(`{"$ref":1}`), nil, `$ref must be a string`},
		{"schema not an object", json1(`{"properties":{"a":true}}`), nil,
			`model for "application/json" at #/properties/a: a schema must be a JSON object`},
		{"broken shared model names it", json1(`{"$ref":"https://apigateway.amazonaws.com/restapis/x/models/Pet"}`),
			map[string]string{"Pet": `{"properties":{"a":{"minLength":-1}}}`},
			`model "Pet" at #/properties/a: minLength must be a non-negative integer`},
		{"unused definition is checked", json1(`{"definitions":{"x":{"type":"any"}}}`), nil,
			`at #/definitions/x: type has an unknown type any`},
		{"type twice", json1(`{"type":["string","string"]}`), nil, `type lists "string" twice`},
		{"type not a string", json1(`{"type":5}`), nil, `type must be a type name`},
		{"empty enum", json1(`{"enum":[]}`), nil, `enum must be a non-empty array`},
		{"required not an array", json1(`{"required":"a"}`), nil, `required must be an array of strings`},
		{"properties not an object", json1(`{"properties":[]}`), nil, `properties must be an object`},
		{"bad pattern", json1(`{"pattern":"("}`), nil, `pattern invalid ECMA 262 regular expression "("`},
		{"multipleOf 0", json1(`{"multipleOf":0}`), nil, `multipleOf must be greater than 0`},
		{"minimum not a number", json1(`{"minimum":"1"}`), nil, `minimum must be a number`},
		{"exclusiveMinimum not a boolean", json1(`{"minimum":1,"exclusiveMinimum":1}`), nil, `exclusiveMinimum must be a boolean`},
		{"fractional maxItems", json1(`{"maxItems":1.5}`), nil, `maxItems must be a non-negative integer`},
		{"empty allOf", json1(`{"allOf":[]}`), nil, `allOf must be a non-empty array of schemas`},
		{"additionalProperties", json1(`{"additionalProperties":1}`), nil, `additionalProperties must be a boolean or a schema`},
		{"dependency", json1(`{"dependencies":{"a":1}}`), nil, `dependencies/a must be an array of property names or a schema`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(Config{Models: tt.models, Shared: tt.shared, Body: true})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Compile = %v, want an error containing %q", err, tt.want)
			}
			if errors.Is(err, ErrUnsupported) {
				t.Errorf("Compile = %v, which is not about an unsupported keyword", err)
			}
		})
	}
}

func TestCompileUnsupported(t *testing.T) {
	for _, model := range []string{
		`{"patternProperties":{"^x-":{"type":"string"}}}`,
		`{"properties":{"a":{"items":[{"type":"string"}]}}}`,
		`{"items":[],"additionalItems":false}`,
	} {
		_, err := Compile(Config{Models: json1(model), Body: true})
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("Compile(%s) = %v, want ErrUnsupported", model, err)
		}
	}
}

func TestCompileSameMediaTypeTwice(t *testing.T) {
	_, err := Compile(Config{Body: true, Models: map[string]string{"application/json": `{}`, "Application/JSON": `{}`}})
	if err == nil || !strings.Contains(err.Error(), "are for the same media type") {
		t.Fatalf("Compile = %v, want an error about the same media type", err)
	}
}
