package policy

import (
	"context"
	"errors"
	"strings"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/awspartition"
)

// MethodARN returns the ARN of the method r asks for, which policies name as the resource:
// arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}, with the path
// as received, without its leading slash (the root is .../GET/). account is the API's
// account, usually r.Context.AccountID.
func MethodARN(partition, region, account string, r *apigate.Request) string {
	c := &r.Context
	path := strings.TrimPrefix(r.Path, "/")
	var b strings.Builder
	b.Grow(len("arn::execute-api:::///") + len(partition) + len(region) + len(account) +
		len(c.APIID) + len(c.Stage) + len(r.Method) + len(path))
	for _, s := range [...]string{"arn:", partition, ":execute-api:", region, ":", account, ":",
		c.APIID, "/", c.Stage, "/", r.Method, "/", path} {
		b.WriteString(s)
	}
	return b.String()
}

// Resource is an API's resource policy, the gateway's resource policy stage (set it with
// gateway.Policy). It evaluates its document for execute-api:Invoke on the method ARN, with
// the caller's ARN and account ($context.identity.userArn and accountId, which IAM
// authorization fills) as the principal, and the condition keys aws:SourceIp, aws:SourceVpc
// and aws:SourceVpce from $context.identity. It combines its decision with the method's
// authorizer as AWS's authorization workflow describes:
//
//   - before the authorizer runs, an explicit Deny refuses the request (Precheck);
//   - a method without an authorizer needs an explicit Allow;
//   - with an authorizer, an explicit Deny anywhere refuses; otherwise a caller of the API's
//     own account goes on when either the authorizer or the policy allows it (an authorizer's
//     implicit deny, apigate.ErrImplicitDeny, gives way to the policy's Allow), and a caller of
//     another account (IAM) when both do.
//
// A refusal is 403 ACCESS_DENIED, {"Message":"User: anonymous is not authorized to perform:
// execute-api:Invoke on resource: <arn>"} (the caller's ARN instead of anonymous when IAM
// named it; " with an explicit deny" after an explicit one), as AWS answers. Cognito user-pool
// authorizers are combined as the others are (AWS's documentation of that flow is not
// explicit; unconfirmed).
type Resource struct {
	doc               *Document
	partition, region string
}

// NewResource returns doc as the resource policy of an API in region (us-east-1, ...).
func NewResource(doc *Document, region string) (*Resource, error) {
	if doc == nil {
		return nil, errors.New("policy: a resource policy needs a document")
	}
	if !awspartition.ValidRegion(region) {
		return nil, errors.New("policy: invalid region " + region)
	}
	return &Resource{doc: doc, partition: awspartition.ForRegion(region).Name, region: region}, nil
}

// Precheck refuses the request when the policy denies it explicitly.
func (p *Resource) Precheck(_ context.Context, r *apigate.Request) error {
	if d, arn := p.decide(r); d == Denied {
		return denied(r, arn, true)
	}
	return nil
}

// Decide combines the policy's decision with the authorizer's (see Resource).
func (p *Resource) Decide(_ context.Context, r *apigate.Request, hasAuthorizer bool, authErr error) error {
	d, arn := p.decide(r) // again: IAM authorization may have named the caller since Precheck
	id := &r.Context.Identity
	crossAccount := id.AccountID != "" && id.AccountID != r.Context.AccountID
	switch {
	case d == Denied:
		return denied(r, arn, true)
	case !hasAuthorizer:
		if d != Allowed {
			return denied(r, arn, false)
		}
		return nil
	case authErr == nil:
		if crossAccount && d != Allowed {
			return denied(r, arn, false)
		}
		return nil
	case errors.Is(authErr, apigate.ErrImplicitDeny) && d == Allowed && !crossAccount:
		return nil
	}
	return authErr
}

// decide evaluates the document for r and returns its decision and the method ARN.
func (p *Resource) decide(r *apigate.Request) (Decision, string) {
	arn := MethodARN(p.partition, p.region, r.Context.AccountID, r)
	id := &r.Context.Identity
	cond := make(map[string]string, 3) // a key the request does not have is absent, as in IAM
	for _, kv := range [...][2]string{{"aws:SourceIp", id.SourceIP}, {"aws:SourceVpc", id.VpcID}, {"aws:SourceVpce", id.VpceID}} {
		if kv[1] != "" {
			cond[kv[0]] = kv[1]
		}
	}
	req := Request{Action: InvokeAction, Resource: arn, Principal: id.UserArn, Account: id.AccountID, Conditions: cond}
	return p.doc.Evaluate(&req), arn
}

// denied is the refusal of r on the method arn.
func denied(r *apigate.Request, arn string, explicit bool) error {
	user := r.Context.Identity.UserArn
	if user == "" {
		user = "anonymous"
	}
	msg := "User: " + user + " is not authorized to perform: execute-api:Invoke on resource: " + arn
	if explicit {
		msg += " with an explicit deny"
	}
	return &apigate.Error{Type: apigate.AccessDenied, Message: msg}
}

// Resource implements the gateway's ResourcePolicy (gateway.Policy) structurally.
var _ interface {
	Precheck(context.Context, *apigate.Request) error
	Decide(ctx context.Context, r *apigate.Request, hasAuthorizer bool, authErr error) error
} = (*Resource)(nil)
