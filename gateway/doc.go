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
// serves deployments on named stages as an http.Handler, addressed as AWS addresses them
// (/{stage}/path) or with one stage at the root; Redeploy swaps a stage's deployment atomically,
// and requests in flight finish on the deployment they started with.
//
// Each request goes through the stages API Gateway runs, in its order:
//
//	stage selection -> limits (10 MB body, 10240 bytes of headers) -> routing
//	-> authorization (Authorizer) -> API key (KeyStore) -> throttling (Throttler)
//	-> request validation -> integration -> method response
//
// Every failure along the way is an *apigate.Error, turned into the API's gateway response in
// one place. Every response carries x-amzn-RequestId (a UUID) and x-amz-apigw-id.
//
// Choices where AWS's behaviour is not recorded:
//   - A request for a stage that does not exist gets 403 {"message":"Forbidden"} with
//     x-amzn-ErrorType ForbiddenException, without the API's gateway response customizations.
//   - Request headers larger than 10240 bytes in all (names, values and the request line) are
//     REQUEST_TOO_LARGE, like a body over 10 MB.
//   - X-HTTP-Method-Override replaces the method for routing and for everything after it; its
//     value is used as sent (methods are case-sensitive).
package gateway
