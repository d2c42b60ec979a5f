// Package apigate brings Amazon API Gateway's model in-process: a Go program declares REST APIs
// (resources, methods, integrations, mapping templates, validation, gateway responses, stages)
// and serves them as an http.Handler, with the behaviour of API Gateway down to the bytes of its
// error bodies and the output of its mapping templates.
//
// This package is the vocabulary every stage of the request path shares, and a leaf: it
// imports nothing from the module and nothing but the standard library.
//
//   - Request: the method request, as every stage after routing sees it (pooled: see "What a
//     stage may keep"), with Context, the data behind $context (Identity, Authorizer,
//     ClientCert, ContextError).
//   - Integration (and IntegrationFunc): the integration stage; Response, what it answers.
//   - Error and ResponseType: the typed failure any stage returns and the 21 gateway response
//     types the gateway turns it into.
//   - Trace: hooks that observe a request on its way (access logs, metrics, tracing).
//   - Validator and MethodResponder: what the gateway checks when it deploys an API.
//
// # The layout
//
// The module is laid out along the request path; each package owns one stage and knows nothing
// of the packages above it:
//
//   - gateway: REST API definitions, deployments and stages, served as an http.Handler; the
//     only package that composes the others. Its Authorizer, KeyStore and Throttler are the
//     slots authorization, API keys and throttling plug into.
//   - stage: a stage's configuration as data (stage.Config).
//   - auth: what every authorizer shares (Middleware puts one in front of any mux);
//     auth/lambdaauth (Lambda TOKEN and REQUEST authorizers with their result cache),
//     auth/jwt (Cognito user pools and JWT, with golang-jwt), auth/sigv4 (IAM by SigV4
//     signature), auth/apikey (the API key store) and auth/policy (IAM policy evaluation).
//   - integration: MOCK, HTTP, HTTP_PROXY and in-process http.Handler integrations, and the
//     non-proxy engine every non-proxy integration shares; integration/lambda (Lambda proxy
//     and non-proxy) and integration/awsservice (AWS service integrations) are packages of
//     their own, so that a program pays for aws-lambda-go and the AWS SDK only when it imports
//     them. integration/invoke runs Lambda functions in-process; integration/invoke/lambdaapi
//     through the Lambda Invoke API.
//   - mapping: API Gateway's mapping templates and parameter mappings: $input, $util,
//     $context and $stageVariables over mapping/vtl, a Velocity engine exact to Apache
//     Velocity 1.7.
//   - apigatetest: method requests for the tests of authorizers, key stores, throttlers and
//     integrations, as net/http/httptest builds requests.
//
// The rule that keeps it so: authorizers, key stores, throttlers, caches and observers depend
// on this package and the standard library, plus the one library their own job needs (a JWT
// library, a Redis client); nothing below gateway imports gateway; each heavy dependency lives
// in the package whose job needs it.
//
// examples/quickstart is the README's example, whole; examples/petstore is a runnable PetStore
// API; examples/vtl renders a mapping template against a sample request, the local twin of the
// API Gateway console's template test.
package apigate
