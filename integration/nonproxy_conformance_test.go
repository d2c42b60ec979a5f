package integration

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/apigate/apigate"
)

// conformanceDir holds the shared conformance cases, relative to this package's directory.
const conformanceDir = "../../shared/conformance/"

// npConformanceLines reads a JSON Lines file of conformance cases, skipping the test when the
// shared directory is not there.
func npConformanceLines(t *testing.T, name string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(conformanceDir + name)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not found: the shared conformance cases are not checked out", conformanceDir+name)
	}
	if err != nil {
		t.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if l := bytes.TrimSpace(sc.Bytes()); len(l) > 0 {
			lines = append(lines, append([]byte(nil), l...))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// npJSONEqual reports whether two JSON texts hold the same value.
func npJSONEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// npConfResponse is an integration response as the conformance files write it.
type npConfResponse struct {
	StatusCode        string            `json:"statusCode"`
	SelectionPattern  string            `json:"selectionPattern"`
	ResponseTemplates map[string]string `json:"responseTemplates"`
}

func (c npConfResponse) response(t *testing.T) IntegrationResponse {
	t.Helper()
	status, err := strconv.Atoi(c.StatusCode)
	if err != nil {
		t.Fatalf("statusCode %q", c.StatusCode)
	}
	return IntegrationResponse{SelectionPattern: c.SelectionPattern, StatusCode: status, ResponseTemplates: c.ResponseTemplates}
}

// TestConformanceSelection drives selection.jsonl: the HTTP cases through HTTP against a
// loopback backend, byte for byte; the Lambda cases through the selection machinery only (the
// selection value is the errorMessage, "" on success; the AWS integration is not here), by
// status. HTTP_PROXY cases belong to HTTPProxy.
func TestConformanceSelection(t *testing.T) {
	var ran, selectionOnly int
	for _, line := range npConformanceLines(t, "selection.jsonl") {
		var c struct {
			ID    string `json:"id"`
			Input struct {
				IntegrationType      string           `json:"integration_type"`
				IntegrationResponses []npConfResponse `json:"integration_responses"`
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
			responses = append(responses, r.response(t))
		}
		switch typ := c.Input.IntegrationType; {
		case typ == "HTTP":
			ran++
			t.Run(c.ID, func(t *testing.T) {
				body := ""
				if c.Input.Backend.Body != nil {
					body = *c.Input.Backend.Body
				}
				be := npNewBackend(t, npAnswer(c.Input.Backend.HTTPStatus, body, "Content-Type", "application/json"))
				h := HTTP("GET", be.URL, Options{Responses: responses})
				if err := h.Validate(); err != nil {
					t.Fatal(err)
				}
				var (
					status  int
					gotBody []byte
				)
				resp, err := h.Integrate(context.Background(), npRequest("GET", "/", ""))
				if err != nil {
					var s string
					status, s = npErrorResponse(t, err)
					gotBody = []byte(s)
				} else {
					status, gotBody = resp.StatusCode, resp.Body
				}
				if status != c.Expected.Status {
					t.Errorf("status %d, want %d", status, c.Expected.Status)
				}
				if c.Expected.Body != nil && string(gotBody) != *c.Expected.Body {
					t.Errorf("body %q, want %q", gotBody, *c.Expected.Body)
				}
				if c.Expected.BodyJSON != nil && !npJSONEqual(gotBody, c.Expected.BodyJSON) {
					t.Errorf("body %s, want JSON %s", gotBody, c.Expected.BodyJSON)
				}
			})
		case strings.HasPrefix(typ, "AWS"):
			selectionOnly++
			t.Run(c.ID, func(t *testing.T) {
				np := nonProxyCompile(Options{Responses: responses})
				if np.err != nil {
					t.Fatal(np.err)
				}
				value := ""
				if e := c.Input.Backend.LambdaError; e != nil {
					value = e.ErrorMessage
				}
				cr, err := np.selectResponse(value, false)
				status := 0
				if err != nil {
					status, _ = npErrorResponse(t, err)
				} else {
					status = cr.status
				}
				if status != c.Expected.Status {
					t.Errorf("selection value %q: status %d, want %d", value, status, c.Expected.Status)
				}
			})
		}
	}
	t.Logf("%d HTTP cases run end to end, %d Lambda cases on selection only", ran, selectionOnly)
}

// TestConformanceVTLPipeline drives the pipeline cases of vtl.jsonl, and its other MOCK cases,
// through Mock (integration MOCK) or HTTP against an echoing loopback backend (the pipelines
// whose backend returns the integration request body unchanged).
func TestConformanceVTLPipeline(t *testing.T) {
	ran := 0
	for _, line := range npConformanceLines(t, "vtl.jsonl") {
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
				IntegrationResponse *npConfResponse              `json:"integration_response"`
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
				ir = in.IntegrationResponse.response(t)
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
				be := npNewBackend(t, npEcho)
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
			r := npRequest(method, "/", in.Body, hdr...)
			r.PathParameters = in.Params["path"]
			resp := npIntegrate(t, integ, r)
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
				if !npJSONEqual(resp.Body, c.Expected.OutputJSON) {
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
