package conformance

import (
	"encoding/json"
	"testing"

	"github.com/apigate/apigate/auth/policy"
)

// policyCase is a case of policy.jsonl.
type policyCase struct {
	ID    string
	Input struct {
		APIType             string          `json:"api_type"`
		MethodARN           string          `json:"method_arn"`
		AuthorizerResponse  json.RawMessage `json:"authorizer_response"`
		AuthorizerFuncError string          `json:"authorizer_function_error"`
	}
	Expected struct {
		Decision   string
		HTTPStatus int `json:"http_status"`
	}
}

// TestPolicyCases evaluates the policy of every REST case of policy.jsonl against its method
// ARN. The cases of a function error, and those of HTTP APIs' simple responses (which hold no
// policy), are for the authorizers that run functions: package auth runs the REST ones
// (TestConformanceOutcomes); the HTTP API ones belong to the HTTP API authorizer.
func TestPolicyCases(t *testing.T) {
	lines, err := Lines("policy.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, l := range lines {
		var c policyCase
		if err := json.Unmarshal(l, &c); err != nil {
			t.Fatal(err)
		}
		if c.Input.APIType == "HTTP" || c.Input.AuthorizerFuncError != "" {
			continue
		}
		ran++
		t.Run(c.ID, func(t *testing.T) {
			var out struct{ PolicyDocument json.RawMessage }
			if err := json.Unmarshal(c.Input.AuthorizerResponse, &out); err != nil {
				t.Fatal(err)
			}
			doc, err := policy.Parse(out.PolicyDocument)
			if err != nil {
				t.Fatal(err)
			}
			d := doc.Evaluate(&policy.Request{Action: policy.InvokeAction, Resource: c.Input.MethodARN})
			want := policy.NotApplicable
			if c.Expected.Decision == "allow" {
				want = policy.Allowed
			}
			// "deny" is either kind: both answer 403.
			if got := d; got != want && !(want == policy.NotApplicable && got == policy.Denied) {
				t.Errorf("decision %v, want %s", got, c.Expected.Decision)
			}
		})
	}
	if ran < 40 {
		t.Errorf("ran %d cases, want at least 40", ran)
	}
}
