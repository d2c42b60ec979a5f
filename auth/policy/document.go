package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"unicode/utf8"
)

// Limits on what Parse reads.
const (
	// MaxDocumentSize is the largest document Parse reads, in bytes.
	MaxDocumentSize = 64 << 10
	// MaxStatements is the most statements a document may hold.
	MaxStatements = 1024
	// MaxResourceLength is the longest Resource (or NotResource) a statement may name, in
	// characters, as API Gateway limits an authorizer policy's.
	MaxResourceLength = 512
)

// ErrInvalid is wrapped by every error Parse returns.
var ErrInvalid = errors.New("policy: invalid document")

// Effect is a statement's effect.
type Effect string

// The effects.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Document is an IAM policy document, as a Lambda authorizer returns it in policyDocument and as
// a REST API's resource policy is written.
type Document struct {
	Version   string
	Statement []Statement
}

// Statement is one statement of a document. Action, Resource and their Not forms hold IAM
// wildcard patterns (see Glob); a statement has Action or NotAction, and Resource or
// NotResource. Principal is for resource policies: nil matches every caller, as an identity
// policy's statements do.
type Statement struct {
	Sid         string
	Effect      Effect
	Action      []Glob
	NotAction   []Glob
	Resource    []Glob
	NotResource []Glob
	Principal   *Principal
	Condition   []Condition
}

// Principal is a statement's Principal: "*" (Any), or the AWS account ids and ARNs listed under
// "AWS".
type Principal struct {
	Any bool
	AWS []string
}

// Condition is one test of a statement's Condition block: an operator, a condition key and the
// values the caller's value is tested against (any one matching is enough). Keys compare
// without regard to case, as IAM's do.
type Condition struct {
	Operator Operator
	Key      string
	Values   []string
	prefixes []netip.Prefix // IpAddress, NotIpAddress
	globs    []Glob         // StringLike, StringNotLike
}

// Operator is a condition operator.
type Operator string

// The condition operators Parse reads. A negated operator (StringNotEquals, StringNotLike,
// NotIpAddress) is true when the request has no value for the key, as in IAM.
const (
	StringEquals    Operator = "StringEquals"
	StringNotEquals Operator = "StringNotEquals"
	StringLike      Operator = "StringLike"
	StringNotLike   Operator = "StringNotLike"
	IPAddress       Operator = "IpAddress"
	NotIPAddress    Operator = "NotIpAddress"
)

// rawStatement is a statement as JSON writes it.
type rawStatement struct {
	Sid         string
	Effect      Effect
	Action      stringList
	NotAction   stringList
	Resource    stringList
	NotResource stringList
	Principal   json.RawMessage
	Condition   map[string]map[string]stringList
}

// stringList is a JSON string or array of strings.
type stringList struct {
	set    bool
	values []string
}

func (l *stringList) UnmarshalJSON(b []byte) error {
	l.set = true
	if len(b) > 0 && b[0] == '"' {
		l.values = make([]string, 1)
		return json.Unmarshal(b, &l.values[0])
	}
	return json.Unmarshal(b, &l.values)
}

// Parse reads a policy document: Statement as one object or an array; Action, Resource and
// their Not forms as a string or an array of strings. It returns an error wrapping ErrInvalid
// for a document that is not such JSON, that is larger than MaxDocumentSize, has more than
// MaxStatements statements, a Resource longer than MaxResourceLength, an Effect other than
// Allow or Deny, a statement without Effect, Action (or NotAction) or Resource (or
// NotResource), or a condition it does not know. Field names are read as encoding/json reads
// them, without regard to case.
//
// Action and Resource values are not checked further: "hello world" is a valid action that
// matches nothing, as API Gateway treats it (an implicit deny, not an error).
func Parse(data []byte) (*Document, error) {
	if len(data) > MaxDocumentSize {
		return nil, invalid("larger than %d bytes", MaxDocumentSize)
	}
	var raw struct {
		Version   string
		Statement json.RawMessage
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	var stmts []rawStatement
	switch s := bytes.TrimSpace(raw.Statement); {
	case len(s) == 0 || string(s) == "null":
		return nil, invalid("no Statement")
	case s[0] == '{':
		stmts = make([]rawStatement, 1)
		if err := json.Unmarshal(s, &stmts[0]); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
		}
	default:
		if err := json.Unmarshal(s, &stmts); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
		}
	}
	if len(stmts) > MaxStatements {
		return nil, invalid("more than %d statements", MaxStatements)
	}
	doc := &Document{Version: raw.Version, Statement: make([]Statement, len(stmts))}
	for i := range stmts {
		if err := doc.Statement[i].read(&stmts[i]); err != nil {
			return nil, fmt.Errorf("%w: statement %d: %w", ErrInvalid, i, err)
		}
	}
	return doc, nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// read fills s from r.
func (s *Statement) read(r *rawStatement) error {
	s.Sid = r.Sid
	switch r.Effect {
	case Allow, Deny:
		s.Effect = r.Effect
	case "":
		return errors.New("no Effect")
	default:
		return fmt.Errorf("Effect %q is neither Allow nor Deny", r.Effect)
	}
	if r.Action.set == r.NotAction.set {
		return errors.New("needs one of Action and NotAction")
	}
	if r.Resource.set == r.NotResource.set {
		return errors.New("needs one of Resource and NotResource")
	}
	s.Action, s.NotAction = globs(r.Action.values, true), globs(r.NotAction.values, true)
	for _, l := range [][]string{r.Resource.values, r.NotResource.values} {
		for _, v := range l {
			if utf8.RuneCountInString(v) > MaxResourceLength {
				return fmt.Errorf("a Resource is longer than %d characters", MaxResourceLength)
			}
		}
	}
	s.Resource, s.NotResource = globs(r.Resource.values, false), globs(r.NotResource.values, false)
	if len(r.Principal) > 0 {
		p, err := readPrincipal(r.Principal)
		if err != nil {
			return err
		}
		s.Principal = p
	}
	for op, keys := range r.Condition {
		for key, values := range keys {
			c, err := newCondition(Operator(op), key, values.values)
			if err != nil {
				return err
			}
			s.Condition = append(s.Condition, c)
		}
	}
	return nil
}

// globs compiles patterns; actions compare without regard to case, as IAM's do.
func globs(patterns []string, fold bool) []Glob {
	if len(patterns) == 0 {
		return nil
	}
	g := make([]Glob, len(patterns))
	for i, p := range patterns {
		g[i] = compileGlob(p, fold)
	}
	return g
}

func readPrincipal(b []byte) (*Principal, error) {
	var star string
	if json.Unmarshal(b, &star) == nil {
		if star != "*" {
			return nil, fmt.Errorf("Principal %q is neither \"*\" nor an object", star)
		}
		return &Principal{Any: true}, nil
	}
	var m map[string]stringList
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("Principal: %w", err)
	}
	p := &Principal{}
	for k, v := range m {
		if k != "AWS" {
			return nil, fmt.Errorf("Principal %q is not supported (only AWS)", k)
		}
		for _, a := range v.values {
			if a == "*" {
				p.Any = true
			}
		}
		p.AWS = v.values
	}
	return p, nil
}

func newCondition(op Operator, key string, values []string) (Condition, error) {
	c := Condition{Operator: op, Key: strings.ToLower(key), Values: values}
	switch op {
	case StringEquals, StringNotEquals:
	case StringLike, StringNotLike:
		c.globs = globs(values, false)
	case IPAddress, NotIPAddress:
		for _, v := range values {
			p, err := parsePrefix(v)
			if err != nil {
				return Condition{}, fmt.Errorf("%s %s: %w", op, key, err)
			}
			c.prefixes = append(c.prefixes, p)
		}
	default:
		return Condition{}, fmt.Errorf("condition operator %q is not supported", op)
	}
	return c, nil
}

// parsePrefix reads a CIDR block or a single address (a /32 or /128).
func parsePrefix(v string) (netip.Prefix, error) {
	if strings.IndexByte(v, '/') >= 0 {
		p, err := netip.ParsePrefix(v)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}
