// Package funcref parses the names the Lambda Invoke API takes for a function (a name, a
// partial ARN or an ARN, each optionally qualified), for the in-process invoker, which matches
// invocations to registrations with them, and the Invoke API client, which splits the qualifier
// off as the API wants it.
package funcref

import (
	"strings"

	"github.com/apigate/apigate/internal/awspartition"
)

// Ref is a function as the Invoke API's FunctionName names it, in one of its three forms, each
// optionally followed by ":qualifier" (a version, an alias or $LATEST):
//
//	my-fn                                                 name
//	123456789012:function:my-fn                           partial ARN
//	arn:aws:lambda:us-east-1:123456789012:function:my-fn  ARN
//
// The parts a form does not give are "". All fields of a parsed Ref are substrings of the
// parsed string.
type Ref struct {
	Partition, Region, Account string
	Name, Qualifier            string
}

// Parse splits s into its parts, or reports false when s is none of the forms above (Lambda
// would answer ValidationException). Names are letters, digits, hyphens and underscores (at
// most 64); qualifiers the same or $LATEST, at most 128; accounts 12 digits; partitions one of
// awspartition's; regions have a region's shape (awspartition.ValidRegion). It does not
// allocate.
func Parse(s string) (Ref, bool) {
	var r Ref
	if rest, ok := strings.CutPrefix(s, "arn:"); ok {
		// partition:lambda:region:account:function:name[:qualifier]
		var service, kind string
		r.Partition, rest, _ = strings.Cut(rest, ":")
		service, rest, _ = strings.Cut(rest, ":")
		r.Region, rest, _ = strings.Cut(rest, ":")
		r.Account, rest, _ = strings.Cut(rest, ":")
		kind, rest, ok = strings.Cut(rest, ":")
		if !ok || service != "lambda" || kind != "function" || !validPartition(r.Partition) ||
			!awspartition.ValidRegion(r.Region) || !validAccount(r.Account) {
			return Ref{}, false
		}
		s = rest
	} else if a, rest, ok := strings.Cut(s, ":"); ok && strings.HasPrefix(rest, "function:") {
		if !validAccount(a) {
			return Ref{}, false
		}
		r.Account, s = a, rest[len("function:"):]
	}
	r.Name, r.Qualifier, _ = strings.Cut(s, ":")
	if !validName(r.Name) || strings.Contains(s, ":") && !validQualifier(r.Qualifier) {
		return Ref{}, false
	}
	return r, true
}

// String is the reference in the form it was given.
func (r Ref) String() string {
	var b strings.Builder
	switch {
	case r.Region != "":
		b.WriteString("arn:" + r.Partition + ":lambda:" + r.Region + ":" + r.Account + ":function:")
	case r.Account != "":
		b.WriteString(r.Account + ":function:")
	}
	b.WriteString(r.Name)
	if r.Qualifier != "" {
		b.WriteString(":" + r.Qualifier)
	}
	return b.String()
}

// ARN is the function's full ARN: partition, region and account completed from the given
// defaults where r has none, the qualifier kept.
func (r Ref) ARN(partition, region, account string) string {
	if r.Partition != "" {
		partition = r.Partition
	}
	if r.Region != "" {
		region = r.Region
	}
	if r.Account != "" {
		account = r.Account
	}
	return Ref{Partition: partition, Region: region, Account: account, Name: r.Name, Qualifier: r.Qualifier}.String()
}

// Unqualified is r without its qualifier, in the form r was given: the Invoke API's
// FunctionName when the qualifier goes in the Qualifier parameter.
func (r Ref) Unqualified() Ref {
	r.Qualifier = ""
	return r
}

func validName(s string) bool { return len(s) <= 64 && validWord(s) }

func validQualifier(s string) bool { return s == "$LATEST" || len(s) <= 128 && validWord(s) }

// validWord: one or more letters, digits, hyphens or underscores.
func validWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func validAccount(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validPartition: one of AWS's partitions (aws, aws-cn, aws-us-gov, ...).
func validPartition(s string) bool {
	_, ok := awspartition.Named(s)
	return ok
}
