package validate

import (
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/apigate/apigate"
)

// request builds a method request for the tests.
type request struct {
	header http.Header
	query  string // a raw query string
	path   map[string]string
	body   string
}

func (r request) build(t testing.TB) *apigate.Request {
	t.Helper()
	q, err := url.ParseQuery(r.query)
	if err != nil {
		t.Fatal(err)
	}
	h := r.header
	if h == nil {
		h = http.Header{}
	}
	return &apigate.Request{Method: http.MethodPost, Header: h, Query: q, PathParameters: r.path, Body: []byte(r.body)}
}

// wantError checks that err is nil (want == "") or an *apigate.Error of type typ with message
// want.
func wantError(t *testing.T, err error, typ apigate.ResponseType, want string) *apigate.Error {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("Validate = %v, want nil", err)
		}
		return nil
	}
	var e *apigate.Error
	if !errors.As(err, &e) {
		t.Fatalf("Validate = %v, want an *apigate.Error %q", err, want)
	}
	if e.Type != typ || e.Message != want {
		t.Fatalf("Validate = %s %q, want %s %q", e.Type, e.Message, typ, want)
	}
	return e
}

func TestParameters(t *testing.T) {
	recorded := []string{ // in no particular order
		"method.request.querystring.qs1",
		"method.request.path.issuer",
		"method.request.header.x-header-param",
	}
	tests := []struct {
		name     string
		required []string
		req      request
		want     string
	}{
		{
			name:     "all missing, listed by full key (AWS recording)",
			required: recorded,
			want:     "Missing required request parameters: [x-header-param, issuer, qs1]",
		},
		{
			name:     "all present",
			required: recorded,
			req: request{
				header: http.Header{"X-Header-Param": {"v"}},
				query:  "qs1=1",
				path:   map[string]string{"issuer": "me"},
			},
		},
		{
			name:     "empty query string value counts as missing",
			required: recorded,
			req: request{
				header: http.Header{"X-Header-Param": {"v"}},
				query:  "qs1=",
				path:   map[string]string{"issuer": "me"},
			},
			want: "Missing required request parameters: [qs1]",
		},
		{
			name:     "query string name without = counts as missing",
			required: []string{"method.request.querystring.qs1"},
			req:      request{query: "qs1"},
			want:     "Missing required request parameters: [qs1]",
		},
		{
			name:     "empty header value counts as missing",
			required: recorded,
			req: request{
				header: http.Header{"X-Header-Param": {""}},
				query:  "qs1=1",
				path:   map[string]string{"issuer": "me"},
			},
			want: "Missing required request parameters: [x-header-param]",
		},
		{
			name:     "blank header value counts as missing",
			required: []string{"method.request.header.x-a"},
			req:      request{header: http.Header{"X-A": {" \t"}}},
			want:     "Missing required request parameters: [x-a]",
		},
		{
			name:     "empty path parameter counts as missing",
			required: []string{"method.request.path.id"},
			req:      request{path: map[string]string{"id": ""}},
			want:     "Missing required request parameters: [id]",
		},
		{
			name:     "header names match case-insensitively (canonical storage)",
			required: []string{"method.request.header.X-TRACE"},
			req:      request{header: http.Header{"X-Trace": {"1"}}},
		},
		{
			name:     "header names match case-insensitively (other storage)",
			required: []string{"method.request.header.x-trace"},
			req:      request{header: http.Header{"x-TRACE": {"1"}}},
		},
		{
			name:     "query string names match case-sensitively",
			required: []string{"method.request.querystring.qs1"},
			req:      request{query: "QS1=1"},
			want:     "Missing required request parameters: [qs1]",
		},
		{
			name:     "a repeated query string parameter is judged by its last value",
			required: []string{"method.request.querystring.q"},
			req:      request{query: "q=a&q="},
			want:     "Missing required request parameters: [q]",
		},
		{
			name:     "last value present",
			required: []string{"method.request.querystring.q"},
			req:      request{query: "q=&q=a"},
		},
		{
			name: "sorted by full key: headers by name (byte order), then path, then query string",
			required: []string{
				"method.request.querystring.a", "method.request.path.z", "method.request.header.b",
				"method.request.header.A", "method.request.querystring.B", "method.request.path.c",
			},
			want: "Missing required request parameters: [A, b, c, z, B, a]",
		},
		{
			name: "multi-value keys count as their single-value locations, sorted by their own keys",
			required: []string{
				"method.request.multivaluequerystring.m", "method.request.multivalueheader.h",
				"method.request.querystring.q",
			},
			req:  request{header: http.Header{"H": {"1"}}},
			want: "Missing required request parameters: [m, q]",
		},
		{
			name:     "duplicate keys are listed once",
			required: []string{"method.request.header.x", "method.request.header.x"},
			want:     "Missing required request parameters: [x]",
		},
		{
			name: "nil maps",
			required: []string{
				"method.request.header.h", "method.request.path.p", "method.request.querystring.q",
			},
			want: "Missing required request parameters: [h, p, q]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Compile(Config{Required: tt.required, Parameters: true})
			if err != nil {
				t.Fatal(err)
			}
			r := tt.req.build(t)
			if tt.name == "nil maps" {
				r.Header, r.Query, r.PathParameters = nil, nil, nil
			}
			e := wantError(t, v.Validate(r), apigate.BadRequestParameters, tt.want)
			if e != nil && !errors.Is(e, apigate.ErrBadRequestParameters) {
				t.Errorf("errors.Is(%v, ErrBadRequestParameters) = false", e)
			}
		})
	}
}

func TestParametersNotValidated(t *testing.T) {
	v, err := Compile(Config{Required: []string{"method.request.header.x"}, Body: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate(request{}.build(t)); err != nil {
		t.Errorf("Validate without validateRequestParameters = %v, want nil", err)
	}
}

// Parameters are checked first and only the first failing category is reported.
func TestParametersBeforeBody(t *testing.T) {
	v, err := Compile(Config{
		Required:   []string{"method.request.querystring.q"},
		Models:     map[string]string{"application/json": `{"type":"object","required":["a"]}`},
		Parameters: true,
		Body:       true,
	})
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, v.Validate(request{body: "not json"}.build(t)), apigate.BadRequestParameters,
		"Missing required request parameters: [q]")
	wantError(t, v.Validate(request{query: "q=1", body: "not json"}.build(t)), apigate.BadRequestBody,
		"Invalid request body")
	wantError(t, v.Validate(request{query: "q=1", body: `{"a":1}`}.build(t)), "", "")
}

func TestCompileParameterErrors(t *testing.T) {
	for _, key := range []string{
		"method.request.header.",
		"method.request.body.x",
		"integration.request.header.x",
		"header.x",
	} {
		if _, err := Compile(Config{Required: []string{key}, Parameters: true}); err == nil {
			t.Errorf("Compile(Required: %q) = nil error", key)
		}
	}
}
