// Package apigate brings Amazon API Gateway's model in-process: a Go program declares REST and
// HTTP APIs (resources, methods, integrations, authorizers, mapping templates, throttling,
// stages) and serves them as an http.Handler or inside a Lambda function, with the behaviour of
// API Gateway down to the bytes of its error bodies and the output of its mapping templates.
//
// The module is laid out along the request path; each package owns one stage and knows nothing
// of the packages above it:
//
//   - mapping: API Gateway's mapping templates and parameter mappings: $input, $util,
//     $context and $stageVariables over a Velocity engine.
//   - mapping/vtl: the Velocity Template Language engine itself, exact to Apache Velocity 1.7.
//   - gateway, integration, auth, throttle, stage: the API definition and router, the
//     integrations, authorizers, rate limits and stages (being built).
//
// examples/ holds runnable programs; examples/vtl renders a mapping template against a sample
// request, the local twin of the API Gateway console's template test.
package apigate
