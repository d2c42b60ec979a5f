package lambda

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/itest"
	"github.com/apigate/apigate/integration/invoke"
)

// recorder is an Invoker that records its invocations (with copies of their payloads) and
// answers with answer.
type recorder struct {
	mu     sync.Mutex
	calls  []invoke.Invocation
	answer func(ctx context.Context, in *invoke.Invocation) (*invoke.Result, error)
}

func (f *recorder) Invoke(ctx context.Context, in *invoke.Invocation) (*invoke.Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, invoke.Invocation{Function: in.Function, Payload: bytes.Clone(in.Payload), Async: in.Async})
	f.mu.Unlock()
	if f.answer == nil {
		return succeeded(`{}`), nil
	}
	return f.answer(ctx, in)
}

// last returns the last invocation.
func (f *recorder) Last(t *testing.T) invoke.Invocation {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) == 0 {
		t.Fatal("the function was not invoked")
	}
	return f.calls[len(f.calls)-1]
}

func (f *recorder) Count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// succeeded is a successful synchronous result with payload.
func succeeded(payload string) *invoke.Result {
	return &invoke.Result{StatusCode: 200, Payload: []byte(payload), RequestID: "7f3c1a52-0000-4000-8000-000000000001"}
}

// failed is a function error with the error payload.
func failed(payload string) *invoke.Result {
	return &invoke.Result{StatusCode: 200, Payload: []byte(payload), FunctionError: "Unhandled", RequestID: "7f3c1a52-0000-4000-8000-000000000002"}
}

// answerWith returns an answer function that always gives res.
func answerWith(res *invoke.Result) func(context.Context, *invoke.Invocation) (*invoke.Result, error) {
	return func(context.Context, *invoke.Invocation) (*invoke.Result, error) { return res, nil }
}

// integrateFailing runs a Lambda integration that must fail and returns the status and body the
// default gateway response would have, and the error.
func integrateFailing(t *testing.T, l *integration.NonProxyIntegration, r *apigate.Request) (int, string, error) {
	t.Helper()
	resp, err := l.Integrate(context.Background(), r)
	if err == nil {
		t.Fatalf("Integrate: %d %q, want an error", resp.StatusCode, resp.Body)
	}
	status, body := itest.ErrorResponse(t, err)
	return status, body, err
}

// TestConformanceSelection drives the Lambda cases of selection.jsonl through the Lambda
// integration, with a function that returns the case's lambda_result_json or fails with its
// lambda_error, and compares the status and the body as each case says.
func TestConformanceSelection(t *testing.T) {
	ran := 0
	for _, line := range itest.ConformanceLines(t, "selection.jsonl") {
		var c struct {
			ID    string `json:"id"`
			Input struct {
				IntegrationType      string               `json:"integration_type"`
				IntegrationResponses []itest.ConfResponse `json:"integration_responses"`
				Backend              struct {
					Result json.RawMessage `json:"lambda_result_json"`
					Error  json.RawMessage `json:"lambda_error"`
				} `json:"backend"`
			} `json:"input"`
			Expected struct {
				Status   int                        `json:"status"`
				Body     *string                    `json:"body"`
				BodyJSON json.RawMessage            `json:"body_json"`
				Subset   map[string]json.RawMessage `json:"body_json_subset"`
			} `json:"expected"`
		}
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(c.Input.IntegrationType, "AWS (Lambda") {
			continue
		}
		ran++
		t.Run(c.ID, func(t *testing.T) {
			var responses []integration.IntegrationResponse
			for _, r := range c.Input.IntegrationResponses {
				responses = append(responses, integration.IntegrationResponse{SelectionPattern: r.SelectionPattern, StatusCode: r.Status(t), ResponseTemplates: r.ResponseTemplates})
			}
			var res *invoke.Result
			switch {
			case c.Input.Backend.Error != nil:
				res = failed(string(c.Input.Backend.Error))
			case c.Input.Backend.Result != nil:
				res = succeeded(string(c.Input.Backend.Result))
			default:
				t.Fatal("the case has no Lambda result")
			}
			fake := &recorder{answer: answerWith(res)}
			l := NonProxy("arn:aws:lambda:us-east-1:111122223333:function:selection", fake, integration.Options{Responses: responses})
			resp, err := l.Integrate(context.Background(), itest.Request("POST", "/", `{"hello":"world"}`, "Content-Type", "application/json"))
			status, body := itest.Outcome(t, resp, err)
			if status != c.Expected.Status {
				t.Errorf("status %d, want %d", status, c.Expected.Status)
			}
			if c.Expected.Body != nil && string(body) != *c.Expected.Body {
				t.Errorf("body %q, want %q", body, *c.Expected.Body)
			}
			if c.Expected.BodyJSON != nil && !itest.JSONEqual(body, c.Expected.BodyJSON) {
				t.Errorf("body %s, want JSON %s", body, c.Expected.BodyJSON)
			}
			if c.Expected.Subset != nil {
				var got map[string]json.RawMessage
				if err := json.Unmarshal(body, &got); err != nil {
					t.Fatalf("body %s: %v", body, err)
				}
				for k, want := range c.Expected.Subset {
					if !itest.JSONEqual(got[k], want) {
						t.Errorf("body[%q] = %s, want %s", k, got[k], want)
					}
				}
			}
			if got := fake.Last(t); string(got.Payload) != `{"hello":"world"}` || got.Async {
				t.Errorf("invocation %+v", got)
			}
		})
	}
	if ran == 0 {
		t.Fatal("no Lambda case in selection.jsonl")
	}
	t.Logf("%d Lambda cases run through the Lambda integration", ran)
}

// TestNonProxySelection: the selection value is the function error's errorMessage, matched whole;
// a success is the empty string, which only an empty-matching pattern or the default takes; an
// unmatched error gets the default response with the error JSON; without a default, 500.
func TestNonProxySelection(t *testing.T) {
	responses := []integration.IntegrationResponse{
		{StatusCode: 200},
		{SelectionPattern: `Invalid.*`, StatusCode: 400},
		{SelectionPattern: `200`, StatusCode: 504},
		{SelectionPattern: `(?s).*timed out.*`, StatusCode: 504},
		{SelectionPattern: `Not found: \d+`, StatusCode: 404},
	}
	const notFound = `{"errorMessage":"Not found: 42","errorType":"errorString"}`
	for _, tc := range []struct {
		name   string
		res    *invoke.Result
		status int
		body   string
	}{
		{"success", succeeded(`{"id":1}`), 200, `{"id":1}`},
		{"success with an errorMessage key is a success", succeeded(`{"errorMessage":"Invalid input"}`), 200, `{"errorMessage":"Invalid input"}`},
		{"error", failed(`{"errorMessage":"Invalid input","errorType":"Error"}`), 400, `{"errorMessage":"Invalid input","errorType":"Error"}`},
		{"full match only", failed(`{"errorMessage":"Not found: 42!"}`), 200, `{"errorMessage":"Not found: 42!"}`},
		{"regex", failed(notFound), 404, notFound},
		{"dotall", failed(`{"errorMessage":"RequestId: x Error: Task\ntimed out after 3.00 seconds","errorType":"Sandbox.Timedout"}`), 504, ""},
		{"an errorMessage of 200 is an error message", failed(`{"errorMessage":"200"}`), 504, `{"errorMessage":"200"}`},
		{"no errorMessage", failed(`{"errorType":"Error"}`), 200, `{"errorType":"Error"}`},
		{"null errorMessage", failed(`{"errorMessage":null}`), 200, `{"errorMessage":null}`},
		{"a number", failed(`{"errorMessage":200}`), 504, `{"errorMessage":200}`},
		{"not an object", failed(`"Invalid"`), 200, `"Invalid"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := NonProxy("fn", &recorder{answer: answerWith(tc.res)}, integration.Options{Responses: responses})
			for range 2 { // the second time from the remembered choice
				resp := itest.Integrate(t, l, itest.Request("POST", "/", `{}`))
				if resp.StatusCode != tc.status || tc.body != "" && string(resp.Body) != tc.body {
					t.Errorf("%d %s, want %d %s", resp.StatusCode, resp.Body, tc.status, tc.body)
				}
				if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type %q", ct)
				}
				if !itest.TraceIDPattern.MatchString(resp.Header.Get("X-Amzn-Trace-Id")) {
					t.Errorf("X-Amzn-Trace-Id %q", resp.Header.Get("X-Amzn-Trace-Id"))
				}
			}
		})
	}

	// .* takes a success too, as the developer guide says.
	l := NonProxy("fn", &recorder{}, integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}, {SelectionPattern: ".*", StatusCode: 202}}})
	if resp := itest.Integrate(t, l, itest.Request("POST", "/", `{}`)); resp.StatusCode != 202 {
		t.Errorf(".* on a success: %d", resp.StatusCode)
	}

	// No default response: a success or an unmatched error is 500 API_CONFIGURATION_ERROR.
	for _, res := range []*invoke.Result{succeeded(`{}`), failed(`{"errorMessage":"boom"}`)} {
		l := NonProxy("fn", &recorder{answer: answerWith(res)}, integration.Options{Responses: []integration.IntegrationResponse{{SelectionPattern: "Invalid.*", StatusCode: 400}}})
		status, body, err := integrateFailing(t, l, itest.Request("POST", "/", `{}`))
		if status != 500 || body != `{"message":"Internal server error"}` || !errors.Is(err, apigate.ErrAPIConfiguration) {
			t.Errorf("no default: %d %s %v", status, body, err)
		}
	}
}

// TestNonProxyTemplates: the request template renders the event; response templates see the
// function's payload, or the error JSON, as $input.
func TestNonProxyTemplates(t *testing.T) {
	fake := &recorder{answer: func(_ context.Context, in *invoke.Invocation) (*invoke.Result, error) {
		var ev struct {
			Name string `json:"name"`
			ID   string `json:"id"`
		}
		if err := json.Unmarshal(in.Payload, &ev); err != nil {
			return nil, err
		}
		if ev.Name == "" {
			return failed(`{"errorMessage":"Invalid name for pet ` + ev.ID + `","errorType":"ValidationError","stackTrace":[]}`), nil
		}
		out, _ := json.Marshal(map[string]any{"pet": map[string]string{"id": ev.ID, "name": ev.Name}, "tags": []string{"a", "b"}})
		return succeeded(string(out)), nil
	}}
	l := NonProxy("pets", fake, integration.Options{
		Passthrough:      integration.PassthroughNever,
		RequestTemplates: map[string]string{"application/json": `{"name": "$util.escapeJavaScript($input.path('$.name'))", "id": "$input.params('id')", "stage": "$context.stage"}`},
		Responses: []integration.IntegrationResponse{
			{StatusCode: 201, ResponseTemplates: map[string]string{
				"application/json": `{"id": "$input.path('$.pet.id')", "name": "$input.path('$.pet.name')", "tags": $input.json('$.tags'), "status": $context.responseOverride.status}`,
				"text/plain":       `$input.path('$.pet.name')`,
			}},
			{SelectionPattern: "Invalid.*", StatusCode: 400,
				ResponseParameters: map[string]string{"method.response.header.X-Error-Type": "integration.response.body.errorType"},
				ResponseTemplates:  map[string]string{"application/json": `#set($context.responseOverride.status = 422){"error": "$input.path('$.errorMessage')", "type": "$input.path('$.errorType')"}`}},
		},
	})
	resp := itest.Integrate(t, l, itest.Request("POST", "/pets/7?id=7", `{"name":"Rex \"the dog\""}`, "Content-Type", "application/json; charset=utf-8"))
	if got := string(fake.Last(t).Payload); got != `{"name": "Rex \"the dog\"", "id": "7", "stage": "test"}` {
		t.Errorf("event %s", got)
	}
	if resp.StatusCode != 201 || string(resp.Body) != `{"id": "7", "name": "Rex "the dog"", "tags": ["a","b"], "status": }` {
		t.Errorf("success: %d %s", resp.StatusCode, resp.Body)
	}
	resp = itest.Integrate(t, l, itest.Request("POST", "/pets/7?id=7", `{"name":"Rex"}`, "Content-Type", "application/json", "Accept", "text/plain"))
	if resp.StatusCode != 201 || string(resp.Body) != `Rex` || resp.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("text/plain: %d %s %v", resp.StatusCode, resp.Body, resp.Header)
	}
	resp = itest.Integrate(t, l, itest.Request("POST", "/pets/8?id=8", `{}`, "Content-Type", "application/json"))
	if resp.StatusCode != 422 || string(resp.Body) != `{"error": "Invalid name for pet 8", "type": "ValidationError"}` ||
		resp.Header.Get("X-Error-Type") != "ValidationError" {
		t.Errorf("error: %d %s %v", resp.StatusCode, resp.Body, resp.Header)
	}
	// Passthrough NEVER: no template for text/plain.
	status, _, err := integrateFailing(t, l, itest.Request("POST", "/pets/7", `x`, "Content-Type", "text/plain"))
	if status != 415 || !errors.Is(err, apigate.ErrUnsupportedMediaType) {
		t.Errorf("415: %d %v", status, err)
	}
}

// TestNonProxyPassthrough: without a template the body is the event; an empty one is sent as {};
// one that is not JSON is refused with 400 as the Invoke API refuses it, and the function is
// not invoked.
func TestNonProxyPassthrough(t *testing.T) {
	fake := &recorder{answer: func(_ context.Context, in *invoke.Invocation) (*invoke.Result, error) {
		return succeeded(string(in.Payload)), nil
	}}
	l := NonProxy("echo", fake, integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}})
	for _, tc := range []struct{ body, contentType, event string }{
		{`{"a": [1, 2]}`, "application/json", `{"a": [1, 2]}`},
		{` "text" `, "text/plain", ` "text" `},
		{`[1,2]`, "", `[1,2]`},
		{``, "", `{}`},
	} {
		resp := itest.Integrate(t, l, itest.Request("POST", "/", tc.body, "Content-Type", tc.contentType))
		if got := string(fake.Last(t).Payload); got != tc.event || string(resp.Body) != tc.event {
			t.Errorf("body %q: event %q, response %q", tc.body, got, resp.Body)
		}
	}
	n := fake.Count()
	for _, body := range []string{`name=Rex`, `{"a":`, `{'a':1}`} {
		status, msg, err := integrateFailing(t, l, itest.Request("POST", "/", body, "Content-Type", "application/x-www-form-urlencoded"))
		if status != 400 || !strings.HasPrefix(msg, `{"message":"Could not parse request body into json: Could not parse payload into json: `) ||
			!errors.Is(err, apigate.ErrDefault4XX) {
			t.Errorf("%q: %d %s %v", body, status, msg, err)
		}
	}
	if fake.Count() != n {
		t.Error("a function was invoked with an event that is not JSON")
	}
}

// TestNonProxyAsync: X-Amz-Invocation-Type 'Event', static or from the request, invokes
// asynchronously: the integration response is empty and selects with the empty string.
func TestNonProxyAsync(t *testing.T) {
	responses := []integration.IntegrationResponse{
		{StatusCode: 202, ResponseTemplates: map[string]string{"application/json": `{"accepted": true, "body": "$input.body"}`}},
		{SelectionPattern: ".+", StatusCode: 500},
	}
	fake := &recorder{answer: func(_ context.Context, in *invoke.Invocation) (*invoke.Result, error) {
		if in.Async {
			return &invoke.Result{StatusCode: 202, RequestID: "async-1"}, nil
		}
		return succeeded(`{"sync":true}`), nil
	}}
	static := NonProxy("worker", fake, integration.Options{
		RequestParameters: map[string]string{"integration.request.header.X-Amz-Invocation-Type": "'Event'"},
		Responses:         responses,
	})
	r := itest.Request("POST", "/jobs", `{"job":1}`)
	resp := itest.Integrate(t, static, r)
	copy(r.Body, `{"XXX":1}`) // the gateway reuses the request's memory once it has answered
	if got := fake.Last(t); !got.Async || got.Function != "worker" || string(got.Payload) != `{"job":1}` {
		t.Errorf("invocation %+v", got)
	}
	if resp.StatusCode != 202 || string(resp.Body) != `{"accepted": true, "body": "{}"}` {
		t.Errorf("async: %d %s", resp.StatusCode, resp.Body)
	}

	// The client chooses.
	chosen := NonProxy("worker", fake, integration.Options{
		RequestParameters: map[string]string{"integration.request.header.X-Amz-Invocation-Type": "method.request.header.InvocationType"},
		Responses:         []integration.IntegrationResponse{{StatusCode: 200}},
	})
	for _, tc := range []struct {
		header []string
		async  bool
		body   string
	}{
		{nil, false, `{"sync":true}`},
		{[]string{"InvocationType", "RequestResponse"}, false, `{"sync":true}`},
		{[]string{"InvocationType", "Event"}, true, ``},
	} {
		resp := itest.Integrate(t, chosen, itest.Request("POST", "/jobs", `{}`, tc.header...))
		if got := fake.Last(t); got.Async != tc.async || string(resp.Body) != tc.body {
			t.Errorf("%v: async %v, body %q", tc.header, got.Async, resp.Body)
		}
	}
	// A dry run invokes nothing.
	n := fake.Count()
	resp = itest.Integrate(t, chosen, itest.Request("POST", "/jobs", `{}`, "InvocationType", "DryRun"))
	if fake.Count() != n || resp.StatusCode != 200 || len(resp.Body) != 0 {
		t.Errorf("DryRun: %d invocations, %d %q", fake.Count()-n, resp.StatusCode, resp.Body)
	}
	// Lambda refuses other invocation types.
	status, _, err := integrateFailing(t, chosen, itest.Request("POST", "/jobs", `{}`, "InvocationType", "event"))
	if status != 500 || !errors.Is(err, apigate.ErrAPIConfiguration) || fake.Count() != n {
		t.Errorf("invocation type event: %d %v", status, err)
	}
	// An override in the request template chooses too.
	override := NonProxy("worker", fake, integration.Options{
		RequestTemplates: map[string]string{"application/json": `#set($context.requestOverride.header.X-Amz-Invocation-Type = "Event"){}`},
		Responses:        []integration.IntegrationResponse{{StatusCode: 200}},
	})
	itest.Integrate(t, override, itest.Request("POST", "/jobs", `{}`))
	if !fake.Last(t).Async {
		t.Error("override: not asynchronous")
	}
}

// TestNonProxyErrorMessageJSON: for a custom error, whose errorMessage is JSON text, response
// parameters read into it (the developer guide's example); templates and the whole-body mapping
// read the payload as it is.
func TestNonProxyErrorMessageJSON(t *testing.T) {
	// The payload of the guide's Node.js function, callback(JSON.stringify(myErrorObj)).
	inner := `{"errorType":"InternalServerError","httpStatus":500,"requestId":"e5849002-39a0-11e7-a419-5bb5807c9fb2","trace":{"function":"abc()","line":123,"file":"abc.js"}}`
	payload, _ := json.Marshal(map[string]string{"errorMessage": inner})
	l := NonProxy("fn", &recorder{answer: answerWith(failed(string(payload)))}, integration.Options{Responses: []integration.IntegrationResponse{
		{StatusCode: 200, ResponseParameters: map[string]string{
			"method.response.header.error_trace_function": "integration.response.body.errorMessage.trace.function",
			"method.response.header.error_status":         "integration.response.body.errorMessage.httpStatus",
			"method.response.header.error_type":           "integration.response.body.errorMessage.errorType",
			"method.response.header.error_trace":          "integration.response.body.errorMessage.trace",
			"method.response.header.error_missing":        "integration.response.body.errorMessage.nope",
			"method.response.header.whole":                "integration.response.body",
		}},
		{SelectionPattern: `\{"errorType":"InternalServerError".*`, StatusCode: 500, ResponseParameters: map[string]string{
			"method.response.header.error_type": "integration.response.body.errorMessage.errorType",
			"method.response.header.Function":   "integration.response.header.X-Amz-Function-Error",
			"method.response.header.Request":    "integration.response.header.x-amzn-requestid",
		}, ResponseTemplates: map[string]string{"application/json": `{"errorMessage": $input.json('$.errorMessage'), "type": "$input.path('$.errorMessage.errorType')"}`}},
	}})
	resp := itest.Integrate(t, l, itest.Request("GET", "/", ""))
	if resp.StatusCode != 500 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	// The template reads the errorMessage as a string: a JSONPath does not go into it.
	if want := `{"errorMessage": ` + strconv.Quote(inner) + `, "type": ""}`; string(resp.Body) != want {
		t.Errorf("body %s\nwant %s", resp.Body, want)
	}
	if got := resp.Header["error_type"]; len(got) != 1 || got[0] != "InternalServerError" {
		t.Errorf("error_type %q", got)
	}
	if f, r := resp.Header.Get("Function"), resp.Header.Get("Request"); f != "Unhandled" || r != "7f3c1a52-0000-4000-8000-000000000002" {
		t.Errorf("Invoke API headers %q %q", f, r)
	}

	// The guide's default response: the headers it documents.
	l = NonProxy("fn", &recorder{answer: answerWith(failed(string(payload)))}, integration.Options{Responses: []integration.IntegrationResponse{
		{StatusCode: 200, ResponseParameters: map[string]string{
			"method.response.header.error_trace_function": "integration.response.body.errorMessage.trace.function",
			"method.response.header.error_status":         "integration.response.body.errorMessage.httpStatus",
			"method.response.header.error_type":           "integration.response.body.errorMessage.errorType",
			"method.response.header.error_trace":          "integration.response.body.errorMessage.trace",
			"method.response.header.error_missing":        "integration.response.body.errorMessage.nope",
			"method.response.header.whole":                "integration.response.body",
		}},
	}})
	resp = itest.Integrate(t, l, itest.Request("GET", "/", ""))
	want := map[string]string{
		"error_status":         "500",
		"error_trace":          `{"function":"abc()","line":123,"file":"abc.js"}`,
		"error_trace_function": "abc()",
		"error_type":           "InternalServerError",
		"whole":                string(payload),
	}
	for k, v := range want {
		if got := resp.Header[k]; len(got) != 1 || got[0] != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	if _, ok := resp.Header["error_missing"]; ok {
		t.Error("a mapping without a value set a header")
	}
	if resp.StatusCode != 200 || string(resp.Body) != string(payload) {
		t.Errorf("default: %d %s", resp.StatusCode, resp.Body)
	}

	// A plain errorMessage is a string: a path into it has no value; the message itself maps.
	l = NonProxy("fn", &recorder{answer: answerWith(failed(`{"errorMessage":"{not json","errorType":"Error"}`))}, integration.Options{Responses: []integration.IntegrationResponse{
		{StatusCode: 200, ResponseParameters: map[string]string{
			"method.response.header.msg":  "integration.response.body.errorMessage",
			"method.response.header.type": "integration.response.body.errorType",
			"method.response.header.x":    "integration.response.body.errorMessage.x",
		}},
	}})
	resp = itest.Integrate(t, l, itest.Request("GET", "/", ""))
	if h := resp.Header; len(h["msg"]) != 1 || h["msg"][0] != "{not json" || len(h["type"]) != 1 || h["type"][0] != "Error" || h["x"] != nil {
		t.Errorf("plain errorMessage: %v", resp.Header)
	}
	// A success is not deserialized.
	l = NonProxy("fn", &recorder{answer: answerWith(succeeded(`{"errorMessage":"{\"a\":1}"}`))}, integration.Options{Responses: []integration.IntegrationResponse{
		{StatusCode: 200, ResponseParameters: map[string]string{"method.response.header.a": "integration.response.body.errorMessage.a"}},
	}})
	if resp := itest.Integrate(t, l, itest.Request("GET", "/", "")); resp.Header["a"] != nil {
		t.Errorf("success: %v", resp.Header)
	}
}

// TestNonProxyFunctionName: the function is resolved per request with the stage variables.
func TestNonProxyFunctionName(t *testing.T) {
	fake := &recorder{}
	const uri = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:${stageVariables.fn}:${stageVariables.alias}/invocations"
	l := NonProxy(uri, fake, integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}})
	for _, vars := range []map[string]string{{"fn": "orders", "alias": "live"}, {"fn": "orders", "alias": "7"}, {"fn": "users", "alias": "$LATEST"}} {
		r := itest.Request("POST", "/", `{}`)
		r.StageVariables = vars
		itest.Integrate(t, l, r)
		if got, want := fake.Last(t).Function, "arn:aws:lambda:eu-west-1:123456789012:function:"+vars["fn"]+":"+vars["alias"]; got != want {
			t.Errorf("function %q, want %q", got, want)
		}
	}
	// A stage without the variable names no function.
	l = NonProxy("${stageVariables.fn}", fake, integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}})
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	n := fake.Count()
	status, _, err := integrateFailing(t, l, itest.Request("POST", "/", `{}`))
	if status != 500 || !errors.Is(err, apigate.ErrAPIConfiguration) || !errors.Is(err, ErrInvalidFunction) || fake.Count() != n {
		t.Errorf("unset stage variable: %d %v", status, err)
	}
	// A plain name is passed as it is.
	l = NonProxy("my-fn:live", fake, integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}})
	itest.Integrate(t, l, itest.Request("POST", "/", `{}`))
	if got := fake.Last(t).Function; got != "my-fn:live" {
		t.Errorf("function %q", got)
	}
}

// apiError is an error as aws-sdk-go-v2 reports one of the Invoke API's: an error code,
// a message and an HTTP status.
type apiError struct {
	code, msg string
	status    int
}

func (e *apiError) Error() string        { return e.code + ": " + e.msg }
func (e *apiError) ErrorCode() string    { return e.code }
func (e *apiError) ErrorMessage() string { return e.msg }
func (e *apiError) HTTPStatusCode() int  { return e.status }

// TestNonProxyInvokeErrors: the failures of the invocation itself.
func TestNonProxyInvokeErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		status int
		body   string
		typ    apigate.ResponseType
	}{
		{"not found", &apiError{"ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:111122223333:function:fn", 404}, 500, `{"message":"Internal server error"}`, apigate.APIConfigurationError},
		{"access denied", fmt.Errorf("operation error Lambda: Invoke: %w", &apiError{"AccessDeniedException", "not authorized", 403}), 500, `{"message":"Internal server error"}`, apigate.APIConfigurationError},
		{"throttled", &apiError{"TooManyRequestsException", "Rate Exceeded.", 429}, 500, `{"message":"Internal server error"}`, apigate.IntegrationFailure},
		{"service", &apiError{"ServiceException", "internal", 500}, 500, `{"message":"Internal server error"}`, apigate.IntegrationFailure},
		{"other", errors.New("connection refused"), 500, `{"message":"Internal server error"}`, apigate.IntegrationFailure},
		{"invoke: not found", fmt.Errorf("%w: fn", invoke.ErrFunctionNotFound), 500, `{"message":"Internal server error"}`, apigate.APIConfigurationError},
		{"invoke: throttled", fmt.Errorf("%w: fn: 10 Event invocations running", invoke.ErrTooManyRequests), 500, `{"message":"Internal server error"}`, apigate.IntegrationFailure},
		{"invoke: bad content", fmt.Errorf("%w: fn", invoke.ErrInvalidRequestContent), 400, `{"message":"Could not parse request body into json"}`, apigate.Default4XX},
		{"bad content", &apiError{"InvalidRequestContentException", "Could not parse request body into json: Could not parse payload into json: Unexpected character", 400}, 400,
			`{"message":"Could not parse request body into json: Could not parse payload into json: Unexpected character"}`, apigate.Default4XX},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := NonProxy("fn", &recorder{answer: func(context.Context, *invoke.Invocation) (*invoke.Result, error) { return nil, tc.err }},
				integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}, {SelectionPattern: ".*", StatusCode: 418}}})
			status, body, err := integrateFailing(t, l, itest.Request("POST", "/", `{}`))
			if status != tc.status || body != tc.body || itest.ErrorType(err) != tc.typ || !errors.Is(err, tc.err) {
				t.Errorf("%d %s %v (%s), want %d %s %s", status, body, err, itest.ErrorType(err), tc.status, tc.body, tc.typ)
			}
		})
	}

	// The integration's timeout.
	l := NonProxy("slow", &recorder{answer: func(ctx context.Context, _ *invoke.Invocation) (*invoke.Result, error) {
		<-ctx.Done()
		return nil, fmt.Errorf("operation error Lambda: Invoke: %w", ctx.Err())
	}}, integration.Options{Timeout: 50 * time.Millisecond, Responses: []integration.IntegrationResponse{{StatusCode: 200}}})
	start := time.Now()
	status, body, err := integrateFailing(t, l, itest.Request("POST", "/", `{}`))
	if status != 504 || body != `{"message":"Endpoint request timed out"}` || !errors.Is(err, apigate.ErrIntegrationTimeout) {
		t.Errorf("timeout: %d %s %v", status, body, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("timeout after %v", d)
	}
	// A client that went away gets its own error back.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Integrate(ctx, itest.Request("POST", "/", `{}`)); !errors.Is(err, context.Canceled) || itest.ErrorType(err) != "" {
		t.Errorf("canceled: %v", err)
	}
	// An Invoker that answers nothing.
	l = NonProxy("fn", &recorder{answer: func(context.Context, *invoke.Invocation) (*invoke.Result, error) { return nil, nil }},
		integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}})
	if status, _, err := integrateFailing(t, l, itest.Request("POST", "/", `{}`)); status != 500 || itest.ErrorType(err) != apigate.IntegrationFailure {
		t.Errorf("nil result: %d %v", status, err)
	}
}

// TestNonProxyIllegalHeaders: mapping a header API Gateway refuses on an AWS integration fails
// the request before the function is invoked.
func TestNonProxyIllegalHeaders(t *testing.T) {
	for _, h := range []string{"Authorization", "connection", "Expect", "Proxy-Authenticate", "TE", "Content-Length", "X-Amzn-Trace-Id"} {
		fake := &recorder{}
		l := NonProxy("fn", fake, integration.Options{
			RequestParameters: map[string]string{"integration.request.header." + h: "'x'"},
			Responses:         []integration.IntegrationResponse{{StatusCode: 200}},
		})
		status, _, err := integrateFailing(t, l, itest.Request("POST", "/", `{}`))
		if status != 500 || !errors.Is(err, apigate.ErrAPIConfiguration) || fake.Count() != 0 {
			t.Errorf("%s: %d %v", h, status, err)
		}
	}
	// Other mapped headers are allowed (and go nowhere).
	l := NonProxy("fn", &recorder{}, integration.Options{
		RequestParameters: map[string]string{"integration.request.header.X-Custom": "'x'", "integration.request.querystring.q": "'y'"},
		Responses:         []integration.IntegrationResponse{{StatusCode: 200}},
	})
	itest.Integrate(t, l, itest.Request("POST", "/", `{}`))
}

// TestNonProxyValidate: definition errors, and the method responses.
func TestNonProxyValidate(t *testing.T) {
	ok := integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}, {SelectionPattern: "Invalid.*", StatusCode: 400,
		ResponseParameters: map[string]string{"method.response.header.X-Type": "integration.response.body.errorType"}}}}
	for _, tc := range []struct {
		name string
		fn   string
		inv  invoke.Invoker
		opts integration.Options
		want error
	}{
		{"no invoker", "fn", nil, ok, integration.ErrInvalidIntegration},
		{"no function", "", &recorder{}, ok, ErrInvalidFunction},
		{"service URI", "arn:aws:apigateway:us-east-1:sqs:action/SendMessage", &recorder{}, ok, ErrInvalidFunction},
		{"bad URI with stage variables", "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${stageVariables.fn}", &recorder{}, ok, ErrInvalidFunction},
		{"bad pattern", "fn", &recorder{}, integration.Options{Responses: []integration.IntegrationResponse{{SelectionPattern: "(", StatusCode: 400}}}, integration.ErrInvalidIntegration},
		{"bad timeout", "fn", &recorder{}, integration.Options{Timeout: time.Minute}, integration.ErrInvalidTimeout},
	} {
		l := NonProxy(tc.fn, tc.inv, tc.opts)
		if err := l.Validate(); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
		status, _, err := integrateFailing(t, l, itest.Request("POST", "/", `{}`))
		if status != 500 || !errors.Is(err, apigate.ErrAPIConfiguration) {
			t.Errorf("%s: %d %v", tc.name, status, err)
		}
	}
	l := NonProxy("fn", &recorder{}, ok)
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := l.MethodResponses(); len(got) != 2 || len(got[200]) != 0 || len(got[400]) != 1 || got[400][0] != "X-Type" {
		t.Errorf("MethodResponses %v", got)
	}
	var _ interface {
		apigate.Integration
		apigate.Validator
		apigate.MethodResponder
	} = l
}

// TestNonProxyConcurrent runs one Lambda integration from many goroutines, each request seeing
// its own event and answer (run with -race).
func TestNonProxyConcurrent(t *testing.T) {
	fake := &recorder{answer: func(_ context.Context, in *invoke.Invocation) (*invoke.Result, error) {
		var ev struct{ N string }
		json.Unmarshal(in.Payload, &ev)
		if strings.HasSuffix(ev.N, "7") {
			return failed(`{"errorMessage":"{\"code\":\"E` + ev.N + `\"}"}`), nil
		}
		return succeeded(`{"n":"` + ev.N + `"}`), nil
	}}
	l := NonProxy("fn", fake, integration.Options{
		RequestTemplates: map[string]string{"application/json": `{"N":"$input.params('n')"}`},
		Responses: []integration.IntegrationResponse{
			{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `$input.path('$.n')`}},
			{SelectionPattern: `\{.*`, StatusCode: 400, ResponseParameters: map[string]string{"method.response.header.X-Code": "integration.response.body.errorMessage.code"}},
		},
	})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				n := strconv.Itoa(g*100 + i)
				resp, err := l.Integrate(context.Background(), itest.Request("POST", "/?n="+n, ""))
				switch {
				case err != nil:
					t.Error(err)
				case strings.HasSuffix(n, "7"):
					if resp.StatusCode != 400 || resp.Header.Get("X-Code") != "E"+n {
						t.Errorf("%s: %d %v", n, resp.StatusCode, resp.Header)
					}
				case resp.StatusCode != 200 || string(resp.Body) != n:
					t.Errorf("%s: %d %q", n, resp.StatusCode, resp.Body)
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkLambda runs a Lambda integration with a request template, a response template and
// a response parameter, with a function that answers at once.
func BenchmarkNonProxy(b *testing.B) {
	res := succeeded(`{"pet":{"id":"7","name":"Rex","type":"dog"},"tags":["a","b"]}`)
	l := NonProxy("arn:aws:lambda:us-east-1:111122223333:function:pets", invokerFunc(func(context.Context, *invoke.Invocation) (*invoke.Result, error) {
		return res, nil
	}), integration.Options{
		RequestTemplates: map[string]string{"application/json": `{"name": "$input.path('$.name')", "id": "$input.params('id')"}`},
		Responses: []integration.IntegrationResponse{
			{StatusCode: 201, ResponseParameters: map[string]string{"method.response.header.Location": "'/pets/7'"},
				ResponseTemplates: map[string]string{"application/json": `{"id": "$input.path('$.pet.id')", "name": "$input.path('$.pet.name')"}`}},
			{SelectionPattern: "Invalid.*", StatusCode: 400},
		},
	})
	r := itest.Request("POST", "/pets?id=7", `{"name":"Rex"}`, "Content-Type", "application/json")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := l.Integrate(ctx, r)
		if err != nil || resp.StatusCode != 201 {
			b.Fatal(resp, err)
		}
	}
}

// invokerFunc is an Invoker made of a function.
type invokerFunc func(context.Context, *invoke.Invocation) (*invoke.Result, error)

func (f invokerFunc) Invoke(ctx context.Context, in *invoke.Invocation) (*invoke.Result, error) {
	return f(ctx, in)
}

// TestNonProxyLocal runs Go handlers through the in-process invoker: a success, a returned error
// selected by its message, a panic left to the default response, an asynchronous invocation, and
// a function that is not registered.
func TestNonProxyLocal(t *testing.T) {
	local := &invoke.Local{}
	type pet struct {
		Name string `json:"name"`
	}
	var mu sync.Mutex
	var queued []string
	for name, h := range map[string]any{
		"arn:aws:lambda:us-east-1:111122223333:function:pets": func(ctx context.Context, p pet) (map[string]any, error) {
			switch p.Name {
			case "":
				return nil, errors.New("Invalid name")
			case "panic":
				panic("boom")
			}
			return map[string]any{"name": p.Name, "id": 7}, nil
		},
		"arn:aws:lambda:us-east-1:111122223333:function:worker": func(p pet) {
			mu.Lock()
			queued = append(queued, p.Name)
			mu.Unlock()
		},
	} {
		if err := local.Register(name, h); err != nil {
			t.Fatal(err)
		}
	}
	opts := integration.Options{Responses: []integration.IntegrationResponse{
		{StatusCode: 200},
		{SelectionPattern: "Invalid.*", StatusCode: 400, ResponseTemplates: map[string]string{"application/json": `{"error": "$input.path('$.errorMessage')", "type": "$input.path('$.errorType')"}`}},
	}}
	l := NonProxy("arn:aws:lambda:us-east-1:111122223333:function:pets", local, opts)
	for _, tc := range []struct {
		body, want string
		status     int
	}{
		{`{"name":"Rex"}`, `{"id":7,"name":"Rex"}`, 200},
		{`{}`, `{"error": "Invalid name", "type": "errorString"}`, 400},
	} {
		resp := itest.Integrate(t, l, itest.Request("POST", "/", tc.body))
		if resp.StatusCode != tc.status || string(resp.Body) != tc.want {
			t.Errorf("%s: %d %s, want %d %s", tc.body, resp.StatusCode, resp.Body, tc.status, tc.want)
		}
	}
	resp := itest.Integrate(t, l, itest.Request("POST", "/", `{"name":"panic"}`))
	var e struct {
		ErrorMessage, ErrorType string
		StackTrace              []any
	}
	if err := json.Unmarshal(resp.Body, &e); err != nil || resp.StatusCode != 200 || e.ErrorMessage != "boom" || e.ErrorType != "string" || len(e.StackTrace) == 0 {
		t.Errorf("panic: %d %s", resp.StatusCode, resp.Body)
	}

	async := NonProxy("arn:aws:lambda:us-east-1:111122223333:function:worker", local, integration.Options{
		RequestParameters: map[string]string{"integration.request.header.X-Amz-Invocation-Type": "'Event'"},
		Responses:         []integration.IntegrationResponse{{StatusCode: 202}},
	})
	if resp := itest.Integrate(t, async, itest.Request("POST", "/", `{"name":"job"}`)); resp.StatusCode != 202 || len(resp.Body) != 0 {
		t.Errorf("async: %d %q", resp.StatusCode, resp.Body)
	}
	_ = local.Close() // waits for the Event invocation
	mu.Lock()
	if len(queued) != 1 || queued[0] != "job" {
		t.Errorf("queued %q", queued)
	}
	mu.Unlock()

	missing := NonProxy("arn:aws:lambda:us-east-1:111122223333:function:nope", local, opts)
	status, body, err := integrateFailing(t, missing, itest.Request("POST", "/", `{}`))
	if status != 500 || body != `{"message":"Internal server error"}` || !errors.Is(err, apigate.ErrAPIConfiguration) || !errors.Is(err, invoke.ErrFunctionNotFound) {
		t.Errorf("not found: %d %s %v", status, body, err)
	}
}
