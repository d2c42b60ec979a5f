// Package policy reads and evaluates IAM policy documents as API Gateway does for REST APIs:
// the policyDocument a Lambda authorizer returns, the identity policies of IAM callers, and a
// REST API's resource policy. It sits in the authorization step of the request path: an
// authorizer builds the method ARN of the request
// (arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}), evaluates the
// policies that apply for the action execute-api:Invoke, combines their decisions with Combine,
// and lets the request through only on Allowed.
//
// Matching follows IAM: a Resource matches the whole ARN with `*` for any run of characters
// (across `/` and `:`) and `?` for one, case-sensitively (unconfirmed for API Gateway, and IAM's
// rule for ARNs); an Action matches without regard to case. An explicit Deny in any statement
// wins over every Allow; a request no statement allows is implicitly denied.
//
// Everything is bounded: a document of MaxDocumentSize bytes and MaxStatements statements at
// most, Resources of MaxResourceLength characters (API Gateway's limit), and glob matching
// without backtracking (see Glob). The package depends on the standard library only.
package policy
