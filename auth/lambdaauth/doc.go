// Package lambdaauth holds API Gateway's Lambda authorizers (TOKEN and REQUEST) and their
// result cache.
//
// A Lambda authorizer sits in the request path after routing and before the API key check and
// the integration (see package auth). It builds the method ARN
// (arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}, the path as
// received), checks the identity sources, invokes its function through an invoke.Invoker
// (in-process Go functions or the Lambda Invoke API) with the TOKEN or REQUEST event, reads the
// output, caches it for the result TTL, and evaluates its policy with package auth/policy for
// execute-api:Invoke on the method ARN, again on every cache hit. It implements the gateway's
// Authorizer: attach it with gateway.AuthorizeWith, or put it in front of any mux with
// auth.Middleware.
//
// # Choices where AWS is unconfirmed
//
//   - Failures (401 and 500 outcomes) are not cached; allowing and denying outputs are.
//   - A context value that is null is malformed (500), as an object or an array is.
//   - Context values are stringified in $context.authorizer and in the proxy event alike.
//   - identityValidationExpression is a Java regular expression that must match the whole
//     token (as Java's Pattern.matches).
//   - A REQUEST authorizer with caching off does not check its identity sources.
//   - A resource is matched case-sensitively (see package auth/policy).
//   - An explicit deny answers ExplicitDenyMessage, the text observed since 2024.
package lambdaauth
