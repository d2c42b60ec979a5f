// Package lambda holds API Gateway's integrations with Lambda functions, the integration stage
// of the request path for the methods whose backend is a function:
//
//   - Proxy: AWS_PROXY, the Lambda proxy integration. The function gets the whole request as an
//     API Gateway event (payload format 1.0, or 2.0 for HTTP APIs; see Proxy for its keys) and
//     its answer is the response.
//   - NonProxy: AWS, the Lambda custom (non-proxy) integration. Templates shape the function's
//     event and response, and the integration response is selected by a Java regular
//     expression on the function error's errorMessage. It is integration.NonProxy around the
//     function, so it maps, renders and selects as every non-proxy integration does.
//
// Functions run through an invoke.Invoker: in-process Go handlers (invoke.Local), the Lambda
// Invoke API, or a registry of both. Both integrations give the invoker a context that ends at
// the integration timeout and answer INTEGRATION_TIMEOUT (504) once it has passed; an invoker
// that honours its context (as invoke.Local does) returns then, and the function it could not
// stop goes on without the gateway waiting. An invocation that fails is answered as API
// Gateway answers it: a function that does not exist or may not be invoked is 500
// API_CONFIGURATION_ERROR, a throttled or failed invocation 500 INTEGRATION_FAILURE, an event
// Lambda refuses 400 or 413 (see Proxy's "Failures" for the whole list). An integration's Close
// closes its invoker when the invoker is an io.Closer.
//
// The package is named after what it integrates with; a program that also imports
// github.com/aws/aws-lambda-go/lambda imports one of the two under another name.
package lambda
