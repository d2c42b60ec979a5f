package sigv4

import (
	"context"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/policy"
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

// IdentityPolicies are the IAM identity policies of the callers, by their ARN
// ($context.identity.userArn), evaluated with package auth/policy: a Policy. A caller with no
// policy is implicitly denied. It must not be changed while a verifier uses it.
type IdentityPolicies map[string][]*policy.Document

// Evaluate evaluates the caller's policies for execute-api:Invoke on methodARN: an explicit
// deny in any of them wins, else an allow in any of them allows.
func (p IdentityPolicies) Evaluate(_ context.Context, id *apigate.Identity, methodARN string) (Decision, error) {
	req := policy.Request{Action: policy.InvokeAction, Resource: methodARN, Principal: id.UserArn, Account: id.AccountID,
		Conditions: map[string]string{}}
	if id.SourceIP != "" {
		req.Conditions["aws:SourceIp"] = id.SourceIP
	}
	ds := make([]policy.Decision, 0, len(p[id.UserArn]))
	for _, d := range p[id.UserArn] {
		ds = append(ds, d.Evaluate(&req))
	}
	switch policy.Combine(ds...) {
	case policy.Denied:
		return ExplicitDeny, nil
	case policy.Allowed:
		return Allow, nil
	}
	return ImplicitDeny, nil
}

var _ Policy = IdentityPolicies(nil)
