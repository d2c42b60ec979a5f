package policy

import (
	"net/netip"
	"strings"
)

// InvokeAction is the action API Gateway authorizes a method call as.
const InvokeAction = "execute-api:Invoke"

// Decision is the outcome of evaluating policies for a request.
type Decision uint8

// The decisions. The zero Decision is NotApplicable.
const (
	// NotApplicable: no statement allows or denies the request, an implicit deny.
	NotApplicable Decision = iota
	// Allowed: a statement allows the request and none denies it.
	Allowed
	// Denied: a statement denies the request explicitly.
	Denied
)

// String returns "implicit deny", "allow" or "explicit deny".
func (d Decision) String() string {
	switch d {
	case Allowed:
		return "allow"
	case Denied:
		return "explicit deny"
	}
	return "implicit deny"
}

// Combine combines decisions as AWS combines the policies that apply to one request within an
// account: an explicit deny anywhere wins, then an allow anywhere allows, and otherwise the
// request is implicitly denied.
func Combine(decisions ...Decision) Decision {
	d := NotApplicable
	for _, x := range decisions {
		d = max(d, x)
	}
	return d
}

// Request is what a policy is evaluated against.
type Request struct {
	// Action is the action asked for, such as InvokeAction.
	Action string
	// Resource is the resource, such as a method ARN.
	Resource string
	// Principal is the caller's ARN, for statements with a Principal; Account is the caller's
	// account id, which a Principal naming the account (its id or arn:aws:iam::<id>:root)
	// matches.
	Principal, Account string
	// Conditions are the values of the request's condition keys (aws:SourceIp, aws:SourceVpc,
	// aws:SourceVpce, ...), looked up without regard to the keys' case.
	Conditions map[string]string
}

// Evaluate evaluates d for r: Denied when a statement that applies to r denies it, else
// Allowed when one allows it, else NotApplicable (an implicit deny). Every statement is
// considered: a Deny after an Allow still wins.
func (d *Document) Evaluate(r *Request) Decision {
	dec := NotApplicable
	for i := range d.Statement {
		s := &d.Statement[i]
		if dec == Allowed && s.Effect == Allow || !s.applies(r) {
			continue
		}
		if s.Effect == Deny {
			return Denied
		}
		dec = Allowed
	}
	return dec
}

// Evaluate is d.Evaluate(r), with a nil document NotApplicable.
func Evaluate(d *Document, r *Request) Decision {
	if d == nil {
		return NotApplicable
	}
	return d.Evaluate(r)
}

// applies reports whether the statement matches the request's action, resource, principal
// and conditions.
func (s *Statement) applies(r *Request) bool {
	if !matchList(s.Action, s.NotAction, r.Action) || !matchList(s.Resource, s.NotResource, r.Resource) {
		return false
	}
	if s.Principal != nil && !s.Principal.matches(r) {
		return false
	}
	for i := range s.Condition {
		if !s.Condition[i].holds(r.Conditions) {
			return false
		}
	}
	return true
}

// matchList reports whether v matches one of in, or, when in is empty, none of notIn.
func matchList(in, notIn []Glob, v string) bool {
	if in != nil {
		return anyMatch(in, v)
	}
	return !anyMatch(notIn, v)
}

func anyMatch(globs []Glob, v string) bool {
	for i := range globs {
		if globs[i].Match(v) {
			return true
		}
	}
	return false
}

func (p *Principal) matches(r *Request) bool {
	if p.Any {
		return true
	}
	for _, a := range p.AWS {
		switch {
		case r.Principal != "" && a == r.Principal:
			return true
		case r.Account != "" && (a == r.Account || accountRoot(a, r.Account)):
			return true
		}
	}
	return false
}

// holds reports whether the condition holds for the request's values.
func (c *Condition) holds(values map[string]string) bool {
	v, ok := lookup(values, c.Key)
	switch c.Operator {
	case StringEquals:
		return ok && contains(c.Values, v)
	case StringNotEquals:
		return !ok || !contains(c.Values, v)
	case StringLike:
		return ok && anyMatch(c.globs, v)
	case StringNotLike:
		return !ok || !anyMatch(c.globs, v)
	case IPAddress, NotIPAddress:
		in := false
		if a, err := netip.ParseAddr(v); ok && err == nil {
			a = a.Unmap()
			for _, p := range c.prefixes {
				if p.Contains(a) {
					in = true
					break
				}
			}
		}
		if c.Operator == IPAddress {
			return in
		}
		return !ok || !in
	}
	return false
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// lookup finds key (lower case) in values without regard to case.
func lookup(values map[string]string, key string) (string, bool) {
	if v, ok := values[key]; ok {
		return v, true
	}
	for k, v := range values {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return "", false
}

// accountRoot reports whether a is the ARN of account's root, arn:{partition}:iam::{account}:root,
// in any partition (aws, aws-cn, aws-us-gov, ...).
func accountRoot(a, account string) bool {
	rest, ok := strings.CutPrefix(a, "arn:")
	if !ok {
		return false
	}
	partition, rest, ok := strings.Cut(rest, ":")
	return ok && partition != "" && !strings.Contains(partition, "*") && rest == "iam::"+account+":root"
}
