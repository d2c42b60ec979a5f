package integration

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/itest"
)

// confResponse returns an integration response of a conformance case.
func confResponse(t *testing.T, c itest.ConfResponse) IntegrationResponse {
	return IntegrationResponse{SelectionPattern: c.SelectionPattern, StatusCode: c.Status(t), ResponseTemplates: c.ResponseTemplates}
}

// TestConformanceSelection drives the HTTP cases of selection.jsonl through HTTP against a
// loopback backend, byte for byte. The Lambda cases are integration/lambda's; HTTP_PROXY cases
// belong to HTTPProxy.
func TestConformanceSelection(t *testing.T) {
	var ran int
	for _, line := range itest.ConformanceLines(t, "selection.jsonl") {
		var c struct {
			ID    string `json:"id"`
			Input struct {
				IntegrationType      string               `json:"integration_type"`
				IntegrationResponses []itest.ConfResponse `json:"integration_responses"`
				Backend              struct {
					HTTPStatus  int `json:"http_status"`
					Body        *string
					LambdaError *struct {
						ErrorMessage string `json:"errorMessage"`
					} `json:"lambda_error"`
				} `json:"backend"`
			} `json:"input"`
			Expected struct {
				Status   int             `json:"status"`
				Body     *string         `json:"body"`
				BodyJSON json.RawMessage `json:"body_json"`
			} `json:"expected"`
		}
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatal(err)
		}
		var responses []IntegrationResponse
		for _, r := range c.Input.IntegrationResponses {
			responses = append(responses, confResponse(t, r))
		}
		switch typ := c.Input.IntegrationType; {
		case typ == "HTTP":
			ran++
			t.Run(c.ID, func(t *testing.T) {
				body := ""
				if c.Input.Backend.Body != nil {
					body = *c.Input.Backend.Body
				}
				be := itest.NewBackend(t, itest.Answer(c.Input.Backend.HTTPStatus, body, "Content-Type", "application/json"))
				h := HTTP("GET", be.URL, Options{Responses: responses})
				if err := h.Validate(); err != nil {
					t.Fatal(err)
				}
				resp, err := h.Integrate(context.Background(), itest.Request("GET", "/", ""))
				status, gotBody := itest.Outcome(t, resp, err)
				if status != c.Expected.Status {
					t.Errorf("status %d, want %d", status, c.Expected.Status)
				}
				if c.Expected.Body != nil && string(gotBody) != *c.Expected.Body {
					t.Errorf("body %q, want %q", gotBody, *c.Expected.Body)
				}
				if c.Expected.BodyJSON != nil && !itest.JSONEqual(gotBody, c.Expected.BodyJSON) {
					t.Errorf("body %s, want JSON %s", gotBody, c.Expected.BodyJSON)
				}
			})
		}
	}
	t.Logf("%d HTTP cases run end to end", ran)
}

// TestConformanceVTLPipeline drives the pipeline cases of vtl.jsonl, and its other MOCK cases,
// through Mock (integration MOCK) or HTTP against an echoing loopback backend (the pipelines
// whose backend returns the integration request body unchanged).
func TestConformanceVTLPipeline(t *testing.T) {
	ran := 0
	for _, line := range itest.ConformanceLines(t, "vtl.jsonl") {
		var c struct {
			ID    string `json:"id"`
			Input struct {
				TemplateKind        string                       `json:"template_kind"`
				Integration         string                       `json:"integration"`
				HTTPMethod          string                       `json:"http_method"`
				Params              map[string]map[string]string `json:"params"`
				RequestTemplate     *string                      `json:"request_template"`
				ResponseTemplate    *string                      `json:"response_template"`
				Template            *string                      `json:"template"`
				ContentType         string                       `json:"content_type"`
				Body                string                       `json:"body"`
				Backend             any                          `json:"backend"`
				IntegrationResponse *itest.ConfResponse          `json:"integration_response"`
			} `json:"input"`
			Expected struct {
				Compare       string            `json:"compare"`
				Output        string            `json:"output"`
				OutputJSON    json.RawMessage   `json:"output_json"`
				Status        int               `json:"status"`
				HeadersSubset map[string]string `json:"headers_subset"`
			} `json:"expected"`
		}
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatal(err)
		}
		in := c.Input
		mock := in.Integration == "MOCK"
		echoBackend := false
		if s, ok := in.Backend.(string); ok && strings.HasPrefix(s, "echo") {
			echoBackend = true
		}
		if in.RequestTemplate == nil || !mock && !(in.TemplateKind == "pipeline" && echoBackend) {
			continue
		}
		ran++
		t.Run(c.ID, func(t *testing.T) {
			ct, _, _ := strings.Cut(in.ContentType, " ")
			if ct == "" {
				ct = "application/json"
			}
			ir := IntegrationResponse{StatusCode: 200}
			if in.IntegrationResponse != nil {
				ir = confResponse(t, *in.IntegrationResponse)
			}
			respTemplate := in.ResponseTemplate
			if respTemplate == nil && in.TemplateKind == "integration-response" {
				respTemplate = in.Template
			}
			if respTemplate != nil {
				ir.ResponseTemplates = map[string]string{"application/json": *respTemplate}
			}
			opts := Options{RequestTemplates: map[string]string{ct: *in.RequestTemplate}, Responses: []IntegrationResponse{ir}}
			var integ apigate.Integration
			if mock {
				integ = Mock(opts)
			} else {
				be := itest.NewBackend(t, itest.Echo)
				integ = HTTP("POST", be.URL, opts)
			}
			method := in.HTTPMethod
			if method == "" {
				method = "POST"
			}
			var hdr []string
			if !strings.Contains(in.ContentType, "no body sent") && in.ContentType != "" {
				hdr = []string{"Content-Type", ct}
			}
			r := itest.Request(method, "/", in.Body, hdr...)
			r.PathParameters = in.Params["path"]
			resp := itest.Integrate(t, integ, r)
			if c.Expected.Status != 0 && resp.StatusCode != c.Expected.Status {
				t.Errorf("status %d, want %d", resp.StatusCode, c.Expected.Status)
			}
			for name, want := range c.Expected.HeadersSubset {
				// Names compare regardless of case, as on the wire: a mapped or overridden
				// header keeps the spelling written.
				var got string
				for k, vs := range resp.Header {
					if strings.EqualFold(k, name) && len(vs) > 0 {
						got = vs[0]
					}
				}
				if got != want {
					t.Errorf("header %s: %q, want %q", name, got, want)
				}
			}
			switch c.Expected.Compare {
			case "exact":
				if string(resp.Body) != c.Expected.Output {
					t.Errorf("body %q, want %q", resp.Body, c.Expected.Output)
				}
			case "json":
				if !itest.JSONEqual(resp.Body, c.Expected.OutputJSON) {
					t.Errorf("body %s, want JSON %s", resp.Body, c.Expected.OutputJSON)
				}
			default:
				t.Fatalf("compare %q", c.Expected.Compare)
			}
			if resp.Header.Get("Content-Type") != "application/json" && c.Expected.HeadersSubset["Content-Type"] == "" {
				t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
			}
		})
	}
	if ran < 11 {
		t.Errorf("ran %d cases, want the 9 pipelines and 2 more MOCK cases", ran)
	}
	t.Logf("%d cases run", ran)
}
