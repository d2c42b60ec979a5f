// Package apigate brings Amazon API Gateway's model in-process: a Go program declares REST APIs
// (resources, methods, integrations, authorizers, mapping templates, throttling, stages) and
// serves them as an http.Handler, with the behaviour of API Gateway down to the bytes of its
// error bodies and the output of its mapping templates.
//
// The module is laid out along the request path; each package owns one stage and knows nothing
// of the packages above it:
//
//   - apigate (this package): the vocabulary every stage shares: the method Request, the
//     integration's Response, the 21 gateway response types and *Error, the typed failure that
//     any stage returns and the gateway turns into a gateway response.
//   - gateway: REST API definitions, deployments and stages, served as an http.Handler; the
//     only package that composes the others.
//   - integration: MOCK, HTTP, HTTP_PROXY and in-process http.Handler integrations.
//   - mapping: API Gateway's mapping templates and parameter mappings: $input, $util,
//     $context and $stageVariables over a Velocity engine.
//   - mapping/vtl: the Velocity Template Language engine itself, exact to Apache Velocity 1.7.
//   - stage: a stage's configuration as data (stage.Config: name, variables), validated as
//     API Gateway validates it.
//   - apigatetest: method requests for the tests of authorizers, key stores, throttlers and
//     integrations, as net/http/httptest builds requests.
//
// examples/petstore is a runnable PetStore API; examples/vtl renders a mapping template against a
// sample request, the local twin of the API Gateway console's template test.
package apigate
