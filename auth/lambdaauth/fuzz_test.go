package lambdaauth

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParseOutput(f *testing.F) {
	f.Add([]byte(`{"principalId":"u","policyDocument":` + allowAll + `,"context":{"s":"v","n":1.5e3,"b":true},"usageIdentifierKey":"k"}`))
	f.Add([]byte(`{"principalId":"u","policyDocument":` + denyAll + `,"context":{"o":{}}}`))
	f.Add([]byte(`{"principalId":null}`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		out, err := ParseOutput(payload)
		if err != nil {
			if !errors.Is(err, ErrMalformedOutput) {
				t.Fatalf("error %v does not wrap ErrMalformedOutput", err)
			}
			return
		}
		if out.Policy == nil {
			t.Fatal("no policy")
		}
		for k, v := range out.Context {
			if _, ok := v.(string); !ok {
				t.Fatalf("context %s = %#v, not a string", k, v)
			}
		}
	})
}

func FuzzIdentitySource(f *testing.F) {
	f.Add("method.request.header.Authorization, method.request.querystring.q,stageVariables.v,context.identity.sourceIp")
	f.Add("context.")
	f.Fuzz(func(t *testing.T, s string) {
		srcs, err := parseIdentitySources(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "lambdaauth: identity source ") {
				t.Fatalf("error %v", err)
			}
			return
		}
		r := request("GET", "/")
		for i := range srcs {
			_ = srcs[i].value(r)
		}
	})
}
