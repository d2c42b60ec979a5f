package lambdaauth

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/internal/conformance"
)

// TestConformanceOutcomes runs every REST case of policy.jsonl through a TOKEN authorizer whose
// function answers the case's output (or fails with its error), for a request whose method ARN
// is the case's, and checks the status.
func TestConformanceOutcomes(t *testing.T) {
	lines, err := conformance.Lines("policy.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, line := range lines {
		var c struct {
			ID    string
			Input struct {
				APIType     string          `json:"api_type"`
				MethodARN   string          `json:"method_arn"`
				Response    json.RawMessage `json:"authorizer_response"`
				FunctionErr string          `json:"authorizer_function_error"`
			}
			Expected struct {
				Decision   string
				HTTPStatus int `json:"http_status"`
			}
		}
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatal(err)
		}
		if c.Input.APIType == "HTTP" {
			continue // HTTP APIs' simple responses: the HTTP API authorizer's
		}
		ran++
		t.Run(c.ID, func(t *testing.T) {
			// arn:aws:execute-api:{region}:{account}:{api}/{stage}/{verb}/{path}
			parts := strings.SplitN(c.Input.MethodARN, ":", 6)
			res := strings.SplitN(parts[5], "/", 4)
			inv := &fake{res: invoke.Result{StatusCode: 200, Payload: c.Input.Response}}
			if c.Input.FunctionErr != "" {
				inv = failure(c.Input.FunctionErr)
			}
			l := newToken(t, inv, func(cfg *Config) { cfg.Region = parts[3] })
			r := apigatetest.NewRequest(res[2], "/"+res[3], nil, apigatetest.Stage(res[1]), apigatetest.Header("Authorization", "t"))
			r.Context.AccountID, r.Context.APIID = parts[4], res[0]
			if got := l.methodARN(r); got != c.Input.MethodARN {
				t.Fatalf("method ARN %s", got)
			}
			status := 200
			if err := l.Authorize(context.Background(), r); err != nil {
				status, _, _ = rendered(err)
			}
			want := c.Expected.HTTPStatus
			if want == 0 && c.Expected.Decision == "allow" {
				want = 200
			}
			if status != want {
				t.Errorf("status %d, want %d (%s)", status, want, c.Expected.Decision)
			}
		})
	}
	if ran < 42 {
		t.Errorf("ran %d cases", ran)
	}
}
