// Package validate is the gateway's request validation stage: API Gateway's request validators
// (validateRequestParameters and validateRequestBody) for the REST API method a request was
// routed to. In a request's path it runs after authorization, the API key check and throttling,
// and before the stage cache and the integration request; a request it rejects never reaches the
// integration.
//
// Compile takes a method's validation settings (Config: its required parameters, its request
// models and the API's shared models) and compiles them once, when a deployment is made; the
// returned Validator is immutable and safe for concurrent use. Per request, Validate checks the
// parameters first and then the body, and reports only the first category that fails, as AWS
// does:
//
//   - A required parameter (method.request.header.x, method.request.querystring.q,
//     method.request.path.p) is missing when it is absent or empty. The failure is a
//     BAD_REQUEST_PARAMETERS *apigate.Error whose message lists every missing name, sorted by
//     the full parameter key: "Missing required request parameters: [x-header-param, issuer,
//     qs1]". Header names match case-insensitively, query string names case-sensitively.
//   - The body is checked against the model of its Content-Type (parameters such as charset
//     ignored; no Content-Type means application/json; a model for "$default" serves the content
//     types without one of their own). With no model for the content type the body is not
//     validated. An empty body is validated as {}; a body that is not JSON fails. The failure is
//     a BAD_REQUEST_BODY *apigate.Error with the message "Invalid request body" and a
//     ValidationErrorString describing the first violation.
//
// # Models
//
// Models are JSON Schema draft 4 documents. They are translated to github.com/getkin/kin-openapi
// schemas at compile time, where kin-openapi's OpenAPI 3.0 validator does the checking; the
// translation supplies what draft 4 has and OpenAPI 3.0 lacks:
//
//   - "$ref" to "#/definitions/X" (or any JSON pointer into the same document) and to another
//     model of the API as "https://apigateway.amazonaws.com/restapis/{apiId}/models/{Name}"
//     (any apiId, optionally with a "#/..." fragment). Recursive models work. The built-in
//     models Empty (an object) and Error (an object with a string "message") are always
//     available unless the API defines its own.
//   - draft 4's null: a schema without "type" accepts null, "type" may list "null", and null
//     must still satisfy "enum", "not", "allOf", "anyOf" and "oneOf".
//   - boolean exclusiveMinimum and exclusiveMaximum, type lists, and "dependencies" (both the
//     property and the schema form).
//   - "pattern" is an ECMA 262 regular expression, as draft 4 says (lookaheads work); a match
//     that runs longer than a second counts as a mismatch.
//
// "$schema", "id", "title", "description", "default" and unknown keywords are ignored.
// "patternProperties" and the array form of "items" cannot be expressed for kin-openapi's
// validator; a model that uses them fails to compile with ErrUnsupported rather than be
// validated differently from AWS.
//
// Per request the body is parsed once with encoding/json and validated once with kin-openapi's
// fail-fast mode; the detailed, slower run that describes the violation happens only for a body
// that fails. A body nested deeper than 1000 levels fails without being parsed (the gateway has
// already limited it to 10 MB).
//
// # Choices where AWS is unconfirmed
//
//   - A parameter sent several times is judged by its last value (the one API Gateway shows in
//     single-value views), so "?q=a&q=" misses q. Header values are trimmed of spaces and tabs
//     before the emptiness check; query string and path values are not.
//   - method.request.multivalueheader.x and method.request.multivaluequerystring.x count as the
//     header and the query string parameter x, listed by their own keys.
//   - "format" is not validated (date-time, email, ... pass whatever they hold): the AWS
//     documentation lists no format support and no recording shows one enforced.
//   - Content types are compared case-insensitively.
//   - ValidationErrorString is kin-openapi's description of the first violation, in brackets
//     like AWS's list of messages but not in AWS's words: for a missing property it is
//     `[Error at "/name": property "name" is missing]`, which AWS's validator words as
//     `object has missing required properties (["name"])`.
//   - A decimal with a zero fraction (1.0) is an integer here; draft 4 validators that keep the
//     number's text may say otherwise.
package validate
