package sigv4

import (
	"context"
	"strings"

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

// MethodARN returns the ARN of the method a request invokes, the resource of
// execute-api:Invoke: arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/
// followed by the request path after the stage, with its actual values (/pets/42, not
// /pets/{petId}), without its leading slash.
func MethodARN(partition, region string, r *apigate.Request) string {
	path := strings.TrimPrefix(r.Path, "/")
	var b strings.Builder
	b.Grow(len("arn::execute-api:::///") + len(partition) + len(region) + len(r.Context.AccountID) +
		len(r.Context.APIID) + len(r.Context.Stage) + len(r.Method) + 1 + len(path))
	b.WriteString("arn:")
	b.WriteString(partition)
	b.WriteString(":execute-api:")
	b.WriteString(region)
	b.WriteByte(':')
	b.WriteString(r.Context.AccountID)
	b.WriteByte(':')
	b.WriteString(r.Context.APIID)
	b.WriteByte('/')
	b.WriteString(r.Context.Stage)
	b.WriteByte('/')
	b.WriteString(r.Method)
	b.WriteByte('/')
	b.WriteString(path)
	return b.String()
}
