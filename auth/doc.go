// Package auth is what every authorizer of apigate shares: the Authorizer interface, and
// Middleware, FromContext and WriteError, which put any authorizer in front of a plain net/http
// handler.
//
// An authorizer sits in the request path after routing and before the API key check and the
// integration: the gateway calls its Authorize with the method request, and it either fills
// $context.authorizer (and the usage identifier key) or $context.identity and lets the request
// go on, or answers with a gateway response (an *apigate.Error): 401 UNAUTHORIZED, 403
// ACCESS_DENIED, 500 AUTHORIZER_CONFIGURATION_ERROR, as API Gateway does. Attach one to a method
// with gateway.AuthorizeWith; no auth package imports the gateway.
//
// The authorizers live in the packages whose job needs their dependencies, so a program pays
// only for what it imports:
//
//   - auth/lambdaauth: Lambda authorizers, TOKEN and REQUEST, with their result cache;
//   - auth/jwt: Cognito user-pool authorizers and HTTP API JWT authorizers (golang-jwt);
//   - auth/sigv4: IAM authorization by SigV4 signature;
//   - auth/apikey: the API key stage's key store (a gateway.KeyStore, not an authorizer);
//   - auth/policy: IAM policy documents and their evaluation, which the others use.
//
// This package imports only the root package, the standard library and the module's
// internal/methodrequest.
package auth
