package integration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/itest"
	"github.com/apigate/apigate/mapping"
)

// TestNonProxyRequestTemplateChoice: the request template is chosen by the Content-Type's media
// type (parameters stripped, case ignored; application/json when there is none).
func TestNonProxyRequestTemplateChoice(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(200, ""))
	h := HTTP("POST", be.URL, Options{
		RequestTemplates: map[string]string{
			"application/json": `json:$input.body`,
			"text/plain":       `text:$input.body`,
			"Application/XML":  `xml:$input.body`,
		},
		Responses: []IntegrationResponse{{StatusCode: 200}},
	})
	tests := []struct {
		contentType string // "" for none
		want        string
	}{
		{"", "json:b"},
		{"application/json", "json:b"},
		{"application/json; charset=UTF-8", "json:b"},
		{"APPLICATION/JSON", "json:b"},
		{" text/plain ;format=flowed", "text:b"},
		{"application/xml", "xml:b"},
		{"text/html", "b"}, // WHEN_NO_MATCH passes it through
	}
	for _, tc := range tests {
		var hdr []string
		if tc.contentType != "" {
			hdr = []string{"Content-Type", tc.contentType}
		}
		itest.Integrate(t, h, itest.Request("POST", "/", "b", hdr...))
		if got := be.Last(t).Body; got != tc.want {
			t.Errorf("Content-Type %q: backend got %q, want %q", tc.contentType, got, tc.want)
		}
	}
}

// TestNonProxyPassthrough covers the three passthrough behaviours.
func TestNonProxyPassthrough(t *testing.T) {
	const (
		through  = "through"
		template = "template"
		refused  = "415"
	)
	tests := []struct {
		behaviour   Passthrough
		templates   bool // a template for application/json exists
		contentType string
		want        string
	}{
		{PassthroughWhenNoMatch, false, "application/json", through},
		{PassthroughWhenNoMatch, false, "text/xml", through},
		{PassthroughWhenNoMatch, true, "application/json", template},
		{PassthroughWhenNoMatch, true, "text/xml", through},
		{PassthroughWhenNoTemplates, false, "application/json", through},
		{PassthroughWhenNoTemplates, false, "text/xml", through},
		{PassthroughWhenNoTemplates, true, "application/json", template},
		{PassthroughWhenNoTemplates, true, "text/xml", refused},
		{PassthroughNever, false, "application/json", refused},
		{PassthroughNever, false, "text/xml", refused},
		{PassthroughNever, true, "application/json", template},
		{PassthroughNever, true, "text/xml", refused},
	}
	be := itest.NewBackend(t, itest.Answer(200, ""))
	for _, tc := range tests {
		opts := Options{Passthrough: tc.behaviour, Responses: []IntegrationResponse{{StatusCode: 200}}}
		if tc.templates {
			opts.RequestTemplates = map[string]string{"application/json": template}
		}
		for i, in := range []apigate.Integration{HTTP("POST", be.URL, opts), Mock(opts)} {
			n := be.Count()
			isMock := i == 1
			resp, err := in.Integrate(context.Background(), itest.Request("POST", "/", through, "Content-Type", tc.contentType))
			if tc.want == refused {
				if status, body := itest.ErrorResponse(t, err); status != 415 || body != `{"message":"Unsupported Media Type"}` ||
					!errors.Is(err, apigate.ErrUnsupportedMediaType) || be.Count() != n {
					t.Errorf("%v %v %s mock=%v: got %d %s (%v)", tc.behaviour, tc.templates, tc.contentType, isMock, status, body, err)
				}
				continue
			}
			if isMock {
				// The template "template" is not a statusCode object; passing through selects
				// the default response.
				if tc.want == template {
					if itest.ErrorType(err) != apigate.APIConfigurationError {
						t.Errorf("%v %v %s mock: got %v", tc.behaviour, tc.templates, tc.contentType, err)
					}
				} else if err != nil || resp.StatusCode != 200 {
					t.Errorf("%v %v %s mock: got %v %v", tc.behaviour, tc.templates, tc.contentType, resp, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%v %v %s: %v", tc.behaviour, tc.templates, tc.contentType, err)
			}
			if got := be.Last(t).Body; got != tc.want {
				t.Errorf("%v %v %s: backend got %q, want %q", tc.behaviour, tc.templates, tc.contentType, got, tc.want)
			}
		}
	}
}

// TestNonProxyRequestTemplateInput: the request template sees the method request's parameters,
// context and stage variables, and an empty body as {}.
func TestNonProxyRequestTemplateInput(t *testing.T) {
	m := Mock(Options{
		RequestTemplates: map[string]string{"application/json": `#set($context.responseOverride.header.X-Seen = "$input.params('id')|$input.params('q')|$input.params('h')|$context.stage|$context.httpMethod|$stageVariables.v|$input.body|$input.json('$')")
{"statusCode": 200}`},
		Responses: []IntegrationResponse{{StatusCode: 200}},
	})
	r := itest.Request("GET", "/x?q=1&q=2", "", "h", "hv")
	r.PathParameters = map[string]string{"id": "7"}
	r.StageVariables = map[string]string{"v": "sv"}
	resp := itest.Integrate(t, m, r)
	if got := resp.Header.Get("X-Seen"); got != "7|2|hv|test|GET|sv|{}|{}" {
		t.Errorf("template saw %q", got)
	}
}

// TestNonProxyRequestTemplateErrors: a body that starts like JSON but is not is the client's
// error (400, the parser's message); any other template failure is 500.
func TestNonProxyRequestTemplateErrors(t *testing.T) {
	tests := []struct {
		template string
		body     string
		status   int
		message  string
		typ      apigate.ResponseType
	}{
		{`$input.path('$.x')`, `{a`, 400, `{"message":"Could not process payloadnet.minidev.json.parser.ParseException: Unexpected End Of File position 1: null"}`, apigate.Default4XX},
		{`$input.json('$')`, `{"a":}`, 400, `{"message":"Could not process payloadnet.minidev.json.parser.ParseException: Unexpected character (}) at position 5."}`, apigate.Default4XX},
		{`$util.base64Decode("%%%")`, `{}`, 500, `{"message":"Internal server error"}`, apigate.APIConfigurationError},
		{`$util.parseJson('{')`, `{}`, 500, `{"message":"Internal server error"}`, apigate.APIConfigurationError},
	}
	for _, tc := range tests {
		m := Mock(Options{RequestTemplates: map[string]string{"application/json": tc.template}, Responses: []IntegrationResponse{{StatusCode: 200}}})
		_, err := m.Integrate(context.Background(), itest.Request("POST", "/", tc.body))
		status, body := itest.ErrorResponse(t, err)
		if status != tc.status || body != tc.message || itest.ErrorType(err) != tc.typ {
			t.Errorf("%s on %q: got %d %s %s", tc.template, tc.body, status, body, itest.ErrorType(err))
		}
		var pe *mapping.PayloadError
		if tc.status == 400 && !errors.As(err, &pe) {
			t.Errorf("%s: the cause is not a *mapping.PayloadError: %v", tc.template, err)
		}
	}
	// A body that is not JSON at all is a string, not an error.
	m := Mock(Options{RequestTemplates: map[string]string{"application/json": `{"statusCode": 200, "x": "$input.path('$')"}`}, Responses: []IntegrationResponse{{StatusCode: 200}}})
	itest.Integrate(t, m, itest.Request("POST", "/", "a=b"))
}

// TestNonProxyResponseTemplateChoice: the response template is chosen by the first Accept media
// type, else application/json, else the first content type in sorted order; the method
// response's Content-Type is the chosen template's.
func TestNonProxyResponseTemplateChoice(t *testing.T) {
	all := map[string]string{"application/json": "json", "text/html": "html", "application/xml": "xml"}
	noJSON := map[string]string{"text/html": "html", "application/xml": "xml"}
	tests := []struct {
		templates map[string]string
		accept    string // "" for none
		body      string
		ct        string
	}{
		{all, "", "json", "application/json"},
		{all, "text/html", "html", "text/html"},
		{all, "TEXT/HTML; q=0.9", "html", "text/html"},
		{all, "text/html,application/xml;q=0.9,*/*;q=0.8", "html", "text/html"},
		{all, "application/xml, text/html", "xml", "application/xml"},
		{all, "*/*", "json", "application/json"},
		{all, "image/png", "json", "application/json"},
		{noJSON, "image/png", "xml", "application/xml"},
		{noJSON, "", "xml", "application/xml"},
		{noJSON, "text/html", "html", "text/html"},
		{nil, "text/html", "", "application/json"}, // passthrough of the (empty) mock body
	}
	for _, tc := range tests {
		m := Mock(Options{
			RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
			Responses:        []IntegrationResponse{{StatusCode: 200, ResponseTemplates: tc.templates}},
		})
		var hdr []string
		if tc.accept != "" {
			hdr = []string{"Accept", tc.accept}
		}
		resp := itest.Integrate(t, m, itest.Request("GET", "/", "", hdr...))
		if string(resp.Body) != tc.body || resp.Header.Get("Content-Type") != tc.ct {
			t.Errorf("Accept %q: got %q %q, want %q %q", tc.accept, resp.Body, resp.Header.Get("Content-Type"), tc.body, tc.ct)
		}
	}
}

// TestNonProxyResponseSide covers the response side against an HTTP backend: passthrough,
// the template's input, overrides and the precedence of Content-Type sources.
func TestNonProxyResponseSide(t *testing.T) {
	tests := []struct {
		name    string
		backend http.HandlerFunc
		ir      IntegrationResponse
		status  int
		header  http.Header // besides X-Amzn-Trace-Id
		body    string
		err     apigate.ResponseType
	}{{
		name:    "passthrough keeps the body, not the backend's Content-Type",
		backend: itest.Answer(200, "<p>hi</p>", "Content-Type", "text/html", "X-Drop", "1"),
		ir:      IntegrationResponse{StatusCode: 200},
		status:  200, header: http.Header{"Content-Type": {"application/json"}}, body: "<p>hi</p>",
	}, {
		name:    "template reads the backend body, method request params and the backend's status via selection",
		backend: itest.Answer(404, `{"m":"nope","n":[1,2]}`, "Content-Type", "application/json"),
		ir:      IntegrationResponse{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `#set($r = $input.path('$'))$r.m $input.json('$.n') $input.params('q') $context.requestId`}},
		status:  200, header: http.Header{"Content-Type": {"application/json"}}, body: "nope [1,2] qv c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
	}, {
		name:    "responseOverride from the response template",
		backend: itest.Answer(200, `{"error":true}`),
		ir:      IntegrationResponse{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `#set($r = $input.path('$'))$input.json("$")#if($r.toString().contains("error"))#set($context.responseOverride.status = 400)#set($context.responseOverride.header.X-Err = "yes")#end`}},
		status:  400, header: http.Header{"Content-Type": {"application/json"}, "X-Err": {"yes"}}, body: `{"error":true}`,
	}, {
		name:    "status overrides out of range are ignored",
		backend: itest.Answer(200, ``),
		ir:      IntegrationResponse{StatusCode: 201, ResponseTemplates: map[string]string{"application/json": `#set($context.responseOverride.status = 600)`}},
		status:  201, header: http.Header{"Content-Type": {"application/json"}}, body: "",
	}, {
		name:    "string status override counts",
		backend: itest.Answer(200, ``),
		ir:      IntegrationResponse{StatusCode: 201, ResponseTemplates: map[string]string{"application/json": `#set($context.responseOverride.status = "202")`}},
		status:  202, header: http.Header{"Content-Type": {"application/json"}}, body: "",
	}, {
		name:    "a mapped Content-Type wins over the template's; an override wins over both",
		backend: itest.Answer(200, ``, "Content-Type", "text/csv", "X-A", "a"),
		ir: IntegrationResponse{StatusCode: 200,
			ResponseParameters: map[string]string{"method.response.header.Content-Type": "integration.response.header.Content-Type", "method.response.header.X-A": "integration.response.header.X-A", "method.response.header.X-B": "'b'"},
			ResponseTemplates:  map[string]string{"application/json": `#set($context.responseOverride.header.X-A = ["1", "2"])x`}},
		status: 200, header: http.Header{"Content-Type": {"text/csv"}, "X-A": {"1", "2"}, "X-B": {"b"}}, body: "x",
	}, {
		name:    "override Content-Type",
		backend: itest.Answer(200, ``),
		ir:      IntegrationResponse{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `#set($context.responseOverride.header.Content-Type = "text/plain")x`}},
		status:  200, header: http.Header{"Content-Type": {"text/plain"}}, body: "x",
	}, {
		name:    "a response template failing on the backend's body is 500, not 400",
		backend: itest.Answer(200, `{broken`),
		ir:      IntegrationResponse{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `$input.path('$.a')`}},
		err:     apigate.APIConfigurationError,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			be := itest.NewBackend(t, tc.backend)
			h := HTTP("GET", be.URL, Options{Responses: []IntegrationResponse{tc.ir}})
			resp, err := h.Integrate(context.Background(), itest.Request("GET", "/?q=qv", ""))
			if tc.err != "" {
				if itest.ErrorType(err) != tc.err {
					t.Fatalf("got %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			delete(resp.Header, "X-Amzn-Trace-Id")
			if resp.StatusCode != tc.status || string(resp.Body) != tc.body || !reflect.DeepEqual(resp.Header, tc.header) {
				t.Errorf("got %d %v %q, want %d %v %q", resp.StatusCode, resp.Header, resp.Body, tc.status, tc.header, tc.body)
			}
		})
	}
}

// TestNonProxyOverridesShared: the request template's requestOverride and responseOverride are
// read by the response template of the same request, and each request has its own.
func TestNonProxyOverridesShared(t *testing.T) {
	be := itest.NewBackend(t, itest.Echo)
	h := HTTP("POST", be.URL, Options{
		RequestParameters: map[string]string{"integration.request.header.X-H": "'mapped'"},
		RequestTemplates: map[string]string{"application/json": `#set($context.requestOverride.header.X-H = "over-$input.params('n')")
#set($context.requestOverride.querystring.q = "qo")$input.params('n')`},
		Responses: []IntegrationResponse{{StatusCode: 200, ResponseTemplates: map[string]string{
			"application/json": `$input.body:$context.requestOverride.header.X-H:$context.requestOverride.querystring.q`,
		}}},
	})
	for _, n := range []string{"1", "2"} {
		resp := itest.Integrate(t, h, itest.Request("POST", "/?n="+n, ""))
		got := be.Last(t)
		if got.Header.Get("X-H") != "over-"+n || got.RawQuery != "q=qo" {
			t.Errorf("backend got X-H %q, query %q", got.Header.Get("X-H"), got.RawQuery)
		}
		if want := n + ":over-" + n + ":qo"; string(resp.Body) != want {
			t.Errorf("got %q, want %q", resp.Body, want)
		}
	}
}

// TestNonProxyMethodResponses: each status code with the header names its response parameters
// set, in a map (and slices) the caller may change.
func TestNonProxyMethodResponses(t *testing.T) {
	m := Mock(Options{Responses: []IntegrationResponse{
		{StatusCode: 200, ResponseParameters: map[string]string{"method.response.header.X-A": "'a'"}},
		{StatusCode: 400, SelectionPattern: "4\\d{2}"},
	}})
	want := map[int][]string{200: {"X-A"}, 400: nil}
	got := m.MethodResponses()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	got[200][0] = "changed"
	got[500] = []string{"X-B"}
	if again := m.MethodResponses(); !reflect.DeepEqual(again, want) {
		t.Errorf("after changing the first result: got %v, want %v", again, want)
	}
}

func TestNonProxyValidate(t *testing.T) {
	ok := []IntegrationResponse{{StatusCode: 200}}
	tests := []struct {
		name   string
		opts   Options
		target error
	}{
		{"request template", Options{RequestTemplates: map[string]string{"application/json": "#foreach("}, Responses: ok}, nil},
		{"request template content types differing in case", Options{RequestTemplates: map[string]string{"text/plain": "a", "Text/Plain": "b"}, Responses: ok}, ErrInvalidIntegration},
		{"empty content type", Options{RequestTemplates: map[string]string{"": "a"}, Responses: ok}, ErrInvalidIntegration},
		{"response template", Options{Responses: []IntegrationResponse{{StatusCode: 200, ResponseTemplates: map[string]string{"text/plain": "#end"}}}}, nil},
		{"request parameter target", Options{RequestParameters: map[string]string{"integration.request.body.x": "'a'"}, Responses: ok}, mapping.ErrInvalidExpr},
		{"request parameter prefix", Options{RequestParameters: map[string]string{"method.request.header.x": "'a'"}, Responses: ok}, mapping.ErrInvalidExpr},
		{"request parameter name", Options{RequestParameters: map[string]string{"integration.request.header.a b": "'a'"}, Responses: ok}, mapping.ErrInvalidExpr},
		{"request parameter source", Options{RequestParameters: map[string]string{"integration.request.header.x": "method.request.cookie.x"}, Responses: ok}, mapping.ErrInvalidExpr},
		{"request parameter reading the response", Options{RequestParameters: map[string]string{"integration.request.header.x": "integration.response.header.x"}, Responses: ok}, mapping.ErrInvalidExpr},
		{"request parameter unquoted static", Options{RequestParameters: map[string]string{"integration.request.header.x": "'a"}, Responses: ok}, mapping.ErrInvalidExpr},
		{"response parameter target", Options{Responses: []IntegrationResponse{{StatusCode: 200, ResponseParameters: map[string]string{"method.response.body": "'a'"}}}}, mapping.ErrInvalidExpr},
		{"response parameter reading the request", Options{Responses: []IntegrationResponse{{StatusCode: 200, ResponseParameters: map[string]string{"method.response.header.x": "method.request.header.x"}}}}, mapping.ErrInvalidExpr},
		{"response parameter JSONPath", Options{Responses: []IntegrationResponse{{StatusCode: 200, ResponseParameters: map[string]string{"method.response.header.x": "integration.response.body.a[?("}}}}, mapping.ErrInvalidExpr},
		{"status code", Options{Responses: []IntegrationResponse{{StatusCode: 99}}}, ErrInvalidIntegration},
		{"status code zero", Options{Responses: []IntegrationResponse{{}}}, ErrInvalidIntegration},
		{"selection pattern", Options{Responses: []IntegrationResponse{{StatusCode: 200, SelectionPattern: "(4"}}}, ErrInvalidIntegration},
		{"passthrough", Options{Passthrough: 3, Responses: ok}, ErrInvalidIntegration},
		{"content handling", Options{ContentHandling: -1, Responses: ok}, ErrInvalidIntegration},
		{"response content handling", Options{Responses: []IntegrationResponse{{StatusCode: 200, ContentHandling: 7}}}, ErrInvalidIntegration},
		{"timeout", Options{Timeout: 30_000_000_000, Responses: ok}, ErrInvalidTimeout},
	}
	for _, tc := range tests {
		err := Mock(tc.opts).Validate()
		if err == nil || tc.target != nil && !errors.Is(err, tc.target) {
			t.Errorf("%s: Validate() = %v, want %v", tc.name, err, tc.target)
		}
	}
	// Every problem is reported, not only the first.
	err := Mock(Options{
		RequestTemplates: map[string]string{"application/json": "#if("},
		Responses:        []IntegrationResponse{{StatusCode: 700}, {StatusCode: 200, SelectionPattern: "["}},
		Timeout:          1,
	}).Validate()
	if err == nil || strings.Count(err.Error(), "\n") < 3 || !errors.Is(err, ErrInvalidTimeout) {
		t.Errorf("joined errors: %v", err)
	}
	// The zero Options are valid.
	if err := Mock(Options{}).Validate(); err != nil {
		t.Errorf("zero Options: %v", err)
	}
}

func TestNonProxyParseNames(t *testing.T) {
	for s, want := range map[string]Passthrough{"": PassthroughWhenNoMatch, "WHEN_NO_MATCH": PassthroughWhenNoMatch, "when_no_templates": PassthroughWhenNoTemplates, "Never": PassthroughNever} {
		if got, err := ParsePassthrough(s); got != want || err != nil {
			t.Errorf("ParsePassthrough(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParsePassthrough("ALWAYS"); err == nil {
		t.Error("ParsePassthrough accepted ALWAYS")
	}
	for s, want := range map[string]ContentHandling{"": ContentHandlingUnset, "CONVERT_TO_TEXT": ConvertToText, "convert_to_binary": ConvertToBinary} {
		if got, err := ParseContentHandling(s); got != want || err != nil {
			t.Errorf("ParseContentHandling(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseContentHandling("CONVERT"); err == nil {
		t.Error("ParseContentHandling accepted CONVERT")
	}
	if PassthroughWhenNoTemplates.String() != "WHEN_NO_TEMPLATES" || ConvertToBinary.String() != "CONVERT_TO_BINARY" || ContentHandlingUnset.String() != "" ||
		Passthrough(9).String() != "Passthrough(9)" {
		t.Error("String methods")
	}
}

// TestNonProxyConcurrent runs one integration from many goroutines: each request has its own
// overrides and sees its own parameters (run with -race).
func TestNonProxyConcurrent(t *testing.T) {
	be := itest.NewBackend(t, itest.Echo)
	h := HTTP("POST", be.URL+"/{n}", Options{
		RequestParameters: map[string]string{"integration.request.path.n": "method.request.querystring.n"},
		RequestTemplates:  map[string]string{"application/json": `#set($context.responseOverride.header.X-N = $input.params('n')){"n":"$input.params('n')"}`},
		Responses: []IntegrationResponse{{StatusCode: 200, ResponseTemplates: map[string]string{
			"application/json": `$input.path('$.n')`,
		}}},
	})
	m := Mock(Options{
		RequestTemplates: map[string]string{"application/json": `#set($context.responseOverride.header.X-N = $input.params('n')){"statusCode": 200}`},
		Responses:        []IntegrationResponse{{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `$input.params('n')`}}},
	})
	errs := make(chan error, 16)
	for g := 0; g < 8; g++ {
		go func() {
			var err error
			defer func() { errs <- err }()
			for i := 0; i < 25; i++ {
				n := strconv.Itoa(g*100 + i)
				for _, in := range []apigate.Integration{h, m} {
					resp, e := in.Integrate(context.Background(), itest.Request("POST", "/?n="+n, ""))
					if e != nil {
						err = e
						return
					}
					if string(resp.Body) != n || resp.Header.Get("X-N") != n {
						err = fmt.Errorf("request %s got %q, X-N %q", n, resp.Body, resp.Header.Get("X-N"))
						return
					}
				}
			}
		}()
	}
	for g := 0; g < 8; g++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestNonProxyStaticResponseTrace: a method response that carries a trace id is built per
// request, even when its template is static and it maps no parameters: each response has the
// trace id of its own request, and no response is shared (run with -race).
func TestNonProxyStaticResponseTrace(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(200, "x"))
	h := HTTP("GET", be.URL, Options{Responses: []IntegrationResponse{{StatusCode: 200,
		ResponseTemplates: map[string]string{"application/json": `{"static":true}`}}}})
	done := make(chan *apigate.Response, 4)
	for i := 0; i < cap(done); i++ {
		go func() {
			resp, err := h.Integrate(context.Background(), itest.Request("GET", "/", "", "X-Amzn-Trace-Id", "Root=1-5759e988-"+strconv.Itoa(i)))
			if err != nil {
				t.Error(err)
			}
			done <- resp
		}()
	}
	seen := map[*apigate.Response]bool{}
	traces := map[string]bool{}
	for i := 0; i < cap(done); i++ {
		resp := <-done
		if resp == nil {
			continue
		}
		if string(resp.Body) != `{"static":true}` {
			t.Errorf("body %q", resp.Body)
		}
		seen[resp] = true
		traces[resp.Header.Get("X-Amzn-Trace-Id")] = true
	}
	if len(seen) != cap(done) || len(traces) != cap(done) {
		t.Errorf("%d distinct responses, %d distinct trace ids; want %d", len(seen), len(traces), cap(done))
	}
}
