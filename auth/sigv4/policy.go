package sigv4

import (
	"context"

	"github.com/apigate/apigate"
)

// Decision is the outcome of evaluating the caller's IAM identity policies.
type Decision int

// The decisions, as IAM's policy evaluation has them.
const (
	// ImplicitDeny: no statement allows execute-api:Invoke on the method ARN.
	ImplicitDeny Decision = iota
	// Allow: a statement allows it and none denies it.
	Allow
	// ExplicitDeny: a statement denies it (which wins over any Allow).
	ExplicitDeny
)

// Policy authorizes a verified caller: it evaluates the caller's IAM identity policies for
// the action execute-api:Invoke on the method ARN
// (arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}). It is the seam for
// the policy evaluator (package auth/policy) and for a resource policy, which the caller of
// the verifier combines with the identity policies as AWS does. Implementations must be safe
// for concurrent use.
type Policy interface {
	Evaluate(ctx context.Context, id *apigate.Identity, methodARN string) (Decision, error)
}

// PolicyFunc adapts a function to Policy.
type PolicyFunc func(ctx context.Context, id *apigate.Identity, methodARN string) (Decision, error)

// Evaluate calls f(ctx, id, methodARN).
func (f PolicyFunc) Evaluate(ctx context.Context, id *apigate.Identity, methodARN string) (Decision, error) {
	return f(ctx, id, methodARN)
}

var _ Policy = PolicyFunc(nil)
