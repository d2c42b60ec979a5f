package validate

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/apigate/apigate"
)

// maxDepth is how deeply a body's arrays and objects may nest. It is Jackson's default
// (StreamReadConstraints.maxNestingDepth), the parser in front of AWS's validator (unconfirmed).
const maxDepth = 1000

// validateBody returns a BAD_REQUEST_BODY error if the request's body fails the model of its
// content type, or nil (also when there is no model for the content type).
func (v *Validator) validateBody(r *apigate.Request) error {
	model := v.models[mediaType(firstHeader(r, "Content-Type"))]
	if model == nil {
		if model = v.models[defaultModel]; model == nil {
			return nil
		}
	}
	var value any
	if len(r.Body) == 0 {
		value = map[string]any{}
	} else {
		if tooDeep(r.Body) {
			return invalidBody(fmt.Sprintf("the body nests arrays and objects more than %d levels deep", maxDepth), nil)
		}
		if err := json.Unmarshal(r.Body, &value); err != nil {
			return invalidBody("cannot parse the body as JSON: "+err.Error(), fmt.Errorf("parse body: %w", err))
		}
	}
	if model.VisitJSON(value, v.fast...) == nil {
		return nil
	}
	// Only a failing body pays for the description of its failure.
	err := model.VisitJSON(value, v.detailed...)
	if err == nil {
		// Not expected: both runs apply the same schema to the same value.
		return invalidBody("the body does not match its model", nil)
	}
	return invalidBody(err.Error(), err)
}

// invalidBody returns the BAD_REQUEST_BODY error for a violation described by why.
func invalidBody(why string, cause error) *apigate.Error {
	return &apigate.Error{
		Type:                  apigate.BadRequestBody,
		Message:               "Invalid request body",
		ValidationErrorString: "[" + why + "]",
		Err:                   cause,
	}
}

// describeNull words kin-openapi's error for a null where the schema wants another type, which
// speaks of OpenAPI's "nullable", in draft 4's terms; it leaves other errors to kin-openapi.
func describeNull(err *openapi3.SchemaError) string {
	if err.SchemaField != "nullable" || err.Schema == nil || err.Schema.Type == nil {
		return ""
	}
	var b strings.Builder
	if path := err.JSONPointer(); len(path) > 0 {
		b.WriteString(`Error at "/`)
		b.WriteString(strings.Join(path, "/"))
		b.WriteString(`": `)
	}
	switch types := *err.Schema.Type; {
	case len(types) == 0:
		return "" // not reached: such a schema is null-only and accepts null
	case len(types) == len(nonNullTypes):
		b.WriteString("value must not be null")
	case len(types) == 1:
		article := "a"
		if types[0] == "array" || types[0] == "object" || types[0] == "integer" {
			article = "an"
		}
		fmt.Fprintf(&b, "value must be %s %s", article, types[0])
	default:
		fmt.Fprintf(&b, "value must be one of %s", strings.Join(types, ", "))
	}
	return b.String()
}

// firstHeader returns the first value of a request header, found case-insensitively.
func firstHeader(r *apigate.Request, name string) string {
	if values := headerValues(r.Header, name, name); len(values) > 0 {
		return values[0]
	}
	return ""
}

// tooDeep reports whether a JSON text nests arrays and objects more than maxDepth levels deep,
// without parsing it. Brackets inside strings do not count.
func tooDeep(b []byte) bool {
	if len(b) <= maxDepth {
		return false // too short to hold maxDepth+1 opening brackets
	}
	depth := 0
	inString := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inString {
			switch c {
			case '\\':
				i++ // skip the escaped character, which may be a quote
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			if depth++; depth > maxDepth {
				return true
			}
		case ']', '}':
			depth--
		}
	}
	return false
}
