package policy

import (
	"errors"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	stmt := `{"Effect":"Allow","Action":"a","Resource":"*"}`
	many := `{"Statement":[` + strings.TrimSuffix(strings.Repeat(stmt+",", MaxStatements+1), ",") + `]}`
	for _, c := range []struct{ name, doc, want string }{
		{"not JSON", `{`, "policy: invalid document: unexpected end of JSON input"},
		{"not an object", `[]`, "policy: invalid document: json: cannot unmarshal array into Go value of type struct { Version string; Statement json.RawMessage }"},
		{"no statement", `{"Version":"2012-10-17"}`, "policy: invalid document: no Statement"},
		{"null statement", `{"Statement":null}`, "policy: invalid document: no Statement"},
		{"no effect", `{"Statement":{"Action":"a","Resource":"*"}}`, "policy: invalid document: statement 0: no Effect"},
		{"bad effect", `{"Statement":{"Effect":"allow","Action":"a","Resource":"*"}}`, `policy: invalid document: statement 0: Effect "allow" is neither Allow nor Deny`},
		{"no action", `{"Statement":{"Effect":"Allow","Resource":"*"}}`, "policy: invalid document: statement 0: needs one of Action and NotAction"},
		{"action and not action", `{"Statement":{"Effect":"Allow","Action":"a","NotAction":"b","Resource":"*"}}`, "policy: invalid document: statement 0: needs one of Action and NotAction"},
		{"no resource", `{"Statement":{"Effect":"Allow","Action":"a"}}`, "policy: invalid document: statement 0: needs one of Resource and NotResource"},
		{"action a number", `{"Statement":{"Effect":"Allow","Action":1,"Resource":"*"}}`, "policy: invalid document: json: cannot unmarshal number into Go struct field rawStatement.Action of type []string"},
		{"resource of 513", `{"Statement":{"Effect":"Allow","Action":"a","Resource":"` + strings.Repeat("a", 513) + `"}}`, "policy: invalid document: statement 0: a Resource is longer than 512 characters"},
		{"not resource of 513", `{"Statement":{"Effect":"Allow","Action":"a","NotResource":["*","` + strings.Repeat("é", 513) + `"]}}`, "policy: invalid document: statement 0: a Resource is longer than 512 characters"},
		{"too many statements", many, "policy: invalid document: more than 1024 statements"},
		{"too large", `{"Statement":[` + strings.Repeat(" ", MaxDocumentSize) + `]}`, "policy: invalid document: larger than 65536 bytes"},
		{"bad principal", `{"Statement":{"Effect":"Allow","Principal":"me","Action":"a","Resource":"*"}}`, `policy: invalid document: statement 0: Principal "me" is neither "*" nor an object`},
		{"service principal", `{"Statement":{"Effect":"Allow","Principal":{"Service":"x"},"Action":"a","Resource":"*"}}`, `policy: invalid document: statement 0: Principal "Service" is not supported (only AWS)`},
		{"unknown operator", `{"Statement":{"Effect":"Allow","Action":"a","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"x"}}}}`, `policy: invalid document: statement 0: condition operator "DateLessThan" is not supported`},
		{"bad cidr", `{"Statement":{"Effect":"Allow","Action":"a","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}}}`, `policy: invalid document: statement 0: IpAddress aws:SourceIp: netip.ParsePrefix("10.0.0.0/33"): prefix length out of range`},
	} {
		_, err := Parse([]byte(c.doc))
		if err == nil || err.Error() != c.want || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: error %v\nwant %s", c.name, err, c.want)
		}
	}
}

func TestParseForms(t *testing.T) {
	one, err := Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"execute-api:*","Resource":"arn:*"}}`))
	if err != nil {
		t.Fatal(err)
	}
	many, err := Parse([]byte(`{"Statement":[{"Sid":"s","Effect":"Deny","Action":["x","execute-api:*"],"Resource":["y","arn:*"]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	r := &Request{Action: InvokeAction, Resource: "arn:aws:execute-api:r:a:i/s/GET/"}
	if one.Evaluate(r) != Denied || many.Evaluate(r) != Denied {
		t.Error("a statement as an object and as an array differ")
	}
	if one.Version != "2012-10-17" || many.Statement[0].Sid != "s" || len(many.Statement[0].Resource) != 2 {
		t.Errorf("read %+v and %+v", one, many)
	}
	// A Resource of exactly 512 characters is allowed.
	if _, err := Parse([]byte(`{"Statement":{"Effect":"Allow","Action":"a","Resource":"` + strings.Repeat("a", 512) + `"}}`)); err != nil {
		t.Error(err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*"}]}`))
	f.Add([]byte(`{"Statement":{"Effect":"Deny","Principal":{"AWS":["1"]},"NotAction":"x","NotResource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","::1"]},"StringLike":{"aws:SourceVpc":"vpc-*"}}}}`))
	f.Add([]byte(`{"Statement":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		r := &Request{Action: InvokeAction, Resource: "arn:aws:execute-api:us-east-1:1:a/s/GET/x", Account: "1",
			Conditions: map[string]string{"aws:SourceIp": "10.1.2.3", "aws:SourceVpc": "vpc-1"}}
		d := doc.Evaluate(r)
		if d > Denied {
			t.Fatalf("decision %d", d)
		}
	})
}
