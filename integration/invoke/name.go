package invoke

import "strings"

// funcRef is a function as the Invoke API's FunctionName names it, in one of its three forms,
// each optionally followed by ":qualifier" (a version, an alias or $LATEST):
//
//	my-fn                                            name
//	123456789012:function:my-fn                      partial ARN
//	arn:aws:lambda:us-east-1:123456789012:function:my-fn  ARN
//
// The parts a form does not give are "". All fields are substrings of the parsed string.
type funcRef struct {
	partition, region, account string
	name, qualifier            string
}

// parseFunction splits s into its parts, or reports false when s is none of the forms above
// (Lambda would answer ValidationException). Names are letters, digits, hyphens and underscores
// (at most 64); qualifiers the same or $LATEST, at most
// 128; accounts 12 digits. It does not allocate.
func parseFunction(s string) (funcRef, bool) {
	var r funcRef
	if rest, ok := strings.CutPrefix(s, "arn:"); ok {
		// partition:lambda:region:account:function:name[:qualifier]
		var service, kind string
		r.partition, rest, _ = strings.Cut(rest, ":")
		service, rest, _ = strings.Cut(rest, ":")
		r.region, rest, _ = strings.Cut(rest, ":")
		r.account, rest, _ = strings.Cut(rest, ":")
		kind, rest, ok = strings.Cut(rest, ":")
		if !ok || service != "lambda" || kind != "function" || !validPartition(r.partition) ||
			!validRegion(r.region) || !validAccount(r.account) {
			return funcRef{}, false
		}
		s = rest
	} else if a, rest, ok := strings.Cut(s, ":"); ok && strings.HasPrefix(rest, "function:") {
		if !validAccount(a) {
			return funcRef{}, false
		}
		r.account, s = a, rest[len("function:"):]
	}
	r.name, r.qualifier, _ = strings.Cut(s, ":")
	if !validName(r.name) || strings.Contains(s, ":") && !validQualifier(r.qualifier) {
		return funcRef{}, false
	}
	return r, true
}

// String is the reference in the form it was given.
func (r funcRef) String() string {
	var b strings.Builder
	switch {
	case r.region != "":
		b.WriteString("arn:" + r.partition + ":lambda:" + r.region + ":" + r.account + ":function:")
	case r.account != "":
		b.WriteString(r.account + ":function:")
	}
	b.WriteString(r.name)
	if r.qualifier != "" {
		b.WriteString(":" + r.qualifier)
	}
	return b.String()
}

// arn is the function's full ARN: partition, region and account completed from the given
// defaults where r has none, the qualifier kept.
func (r funcRef) arn(partition, region, account string) string {
	if r.partition != "" {
		partition = r.partition
	}
	if r.region != "" {
		region = r.region
	}
	if r.account != "" {
		account = r.account
	}
	return funcRef{partition: partition, region: region, account: account, name: r.name, qualifier: r.qualifier}.String()
}

// unqualified is r without its qualifier, in the form r was given: the Invoke API's
// FunctionName when the qualifier goes in the Qualifier parameter.
func (r funcRef) unqualified() funcRef {
	r.qualifier = ""
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

// validRegion: lower-case letters, digits and hyphens, starting with a letter (us-east-1,
// cn-north-1, us-gov-west-1, eu-isoe-west-1).
func validRegion(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// validPartition: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ...
func validPartition(s string) bool {
	rest, ok := strings.CutPrefix(s, "aws")
	if !ok {
		return false
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if !('a' <= c && c <= 'z' || c == '-') {
			return false
		}
	}
	return true
}

// partitionOf is the partition a region belongs to, for ARNs built from a region alone.
func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "eu-isoe-"):
		return "aws-iso-e"
	case strings.HasPrefix(region, "us-isof-"):
		return "aws-iso-f"
	}
	return "aws"
}
