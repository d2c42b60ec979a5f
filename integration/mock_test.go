package integration

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/itest"
)

// mockResponses are integration responses for the MOCK tests: 200 by default, 404 and 5xx by
// pattern, each with a template that shows which answered.
var mockResponses = []IntegrationResponse{
	{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `{"r":"default"}`}},
	{SelectionPattern: "404", StatusCode: 404, ResponseTemplates: map[string]string{"application/json": `{"r":"404"}`}},
	{SelectionPattern: `5\d{2}`, StatusCode: 503},
}

func TestMockStatusCode(t *testing.T) {
	const internal = `{"message":"Internal server error"}`
	tests := []struct {
		name     string
		template string // the request template; "-" for none
		status   int
		body     string
		wantErr  apigate.ResponseType
	}{
		{"json", `{"statusCode": 200}`, 200, `{"r":"default"}`, ""},
		{"json 404", `{"statusCode": 404}`, 404, `{"r":"404"}`, ""},
		{"pattern without template", `{"statusCode": 503}`, 503, ``, ""},
		{"unquoted key (CDK's CORS mock)", `{statusCode: 404}`, 404, `{"r":"404"}`, ""},
		{"single-quoted key", `{'statusCode': 404}`, 404, `{"r":"404"}`, ""},
		{"whitespace and newlines", "\n  {\n    \"statusCode\": 404\n  }\n", 404, `{"r":"404"}`, ""},
		{"other keys", `{"a": [1, {"b": 2}], "statusCode": 404, "c": "x"}`, 404, `{"r":"404"}`, ""},
		{"unmatched status selects the default", `{"statusCode": 418}`, 200, `{"r":"default"}`, ""},
		{"negative status is a selection value too", `{"statusCode": -1}`, 200, `{"r":"default"}`, ""},
		{"vtl computes the status", `#set($s = 400 + 4){"statusCode": $s}`, 404, `{"r":"404"}`, ""},
		{"string status", `{"statusCode": "200"}`, 500, internal, apigate.APIConfigurationError},
		{"decimal status", `{"statusCode": 200.0}`, 500, internal, apigate.APIConfigurationError},
		{"boolean status", `{"statusCode": true}`, 500, internal, apigate.APIConfigurationError},
		{"null status", `{"statusCode": null}`, 500, internal, apigate.APIConfigurationError},
		{"status past int", `{"statusCode": 2147483648}`, 500, internal, apigate.APIConfigurationError},
		{"no statusCode", `{"status": 200}`, 500, internal, apigate.APIConfigurationError},
		{"key case matters", `{"StatusCode": 200}`, 500, internal, apigate.APIConfigurationError},
		{"not an object", `[{"statusCode": 200}]`, 500, internal, apigate.APIConfigurationError},
		{"bare number", `200`, 500, internal, apigate.APIConfigurationError},
		{"empty output", ``, 500, internal, apigate.APIConfigurationError},
		{"broken json", `{"statusCode": 200`, 500, internal, apigate.APIConfigurationError},
		{"no request template: the default response", "-", 200, `{"r":"default"}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Responses: mockResponses}
			if tc.template != "-" {
				opts.RequestTemplates = map[string]string{"application/json": tc.template}
			}
			m := Mock(opts)
			if err := m.Validate(); err != nil {
				t.Fatal(err)
			}
			resp, err := m.Integrate(context.Background(), itest.Request("GET", "/pets", ""))
			if tc.wantErr != "" {
				if got := itest.ErrorType(err); got != tc.wantErr {
					t.Fatalf("error %v, want %s", err, tc.wantErr)
				}
				status, body := itest.ErrorResponse(t, err)
				if status != tc.status || body != tc.body {
					t.Errorf("got %d %s, want %d %s", status, body, tc.status, tc.body)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := http.Header{"Content-Type": {"application/json"}}
			if resp.StatusCode != tc.status || string(resp.Body) != tc.body || !reflect.DeepEqual(resp.Header, want) {
				t.Errorf("got %d %v %q, want %d %v %q", resp.StatusCode, resp.Header, resp.Body, tc.status, want, tc.body)
			}
		})
	}
}

// TestMockNoTemplate covers a MOCK without request templates: the client's body is passed
// through to nowhere, and the default response answers even when the body names a status.
func TestMockNoTemplate(t *testing.T) {
	m := Mock(Options{Responses: mockResponses})
	resp := itest.Integrate(t, m, itest.Request("POST", "/pets", `{"statusCode": 404}`, "Content-Type", "application/json"))
	if resp.StatusCode != 200 || string(resp.Body) != `{"r":"default"}` {
		t.Errorf("got %d %q", resp.StatusCode, resp.Body)
	}

	// Without a default response there is nothing to answer with.
	m = Mock(Options{Responses: mockResponses[1:]})
	_, err := m.Integrate(context.Background(), itest.Request("GET", "/pets", ""))
	if !errors.Is(err, apigate.ErrAPIConfiguration) {
		t.Errorf("got %v, want API_CONFIGURATION_ERROR", err)
	}
	// Nor without any integration response at all.
	m = Mock(Options{RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`}})
	_, err = m.Integrate(context.Background(), itest.Request("GET", "/pets", ""))
	if !errors.Is(err, apigate.ErrAPIConfiguration) {
		t.Errorf("got %v, want API_CONFIGURATION_ERROR", err)
	}
}

// TestMockBodyEmpty checks that the mock endpoint's body is empty: without a response template
// the client gets nothing, whatever the request body, and a response template's $input.body
// reads the empty body as {}.
func TestMockBodyEmpty(t *testing.T) {
	m := Mock(Options{
		RequestTemplates: map[string]string{"application/json": `{"statusCode": 200, "echo": $input.json('$')}`},
		Responses:        []IntegrationResponse{{StatusCode: 201}},
	})
	resp := itest.Integrate(t, m, itest.Request("POST", "/pets", `{"big":"body"}`, "Content-Type", "application/json"))
	if resp.StatusCode != 201 || len(resp.Body) != 0 {
		t.Errorf("got %d %q", resp.StatusCode, resp.Body)
	}
	m = Mock(Options{
		RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
		Responses:        []IntegrationResponse{{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `[$input.body|$input.json('$')]`}}},
	})
	resp = itest.Integrate(t, m, itest.Request("POST", "/pets", `{"big":"body"}`, "Content-Type", "application/json"))
	if string(resp.Body) != `[{}|{}]` {
		t.Errorf("got %q", resp.Body)
	}
}

// TestMockResponseOverride is the recorded MOCK case (LocalStack snapshot, AWS): a
// responseOverride set in the request template applies to the final response, and the response
// template reads it.
func TestMockResponseOverride(t *testing.T) {
	req := `#set($context.responseOverride.status = 444)
#set($context.responseOverride.header.foo = "bar")
#set($context.responseOverride.custom = "is also passed around")
{"statusCode": 200}`
	for _, withTemplate := range []bool{false, true} {
		ir := IntegrationResponse{SelectionPattern: `2\d{2}`, StatusCode: 200}
		wantBody := ""
		if withTemplate {
			ir.ResponseTemplates = map[string]string{"application/json": `{"status":"$context.responseOverride.status","foo":"$context.responseOverride.header.foo","custom":"$context.responseOverride.custom"}`}
			wantBody = `{"status":"444","foo":"bar","custom":"is also passed around"}`
		}
		m := Mock(Options{RequestTemplates: map[string]string{"application/json": req}, Responses: []IntegrationResponse{ir}})
		resp := itest.Integrate(t, m, itest.Request("GET", "/", ""))
		want := http.Header{"Content-Type": {"application/json"}, "foo": {"bar"}} // spelled as set
		if resp.StatusCode != 444 || string(resp.Body) != wantBody || !reflect.DeepEqual(resp.Header, want) {
			t.Errorf("template %v: got %d %v %q", withTemplate, resp.StatusCode, resp.Header, resp.Body)
		}
	}
}

func TestMockValidate(t *testing.T) {
	m := Mock(Options{
		RequestTemplates: map[string]string{"application/json": `#if(`},
		Responses:        []IntegrationResponse{{StatusCode: 200}},
	})
	if err := m.Validate(); err == nil {
		t.Fatal("Validate accepted a template that does not compile")
	}
	_, err := m.Integrate(context.Background(), itest.Request("GET", "/", ""))
	if status, body := itest.ErrorResponse(t, err); status != 500 || body != `{"message":"Internal server error"}` || itest.ErrorType(err) != apigate.APIConfigurationError {
		t.Errorf("got %d %s (%v)", status, body, err)
	}
}

// FuzzMockStatus feeds arbitrary request template output to the MOCK statusCode parser and the
// whole integration: neither may panic, and a status read must be one the text spells.
func FuzzMockStatus(f *testing.F) {
	for _, s := range []string{`{"statusCode": 200}`, `{statusCode: 200}`, `{'statusCode':'200'}`, `{"statusCode": 2e2}`,
		`{"statusCode": 200`, `[`, `{`, `"`, `{"statusCode": -0}`, `{statusCode: 0x10}`, "{\"statusCode\":\u00a0200}",
		`{"statusCode": 99999999999999999999}`, `{"a":{"b":[{"c":1}]},"statusCode":404,}`, "\xff\xfe{statusCode:1}"} {
		f.Add(s)
	}
	m := Mock(Options{
		RequestTemplates: map[string]string{"text/plain": `$input.body`},
		Responses:        []IntegrationResponse{{StatusCode: 200}, {SelectionPattern: `4\d\d`, StatusCode: 400}},
	})
	if err := m.Validate(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		status, ok := mockStatus([]byte(s))
		if fast, fastOK := mockStatusFast([]byte(s)); fastOK {
			if full, fullOK := mockStatusParse([]byte(s)); !fullOK || full != fast {
				t.Fatalf("%q: fast path %d, parser %d %v", s, fast, full, fullOK)
			}
		}
		if ok && !strings.Contains(s, "statusCode") {
			t.Fatalf("%q: status %d without a statusCode key", s, status)
		}
		if len(s) == 0 {
			return // an empty body reads as {} in $input.body
		}
		resp, err := m.Integrate(context.Background(), itest.Request("POST", "/", s, "Content-Type", "text/plain"))
		switch {
		case err != nil:
			var ge *apigate.Error
			if !errors.As(err, &ge) {
				t.Fatalf("%q: error %v is not an *apigate.Error", s, err)
			}
		case resp.StatusCode != 200 && resp.StatusCode != 400:
			t.Fatalf("%q: status %d", s, resp.StatusCode)
		case utf8.ValidString(s) && ok && (status >= 400 && status < 500) != (resp.StatusCode == 400):
			t.Fatalf("%q: statusCode %d answered %d", s, status, resp.StatusCode)
		}
	})
}
