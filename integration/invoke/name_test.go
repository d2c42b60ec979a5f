package invoke

import (
	"strings"
	"testing"
)

func TestParseFunction(t *testing.T) {
	for s, want := range map[string]funcRef{
		"my-fn":                     {name: "my-fn"},
		"my_fn:live":                {name: "my_fn", qualifier: "live"},
		"my-fn:$LATEST":             {name: "my-fn", qualifier: "$LATEST"},
		"my-fn:12":                  {name: "my-fn", qualifier: "12"},
		"123456789012:function:fn":  {account: "123456789012", name: "fn"},
		"123456789012:function:f:1": {account: "123456789012", name: "f", qualifier: "1"},
		"arn:aws:lambda:us-east-1:123456789012:function:fn": {
			partition: "aws", region: "us-east-1", account: "123456789012", name: "fn",
		},
		"arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:fn:prod": {
			partition: "aws-us-gov", region: "us-gov-west-1", account: "123456789012", name: "fn", qualifier: "prod",
		},
	} {
		got, ok := parseFunction(s)
		if !ok || got != want {
			t.Errorf("parseFunction(%q) = %+v, %v; want %+v", s, got, ok, want)
		}
		if got.String() != s {
			t.Errorf("%q: String() = %q", s, got.String())
		}
	}
	for _, s := range []string{
		"", ":", "fn:", ":live", "fn:live:extra", "my fn", "fn/x", "fn:$latest", "fn.x",
		strings.Repeat("f", 65), "fn:" + strings.Repeat("q", 129),
		"12345678901:function:fn", "123456789012:function:", "123456789012:function:fn:a:b",
		"arn:aws:lambda:us-east-1:123456789012:function", "arn:aws:lambda:us-east-1:123456789012:layer:fn",
		"arn:aws:s3:us-east-1:123456789012:function:fn", "arn:gcp:lambda:us-east-1:123456789012:function:fn",
		"arn:aws:lambda::123456789012:function:fn", "arn:aws:lambda:us-east-1::function:fn",
		"arn:aws:lambda:US-EAST-1:123456789012:function:fn", "arn:aws:lambda:us-east-1:123456789012:function:fn:",
		"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/fn/invocations",
		"${stageVariables.fn}",
	} {
		if r, ok := parseFunction(s); ok {
			t.Errorf("parseFunction(%q) = %+v, want invalid", s, r)
		}
	}
	if got := (funcRef{name: "fn", qualifier: "live"}).arn("aws-cn", "cn-north-1", "123456789012"); got != "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn:live" {
		t.Errorf("arn: %s", got)
	}
	for region, want := range map[string]string{"us-east-1": "aws", "cn-northwest-1": "aws-cn", "us-gov-east-1": "aws-us-gov", "eu-west-3": "aws"} {
		if got := partitionOf(region); got != want {
			t.Errorf("partitionOf(%s) = %s, want %s", region, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { parseFunction("arn:aws:lambda:us-east-1:123456789012:function:fn:live") }); n != 0 {
		t.Errorf("parseFunction allocates %v times", n)
	}
}

// FuzzParseFunction: what parses prints back as it was, and its parts are valid.
func FuzzParseFunction(f *testing.F) {
	for _, s := range []string{"fn", "fn:live", "123456789012:function:fn:1", "arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST", "arn:aws:lambda:x:1:function:f", "a:function:b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, ok := parseFunction(s)
		if !ok {
			return
		}
		if r.String() != s {
			t.Fatalf("%q parsed as %+v, prints as %q", s, r, r.String())
		}
		if !validName(r.name) || r.qualifier != "" && !validQualifier(r.qualifier) ||
			r.account != "" && !validAccount(r.account) || (r.region == "") != (r.partition == "") {
			t.Fatalf("%q parsed as %+v", s, r)
		}
		if u, ok := parseFunction(r.unqualified().String()); !ok || u != r.unqualified() {
			t.Fatalf("%q: unqualified %+v does not parse back", s, r.unqualified())
		}
	})
}
