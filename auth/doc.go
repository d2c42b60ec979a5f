// Package auth holds API Gateway's Lambda authorizers (TOKEN and REQUEST) and what every
// authorizer of apigate shares: the Authorizer interface, the result cache, and Middleware and
// FromContext, which put any authorizer in front of a plain net/http handler.
//
// An authorizer sits in the request path after routing and before the API key check and the
// integration: the gateway calls its Authorize with the method request, and it either fills
// $context.authorizer (and the usage identifier key) and lets the request go on, or answers
// with a gateway response (an *apigate.Error): 401 UNAUTHORIZED, 403 ACCESS_DENIED, 500
// AUTHORIZER_CONFIGURATION_ERROR, as API Gateway does. Attach one to a method with
// gateway.AuthorizeWith; this package does not import the gateway.
//
// A Lambda authorizer builds the method ARN
// (arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}, the path as
// received), checks the identity sources, invokes its function through an invoke.Invoker
// (in-process Go functions or the Lambda Invoke API) with the TOKEN or REQUEST event, reads the
// output, caches it for the result TTL, and evaluates its policy with package auth/policy for
// execute-api:Invoke on the method ARN, again on every cache hit.
//
// # Choices where AWS is unconfirmed
//
//   - Failures (401 and 500 outcomes) are not cached; allowing and denying outputs are.
//   - A context value that is null is malformed (500), as an object or an array is.
//   - Context values are stringified in $context.authorizer and in the proxy event alike.
//   - identityValidationExpression must match the whole token (as Java's Pattern.matches).
//   - A REQUEST authorizer with caching off does not check its identity sources.
//   - A resource is matched case-sensitively (see package auth/policy).
//   - An explicit deny answers ExplicitDenyMessage, the text observed since 2024.
package auth
