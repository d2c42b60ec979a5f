package funcref

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for s, want := range map[string]Ref{
		"my-fn":                     {Name: "my-fn"},
		"my_fn:live":                {Name: "my_fn", Qualifier: "live"},
		"my-fn:$LATEST":             {Name: "my-fn", Qualifier: "$LATEST"},
		"my-fn:12":                  {Name: "my-fn", Qualifier: "12"},
		"123456789012:function:fn":  {Account: "123456789012", Name: "fn"},
		"123456789012:function:f:1": {Account: "123456789012", Name: "f", Qualifier: "1"},
		"arn:aws:lambda:us-east-1:123456789012:function:fn": {
			Partition: "aws", Region: "us-east-1", Account: "123456789012", Name: "fn",
		},
		"arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:fn:prod": {
			Partition: "aws-us-gov", Region: "us-gov-west-1", Account: "123456789012", Name: "fn", Qualifier: "prod",
		},
	} {
		got, ok := Parse(s)
		if !ok || got != want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", s, got, ok, want)
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
		"arn:aws-x:lambda:us-east-1:123456789012:function:fn", // not a partition
	} {
		if r, ok := Parse(s); ok {
			t.Errorf("Parse(%q) = %+v, want invalid", s, r)
		}
	}
	if got := (Ref{Name: "fn", Qualifier: "live"}).ARN("aws-cn", "cn-north-1", "123456789012"); got != "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn:live" {
		t.Errorf("arn: %s", got)
	}
	if n := testing.AllocsPerRun(100, func() { Parse("arn:aws:lambda:us-east-1:123456789012:function:fn:live") }); n != 0 {
		t.Errorf("Parse allocates %v times", n)
	}
}

// FuzzParse: what parses prints back as it was, and its parts are valid.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"fn", "fn:live", "123456789012:function:fn:1", "arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST", "arn:aws:lambda:x:1:function:f", "a:function:b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, ok := Parse(s)
		if !ok {
			return
		}
		if r.String() != s {
			t.Fatalf("%q parsed as %+v, prints as %q", s, r, r.String())
		}
		if !validName(r.Name) || r.Qualifier != "" && !validQualifier(r.Qualifier) ||
			r.Account != "" && !validAccount(r.Account) || (r.Region == "") != (r.Partition == "") {
			t.Fatalf("%q parsed as %+v", s, r)
		}
		if u, ok := Parse(r.Unqualified().String()); !ok || u != r.Unqualified() {
			t.Fatalf("%q: unqualified %+v does not parse back", s, r.Unqualified())
		}
	})
}
