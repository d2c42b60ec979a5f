// Package mapping is API Gateway's data mapping: the mapping templates that turn a method request
// into an integration request and an integration response into a method response, and the
// parameter-mapping expressions (method.request.header.x, integration.response.body.a,
// $request.querystring.q, ...) that copy single values between them.
//
// In a request's path it sits between the integration request and the integration response:
// the gateway compiles every template and expression of a deployment once (Compile, ParseExpr,
// ParseHTTPExpr), then per request renders the request template (Template.Render with a
// Request), calls the integration, renders the response template with the same Overrides, and
// evaluates expressions against a Source. The Velocity language itself is package mapping/vtl;
// this package adds the variables API Gateway defines:
//
//   - $input: body, json(path), path(path), params() and params(name). The body is parsed on the
//     first path or json call of a render, once; a template that never asks does not parse it.
//   - $util: escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode.
//   - $context, with identity, authorizer, error, requestOverride and responseOverride.
//   - $stageVariables.
//
// Templates run with API Gateway's limits (300 KB of source, 1000 iterations per #foreach, 10 MB
// of output) and its rule that null compares equal to "" (see below). A compiled Template is
// safe for concurrent use; each render takes its working state from a pool. Util returns $util
// for programs that render their own vtl templates.
//
// # null equals "" in == and !=
//
// Velocity 1.7 compares null unequal to every value but null; API Gateway compares it as the
// empty string. Two recordings against AWS show it (vtl.jsonl of internal/conformance, from
// LocalStack snapshots recorded on AWS): in vtl-ls-inputpath-empty-body (2025-06-18) a missing
// $input.path value is both == $null and == "", and in vtl-ls-kinesis-putrecords-foreach-range
// (2024-11-20) an undefined reference compared with an empty single-quoted string is not
// unequal:
//
//	#set($result = $input.path("$.nonExisting"))#if($result == "")true#end   => true
//	#if($foo.bar.stuff != '')yes#{else}no#end                               => no
//
// Both have null on the left and the empty string on the right; the rule applied here is the
// simplest that gives both, symmetric as == is: in == and != a null on either side (an
// undefined reference, a missing or JSON-null $input.path, a method that returns null)
// compares as the empty string. So an empty string == $null is true too, which no recording
// shows either way. Nothing else changes: #if($x) on null is false, null == 0 and
// null == false are false, and <, >, <= and >= need numbers (TestNullEqualsEmpty).
//
// # How values look
//
// $input.path and $util.parseJson read JSON as API Gateway does, with json-smart in permissive
// mode under Jayway JsonPath: objects become maps that print Java-style ({k=v, k2=v2}), arrays
// lists that print as compact JSON ([{"foo":"bar"}]), integers Integer, Long or BigInteger by
// size, decimals Double. Permissive mode accepts much that is not JSON: unquoted and single-quoted
// strings, trailing commas, text after the value; a body that is not JSON at all ("a=b") reads as
// one string, and one that starts like JSON but breaks off ({a) fails the render with a
// *PayloadError whose message is json-smart's, byte for byte the 400 body AWS returns.
//
// # Choices where AWS is ambiguous
//
// Where the recordings, the documentation and other emulators leave a behaviour open, this
// package chooses as follows; tests pin each choice.
//
//   - $util.escapeJavaScript is commons-lang's StringEscapeUtils.escapeJavaScript (the function
//     name, the Java runtime and the documented ' to \' all point there): besides ' " \ it escapes
//     / as \/, control characters as \b \f \n \r \t or \u00XX, and every character above U+007E
//     except DEL as \uXXXX (upper-case hex; astral characters as two escaped surrogates).
//     LocalStack's unit test that leaves ' alone loses to the AWS docs.
//   - $util.urlEncode and urlDecode are java.net.URLEncoder/URLDecoder with UTF-8 (recorded:
//     space becomes +). A malformed % escape is a render error (*UtilError) with Java's message.
//   - $util.base64Decode is java.util.Base64's basic decoder (padding optional, no line breaks or
//     URL-safe letters), read as UTF-8; invalid input is a render error with Java's message.
//   - $util functions take one String. A null argument gives null (recorded:
//     $util.urlEncode($input.body.missing) renders nothing); an argument of another kind finds no
//     method, as a Java String parameter would not accept it.
//   - $input.json of a definite path that matches nothing gives "" (two quote characters, as
//     LocalStack has it; no recording says otherwise); a JSON null gives null. A path with
//     wildcards, slices, filters or .. gives the JSON array of its matches, possibly [].
//   - An empty body reads as {} (recorded); a body of only spaces reads as the empty string.
//   - Body bytes that are not UTF-8 read as Java decodes them, one U+FFFD per maximal ill-formed
//     sequence. A lone surrogate from a \u escape becomes U+FFFD, as Go strings cannot hold one.
//   - Decimals longer than 18 characters are BigDecimal, exact, as json-smart keeps them
//     (0.1000000000000000000001 prints as written); shorter ones are Double. json-smart's
//     newest limits apply: 400 levels of nesting, 1000 characters per number.
//   - A JSONPath that starts with neither $ nor @ is taken from the root, as Jayway does. The
//     order of matches of a deep scan (..) is ojg's, which may differ from Jayway's.
//   - Bare $input and $util print {} (recorded in 2015); $input.params without parentheses is
//     unresolved and prints nothing.
//   - $input.params(name) looks in path, then query string, then headers (recorded order), and
//     matches a header name exactly and then regardless of case, since Go canonicalizes header
//     names. The query string and header values are the last of their kind.
//   - The maps API Gateway builds ($context and its identity, error and authorizer objects,
//     $stageVariables, $input.params()) iterate in java.util.HashMap order for their keys. For a
//     plain request's $context and identity this is the recorded order; for the others it is an
//     assumption. Fields without a value are null: the key is there and prints as nothing.
//   - $context.authorizer, its claims, identity, error and the override maps print as the empty
//     string (recorded for identity and the overrides); the docs' "$context.authorizer.claims
//     returns null" is read as "prints nothing". Authorizer values are strings: numbers keep
//     their JSON spelling, booleans become "true" or "false".
//   - $context.responseOverride.status counts when it holds an integer from 100 to 599, as an
//     Integer, a Long or a String; anything else is ignored. An override set to a list gives
//     several values.
//   - NewParams leaves out the request headers AWS was recorded not to show templates
//     (Connection, Content-Length, Content-MD5, Expect, Max-Forwards, Proxy-Authenticate, Server,
//     TE, Trailer, Transfer-Encoding, Upgrade, WWW-Authenticate).
//   - multivalueheader and multivaluequerystring expressions give their values as a list; the
//     caller joins them with commas where a single header is wanted. HTTP API header and query
//     expressions give the values joined with commas, as documented.
//   - In an HTTP API value with ${...} variables, a bare $ is literal text; a value that starts
//     with $ and has no braces is one variable.
package mapping
