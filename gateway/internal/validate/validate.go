package validate

import (
	"errors"
	"fmt"
	"github.com/apigate/apigate/internal/media"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/apigate/apigate"
)

// Config is a method's validation settings.
type Config struct {
	// Required lists the method's required request parameters by full key:
	// "method.request.header.x-trace", "method.request.querystring.q", "method.request.path.id".
	Required []string
	// Models maps a Content-Type (such as "application/json", or "$default" for every content
	// type without a model of its own) to a JSON Schema draft 4 document: the method's
	// requestModels. "$ref" may point at "#/definitions/X" inside the document or at models of
	// the API passed in Shared.
	Models map[string]string
	// Shared are the API's named models, referenced as
	// "https://apigateway.amazonaws.com/restapis/{apiId}/models/{Name}" (any apiId). The
	// built-in models Empty and Error are there unless Shared defines them.
	Shared map[string]string
	// Parameters and Body say what the validator checks (validateRequestParameters,
	// validateRequestBody). Models are compiled only when Body is set.
	Parameters, Body bool
}

// ErrUnsupported is wrapped by the error Compile returns for a model that uses a JSON Schema
// keyword this package cannot validate as AWS does (patternProperties, items as an array).
var ErrUnsupported = errors.New("unsupported JSON Schema keyword")

// defaultModel is the requestModels key of the model for content types without their own.
const defaultModel = "$default"

// Validator checks requests against one method's validation settings. It is immutable and safe
// for concurrent use.
type Validator struct {
	params      []param                     // required parameters, sorted by full key
	checkParams bool                        // validateRequestParameters
	models      map[string]*openapi3.Schema // lower-case media type (or "$default") -> model
	fast        []openapi3.SchemaValidationOption
	detailed    []openapi3.SchemaValidationOption
}

// Compile compiles the settings once: it parses the required parameter keys and translates the
// models (and the shared models they reference) into kin-openapi schemas. Errors name the
// parameter key or the model that fails to compile.
func Compile(cfg Config) (*Validator, error) {
	params, err := compileParams(cfg.Required)
	if err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	v := &Validator{params: params, checkParams: cfg.Parameters && len(params) > 0}
	if !cfg.Body || len(cfg.Models) == 0 {
		return v, nil
	}
	c := newConverter(cfg.Shared)
	v.models = make(map[string]*openapi3.Schema, len(cfg.Models))
	seen := make(map[string]string, len(cfg.Models)) // media type -> content type as given
	for contentType, source := range cfg.Models {
		key := mediaType(contentType)
		if other, ok := seen[key]; ok {
			return nil, fmt.Errorf("validate: the models for %q and %q are for the same media type", other, contentType)
		}
		seen[key] = contentType
		s, err := c.model(contentType, source)
		if err != nil {
			return nil, fmt.Errorf("validate: %w", err)
		}
		v.models[key] = s
	}
	matcher := openapi3.SetSchemaRegexCompiler(c.patterns.compile)
	v.fast = []openapi3.SchemaValidationOption{openapi3.FailFast(), matcher}
	v.detailed = []openapi3.SchemaValidationOption{
		openapi3.DisableSchemaErrorDetails(), openapi3.SetSchemaErrorMessageCustomizer(describeNull), matcher,
	}
	return v, nil
}

// Validate checks a request: parameters first, then the body; only the first failing category
// is reported. It returns nil or an *apigate.Error of type BAD_REQUEST_PARAMETERS (message
// "Missing required request parameters: [a, b]") or BAD_REQUEST_BODY (message "Invalid request
// body", ValidationErrorString describing the violation).
func (v *Validator) Validate(r *apigate.Request) error {
	if v.checkParams {
		if err := v.validateParams(r); err != nil {
			return err
		}
	}
	if len(v.models) > 0 {
		return v.validateBody(r)
	}
	return nil
}

// mediaType returns the media type of a Content-Type value, without its parameters, in lower
// case; an absent or empty value is application/json.
func mediaType(contentType string) string {
	if mt := media.Type(contentType); mt != "" {
		return mt
	}
	return "application/json"
}
