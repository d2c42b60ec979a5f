// Package gateway is where an API is defined and served: the top of apigate's request path and
// the only package that composes the others.
//
// A REST API is declared in Go as a tree of resources with methods; each method names its
// integration and its settings (required parameters, request models and validation, the API key
// flag, an authorizer):
//
//	api := gateway.NewRESTAPI("petstore")
//	pets := api.Resource("/pets")
//	pets.Method(http.MethodGet, integration.Mock(integration.Options{...}))
//	pets.Resource("{petId}").Method(http.MethodGet, integration.HTTP("GET", "http://backend/pets/{id}", ...))
//
// Deploy checks the definition as API Gateway does (with its error messages) and freezes it into
// an immutable *Deployment: routes, validators and gateway responses compiled once. A *Gateway
// serves deployments on stages (stage.Config: a name and variables) as an http.Handler,
// addressed as AWS addresses them (/{stage}/path) or with one stage at the root; Redeploy swaps
// a stage's deployment atomically, and requests in flight finish on the deployment they started
// with. NewServer gives the *http.Server to serve it with, its timeouts set.
//
// # The request path
//
// ServeHTTP does what every kind of API shares: it selects the stage, makes the request's ids
// (x-amzn-RequestId, x-amz-apigw-id) and the method request (*apigate.Request, with $context),
// hands the request to the pipeline of the deployment the stage serves, writes what the
// pipeline answers and recycles the request. A REST API's pipeline (restPipeline.run, in
// rest.go) runs the stages API Gateway runs, in its order:
//
//	stage selection -> limits (10 MB body, 10240 bytes of headers) -> routing
//	-> resource policy's explicit deny (ResourcePolicy) -> authorization (Authorizer)
//	-> resource policy combined with the authorizer -> API key (KeyStore)
//	-> throttling (Throttler) -> request validation -> integration (apigate.Integration)
//	-> method response
//
// Every failure along the way is an *apigate.Error, turned into the API's gateway response in
// one place. Every response carries x-amzn-RequestId (a UUID) and x-amz-apigw-id, and the
// Content-Length of the body the gateway writes.
//
// # Seams
//
//   - API kinds: a deployment holds the pipeline of its kind of API behind a small internal
//     interface (pipeline.go). HTTP APIs and WebSocket APIs add a pipeline of their own beside
//     the REST one, not branches through it.
//   - Stages: the stages of the request path are values a method or the gateway is given:
//     Authorizer (AuthorizeWith), ResourcePolicy (Policy), KeyStore (Keys), Throttler
//     (Throttle), apigate.Integration.
//     They depend on package apigate and the standard library, not on this package's insides.
//   - Observation: Observe sets an apigate.Trace whose hooks see each request at each stage,
//     and once it has been answered (Done: status, headers, body, latencies, error); access
//     logs, metrics and tracing are built on it. OnError is a shorthand for a Done hook.
//   - Lifecycle: Close refuses new requests, waits for those in flight and closes every part
//     that implements io.Closer, once each.
//   - Introspection: Walk, on a RESTAPI or a Deployment, hands out each method's definition
//     (Method: its resource, integration, authorizer, parameters, models, validation, method
//     responses), for an OpenAPI export or a dashboard.
//   - Requests are pooled: a stage keeps nothing of the *apigate.Request it is given past its
//     call (see "What a stage may keep" on apigate.Request); package apigatetest builds
//     requests for a stage's tests.
//
// # Choices where AWS's behaviour is not recorded
//
//   - A request for a stage that does not exist gets 403 {"message":"Forbidden"} with
//     x-amzn-ErrorType ForbiddenException, without the API's gateway response customizations.
//   - Request headers larger than 10240 bytes in all (names, values and the request line) are
//     REQUEST_TOO_LARGE, like a body over 10 MB.
//   - X-HTTP-Method-Override replaces the method for routing and for everything after it; its
//     value is used as sent (methods are case-sensitive).
//   - Dot segments: a path sent with "." or ".." segments as they are (curl --path-as-is) is
//     resolved before the stage is selected, as RFC 3986 (5.2.4) resolves a reference:
//     /prod/pets/.. is /prod/, and /prod/proxy/../../etc/passwd is /etc/passwd, which addresses
//     no stage, so no request reaches a backend path outside its integration's URI prefix. This
//     is the path every common client (browsers, curl, Python's requests) sends for such a URL,
//     so it is what AWS sees from them; AWS's answer to the raw form is not recorded. Segments
//     "..;x" and ".;x" count as dot segments too (Java servers strip ";x" and resolve them);
//     encoded dots (%2e%2e) are not dot segments and reach the integration encoded, as on AWS.
//     $context.path is the resolved path.
//   - Leading slashes before the stage are collapsed: //prod/pets is /prod/pets, $context.path
//     included (recorded on AWS in 2024 for a Lambda proxy integration). After the stage,
//     doubled slashes keep routing's rules (package router).
//   - The bytes of request bodies held at once are bounded (MaxBodyBytesInFlight, 256 MiB by
//     default); a body over the bound is answered 429 THROTTLED, API Gateway's answer to
//     exceeding its account and stage limits.
//   - After Close, requests get 503 {"message":"Service Unavailable"} with x-amzn-ErrorType
//     ServiceUnavailableException and Connection: close.
//   - A request whose context ends before it has a response (the client went away or
//     half-closed its connection, which net/http does not tell apart) is not answered: the
//     response is aborted (http.ErrAbortHandler), and the trace's Done hook and OnError get an
//     error matching the context's (context.Canceled), not a gateway response type.
//   - Content-Length and Transfer-Encoding are the gateway's: an integration's, a mapping's or
//     a middleware's, in any spelling, are replaced by the length of the body written (for
//     HEAD, of the body GET would get).
//   - A response without a Content-Type is sent with API Gateway's default, application/json
//     (rest-api spec: a Lambda proxy answer without headers comes back as application/json),
//     never with one net/http guesses from the body; a Content-Type in another spelling
//     (content-type) is sent as the response has it, alone.
package gateway
