package policy

import "testing"

func mustParse(t testing.TB, doc string) *Document {
	t.Helper()
	d, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestEvaluate(t *testing.T) {
	const arn = "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets/1"
	for _, c := range []struct {
		name, doc string
		r         Request
		want      Decision
	}{
		{"allow", `{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"` + arn + `"}}`, Request{}, Allowed},
		{"other resource", `{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"` + arn + `0"}}`, Request{}, NotApplicable},
		{"other action", `{"Statement":{"Effect":"Deny","Action":"execute-api:ManageConnections","Resource":"*"}}`, Request{}, NotApplicable},
		{"deny after allow", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*/GET/*"}]}`, Request{}, Denied},
		{"deny before allow", `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*/GET/*"},{"Effect":"Allow","Action":"*","Resource":"*"}]}`, Request{}, Denied},
		{"not resource", `{"Statement":{"Effect":"Allow","Action":"*","NotResource":"*/POST/*"}}`, Request{}, Allowed},
		{"not resource excludes", `{"Statement":{"Effect":"Allow","Action":"*","NotResource":"*/GET/*"}}`, Request{}, NotApplicable},
		{"not action", `{"Statement":{"Effect":"Deny","NotAction":"execute-api:ManageConnections","Resource":"*"}}`, Request{}, Denied},
		{"principal any", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}`, Request{}, Allowed},
		{"principal any in AWS", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}}`, Request{}, Allowed},
		{"principal arn", `{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:user/a"]},"Action":"*","Resource":"*"}}`, Request{Principal: "arn:aws:iam::1:user/a"}, Allowed},
		{"principal other arn", `{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:user/a"]},"Action":"*","Resource":"*"}}`, Request{Principal: "arn:aws:iam::1:user/b", Account: "1"}, NotApplicable},
		{"principal account", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"1"},"Action":"*","Resource":"*"}}`, Request{Principal: "arn:aws:iam::1:user/b", Account: "1"}, Allowed},
		{"principal root", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"*","Resource":"*"}}`, Request{Account: "1"}, Allowed},
		{"principal anonymous", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"*","Resource":"*"}}`, Request{}, NotApplicable},
		{"principal root, China partition", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws-cn:iam::1:root"},"Action":"*","Resource":"*"}}`, Request{Account: "1"}, Allowed},
		{"principal root, other account", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::2:root"},"Action":"*","Resource":"*"}}`, Request{Account: "1"}, NotApplicable},
		{"principal root, no partition", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn::iam::1:root"},"Action":"*","Resource":"*"}}`, Request{Account: "1"}, NotApplicable},
		{"ip in v4", `{"Statement":{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","198.51.100.7"]}}}}`, Request{Conditions: map[string]string{"aws:SourceIp": "192.0.2.9"}}, Denied},
		{"ip exact", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","198.51.100.7"]}}}}`, Request{Conditions: map[string]string{"aws:SourceIp": "198.51.100.7"}}, Denied},
		{"ip out", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}}`, Request{Conditions: map[string]string{"aws:SourceIp": "192.0.3.1"}}, NotApplicable},
		{"ip key case", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"IpAddress":{"AWS:SOURCEIP":"192.0.2.0/24"}}}}`, Request{Conditions: map[string]string{"aws:SourceIp": "192.0.2.1"}}, Denied},
		{"ip v6", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}}}`, Request{Conditions: map[string]string{"aws:SourceIp": "2001:db8:1::5"}}, Denied},
		{"ip v4-mapped v6", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}}`, Request{Conditions: map[string]string{"aws:SourceIp": "::ffff:192.0.2.1"}}, Denied},
		{"ip missing", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}}}`, Request{}, NotApplicable},
		{"ip garbage", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}}}`, Request{Conditions: map[string]string{"aws:SourceIp": "x"}}, NotApplicable},
		{"not ip out", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`, Request{Conditions: map[string]string{"aws:SourceIp": "192.0.2.1"}}, Denied},
		{"not ip in", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`, Request{Conditions: map[string]string{"aws:SourceIp": "10.2.3.4"}}, NotApplicable},
		{"not ip missing", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`, Request{}, Denied},
		{"vpc equals", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":["vpc-1","vpc-2"]}}}}`, Request{Conditions: map[string]string{"aws:sourcevpc": "vpc-2"}}, Allowed},
		{"vpc equals other", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}}`, Request{Conditions: map[string]string{"aws:SourceVpc": "VPC-1"}}, NotApplicable},
		{"vpc not equals", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}}`, Request{Conditions: map[string]string{"aws:SourceVpce": "vpce-2"}}, Denied},
		{"vpc not equals same", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}}`, Request{Conditions: map[string]string{"aws:SourceVpce": "vpce-1"}}, NotApplicable},
		{"vpc not equals missing", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}}`, Request{}, Denied},
		{"vpc like", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:SourceVpc":"vpc-0?a*"}}}}`, Request{Conditions: map[string]string{"aws:SourceVpc": "vpc-01abc"}}, Allowed},
		{"vpc not like", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringNotLike":{"aws:SourceVpc":"vpc-0?a*"}}}}`, Request{Conditions: map[string]string{"aws:SourceVpc": "vpc-01abc"}}, NotApplicable},
		{"two conditions", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`, Request{Conditions: map[string]string{"aws:SourceVpc": "vpc-1", "aws:SourceIp": "11.0.0.1"}}, NotApplicable},
	} {
		r := c.r
		r.Action, r.Resource = InvokeAction, arn
		if got := mustParse(t, c.doc).Evaluate(&r); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if got := Evaluate(nil, &Request{}); got != NotApplicable {
		t.Errorf("nil document: %v", got)
	}
}

func TestCombine(t *testing.T) {
	for _, c := range []struct {
		in   []Decision
		want Decision
	}{
		{nil, NotApplicable},
		{[]Decision{NotApplicable, NotApplicable}, NotApplicable},
		{[]Decision{NotApplicable, Allowed}, Allowed},
		{[]Decision{Allowed, Denied, Allowed}, Denied},
		{[]Decision{Denied, NotApplicable}, Denied},
	} {
		if got := Combine(c.in...); got != c.want {
			t.Errorf("Combine(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	if Allowed.String() != "allow" || Denied.String() != "explicit deny" || NotApplicable.String() != "implicit deny" {
		t.Error("String")
	}
}

func BenchmarkEvaluate(b *testing.B) {
	doc := mustParse(b, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"execute-api:Invoke","Resource":["arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/GET/pets/*","arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/*/*"]},
		{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/DELETE/*"}]}`)
	r := &Request{Action: InvokeAction, Resource: "arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/GET/pets/42"}
	b.ReportAllocs()
	for b.Loop() {
		if doc.Evaluate(r) != Allowed {
			b.Fatal("not allowed")
		}
	}
}
