// Package response builds API Gateway's gateway responses: the one place in apigate's request
// path where a failure becomes what the client receives.
//
// Every stage of the path (limits, routing, authorizers, API keys, throttling, validation,
// integrations) reports a failure as an *apigate.Error. The gateway hands it to Set.Render,
// which picks the gateway response of the error's type, applies the API's customizations
// (compiled once per deployment by Compile) and returns the status, headers and body:
//
//	limits -> routing -> authorize -> API key -> throttle -> validate -> integrate
//	   any failure: *apigate.Error -> Set.Render -> status, headers, body -> client
//
// # Gateway responses
//
// Each of the 21 types (apigate.ResponseTypes()) has a built-in response: its default status, no
// extra headers and the template {"message":$context.error.messageString} for
// application/json, but for ACCESS_DENIED, whose built-in body has the key Message
// ({"Message":"User is not authorized to access this resource"}), as AWS answers the denials of
// Lambda authorizers, IAM and resource policies (recorded responses; the spec's section 0). A
// customized ACCESS_DENIED without templates gets the lower-case template (unconfirmed on
// AWS). Every response carries Content-Type and x-amzn-ErrorType (the type's
// ErrorType). A customized type (Custom, a PUT gatewayresponse) is used as given: its own
// status (or its default status when StatusCode is 0), its own parameters and its own
// templates. A type the API has not customized inherits the status, the parameters and the
// templates of a customized DEFAULT_4XX or DEFAULT_5XX, its Parent, as AWS was recorded to do.
//
// Templates are not VTL: they are text in which variables are replaced by their values, once,
// with no escaping:
//
//	$context.<name>          any $context variable, dotted: $context.requestId,
//	                         $context.identity.sourceIp, $context.authorizer.principalId, ...
//	$context.error.message               the message, raw (empty when it is null)
//	$context.error.messageString         the message as a JSON string ("Forbidden"), or null
//	$context.error.responseType          the type, such as THROTTLED
//	$context.error.validationErrorString the request validation's details, raw
//	$stageVariables.<name>   a stage variable
//	$method.request.<where>.<name>       a method request parameter, <where> being path,
//	                         querystring, header, multivaluequerystring or multivalueheader
//	                         (the multi-value ones joined with commas)
//	$input.params('<name>')  a method request parameter from the path, the query string or
//	                         the headers, in that order (also with double quotes)
//
// each also written in braces, ${context.requestId}. A reference under one of these roots
// (context, stageVariables, method, input) that names nothing known, or something without a
// value, is replaced by nothing: $context.nope, $method.request.body, $input.body. A $ that
// starts none of them ($5, $foo, $!x) is copied as it is, like all other text.
//
// # Choices where AWS's behaviour is not recorded
//
//   - Status: a status set on the type itself (Custom.StatusCode) wins; then the error's own
//     Status (apigate.Error.Status, such as 502 for a Lambda proxy failure, which is a
//     DEFAULT_5XX); then a status inherited from a customized DEFAULT_4XX or DEFAULT_5XX; then
//     the type's default status, 400 or 500 for the parents themselves. An error Status
//     outside 100-599 is ignored.
//   - The template is chosen by the first media type of the request's Accept header, compared
//     without parameters and regardless of case; then application/json; then the first
//     content type in lexical order. Wildcards in Accept match nothing. Content-Type is the
//     chosen template's content type.
//   - A customized response without templates gets the built-in template, as AWS fills it in
//     on a PUT (recorded); one whose chosen template is empty has an empty body.
//   - The template syntax AWS documents is "$context variables, $stageVariables and method
//     request parameters in the form method.request.param-position.param-name"; this package
//     reads the latter as $method.request.<where>.<name> and also accepts $input.params('x'),
//     which the documentation points to. Context and stage variable names are letters, digits
//     and underscores separated by dots; parameter names may also hold - and dots (a trailing
//     dot is text).
//   - $context.error.messageString escapes " \ and control characters as JSON does (\b \f \n \r
//     \t, other control characters as \u00XX) and nothing else.
//   - Customized headers are applied after Content-Type and x-amzn-ErrorType, in the order of
//     their keys, so they may replace either; names are canonicalized as net/http does. A
//     parameter without a value (a missing header, an unset stage variable, the message when
//     it is null) is left out; context.error.messageString gives null for a null message.
//   - Request values come from apigate.Request as the gateway filled it: Header (or the HTTP
//     request's headers when nil), Query (or the HTTP request's query string), PathParameters,
//     StageVariables and Context; a nil request has none of them.
//   - REQUEST_TOO_LARGE cannot be customized (the AWS documentation says so): Compile rejects
//     it with ErrNotCustomizable, and it does not inherit from DEFAULT_4XX either. Its body is
//     {"message": "Request Too Long"}, with a space, and its x-amzn-ErrorType
//     BadRequestException, as recorded from AWS for a Lambda event over Lambda's limit (a 2021
//     recording in github.com/koki-develop/lgtm-generator issue 10); a body over 10 MB gets the
//     same response, which no recording confirms.
//   - A rendered body is cut at mapping.MaxOutput (10 MB).
package response
