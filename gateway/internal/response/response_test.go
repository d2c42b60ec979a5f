package response

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/mapping"
)

// want is an expected gateway response.
type want struct {
	status int
	header http.Header
	body   string
}

func check(t *testing.T, name string, s *Set, err error, r *apigate.Request, w want) {
	t.Helper()
	status, header, body := s.Render(err, r)
	if status != w.status {
		t.Errorf("%s: status %d, want %d", name, status, w.status)
	}
	if !reflect.DeepEqual(header, w.header) {
		t.Errorf("%s: header %v, want %v", name, header, w.header)
	}
	if string(body) != w.body {
		t.Errorf("%s: body %s, want %s", name, body, w.body)
	}
}

func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h[http.CanonicalHeaderKey(kv[i])] = []string{kv[i+1]}
	}
	return h
}

func jsonHeader(errorType string, kv ...string) http.Header {
	return hdr(append([]string{"Content-Type", "application/json", "x-amzn-ErrorType", errorType}, kv...)...)
}

func mustCompile(t testing.TB, custom map[apigate.ResponseType]Custom) *Set {
	t.Helper()
	s, err := Compile(custom)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// defaults are the 21 built-in responses, written out rather than derived from the shared
// tables so that a change there shows here.
var defaults = []struct {
	typ       apigate.ResponseType
	status    int
	errorType string
	body      string
}{
	{apigate.AccessDenied, 403, "AccessDeniedException", `{"Message":"User is not authorized to access this resource with an explicit deny"}`},
	{apigate.APIConfigurationError, 500, "InternalServerErrorException", `{"message":"Internal server error"}`},
	{apigate.AuthorizerConfigurationError, 500, "AuthorizerConfigurationException", `{"message":null}`},
	{apigate.AuthorizerFailure, 500, "AuthorizerFailureException", `{"message":"Internal server error"}`},
	{apigate.BadRequestParameters, 400, "BadRequestException", `{"message":"Missing required request parameters"}`},
	{apigate.BadRequestBody, 400, "BadRequestException", `{"message":"Invalid request body"}`},
	{apigate.Default4XX, 400, "BadRequestException", `{"message":"Bad Request"}`},
	{apigate.Default5XX, 500, "InternalServerErrorException", `{"message":"Internal server error"}`},
	{apigate.ExpiredToken, 403, "ExpiredTokenException", `{"message":"The security token included in the request is expired"}`},
	{apigate.IntegrationFailure, 504, "InternalServerErrorException", `{"message":"Network error communicating with endpoint"}`},
	{apigate.IntegrationTimeout, 504, "InternalServerErrorException", `{"message":"Endpoint request timed out"}`},
	{apigate.InvalidAPIKey, 403, "ForbiddenException", `{"message":"Forbidden"}`},
	{apigate.InvalidSignature, 403, "InvalidSignatureException", `{"message":"The request signature we calculated does not match the signature you provided."}`},
	{apigate.MissingAuthenticationToken, 403, "MissingAuthenticationTokenException", `{"message":"Missing Authentication Token"}`},
	{apigate.QuotaExceeded, 429, "LimitExceededException", `{"message":"Limit Exceeded"}`},
	{apigate.RequestTooLarge, 413, "BadRequestException", `{"message": "Request Too Long"}`}, // recorded
	{apigate.ResourceNotFound, 404, "NotFoundException", `{"message":"Not Found"}`},
	{apigate.Throttled, 429, "TooManyRequestsException", `{"message":"Too Many Requests"}`},
	{apigate.Unauthorized, 401, "UnauthorizedException", `{"message":"Unauthorized"}`},
	{apigate.UnsupportedMediaType, 415, "UnsupportedMediaTypeException", `{"message":"Unsupported Media Type"}`},
	{apigate.WAFFiltered, 403, "ForbiddenException", `{"message":"Forbidden"}`},
}

func TestDefaults(t *testing.T) {
	if len(defaults) != apigate.NumResponseTypes {
		t.Fatalf("%d defaults for %d types", len(defaults), apigate.NumResponseTypes)
	}
	empty := mustCompile(t, nil)
	for _, d := range defaults {
		w := want{d.status, jsonHeader(d.errorType), d.body}
		for name, s := range map[string]*Set{"nil set": nil, "empty set": empty} {
			check(t, fmt.Sprintf("%s %s", name, d.typ), s, &apigate.Error{Type: d.typ}, nil, w)
			// The sentinels, and wrapped errors, render the same.
			check(t, fmt.Sprintf("%s wrapped %s", name, d.typ), s, fmt.Errorf("stage: %w", &apigate.Error{Type: d.typ, Err: errors.New("cause")}), &apigate.Request{}, w)
		}
	}
}

func TestMessages(t *testing.T) {
	r := &apigate.Request{Header: http.Header{"Accept": {"text/html"}}}
	tests := []struct {
		name string
		err  error
		want want
	}{
		{"own message", &apigate.Error{Type: apigate.BadRequestParameters, Message: "Missing required request parameters: [x-header-param, issuer, qs1]"},
			want{400, jsonHeader("BadRequestException"), `{"message":"Missing required request parameters: [x-header-param, issuer, qs1]"}`}},
		{"escaped message", &apigate.Error{Type: apigate.Default4XX, Message: "a \"quoted\" \\ back\nslash\t\x01/<>é"},
			want{400, jsonHeader("BadRequestException"), `{"message":"a \"quoted\" \\ back\nslash\t\u0001/<>é"}`}},
		{"null message", &apigate.Error{Type: apigate.Throttled, Null: true},
			want{429, jsonHeader("TooManyRequestsException"), `{"message":null}`}},
		{"authorizer configuration error with a message", &apigate.Error{Type: apigate.AuthorizerConfigurationError, Message: "boom"},
			want{500, jsonHeader("AuthorizerConfigurationException"), `{"message":"boom"}`}},
		{"error status", &apigate.Error{Type: apigate.Default5XX, Status: 502},
			want{502, jsonHeader("InternalServerErrorException"), `{"message":"Internal server error"}`}},
		{"error status on a type with a default", &apigate.Error{Type: apigate.Unauthorized, Status: 403},
			want{403, jsonHeader("UnauthorizedException"), `{"message":"Unauthorized"}`}},
		{"invalid error status", &apigate.Error{Type: apigate.Throttled, Status: 42},
			want{429, jsonHeader("TooManyRequestsException"), `{"message":"Too Many Requests"}`}},
		{"plain error", errors.New("secret detail"),
			want{500, jsonHeader("InternalServerErrorException"), `{"message":"Internal server error"}`}},
		{"nil error", nil,
			want{500, jsonHeader("InternalServerErrorException"), `{"message":"Internal server error"}`}},
		{"typed nil", (*apigate.Error)(nil),
			want{500, jsonHeader("InternalServerErrorException"), `{"message":"Internal server error"}`}},
		{"unknown type", &apigate.Error{Type: "NOPE", Message: "secret"},
			want{500, jsonHeader("InternalServerErrorException"), `{"message":"Internal server error"}`}},
		{"joined", errors.Join(errors.New("x"), apigate.ErrThrottled),
			want{429, jsonHeader("TooManyRequestsException"), `{"message":"Too Many Requests"}`}},
	}
	for _, tt := range tests {
		check(t, tt.name, nil, tt.err, r, tt.want)
	}
}

func TestSharedBodiesAreNotCorrupted(t *testing.T) {
	_, h, b := (*Set)(nil).Render(apigate.ErrThrottled, nil)
	_ = append(b, "garbage"...)
	h.Add("Content-Type", "text/plain")
	h.Set("X-Amzn-Errortype", "x")
	_, h2, b2 := (*Set)(nil).Render(apigate.ErrThrottled, nil)
	if string(b2) != `{"message":"Too Many Requests"}` || !reflect.DeepEqual(h2, jsonHeader("TooManyRequestsException")) {
		t.Errorf("shared response changed: %v %s", h2, b2)
	}
}

const customTemplate = `{"message":$context.error.messageString,"type":"$context.error.responseType"}`

func TestInheritDefault4XX(t *testing.T) {
	s := mustCompile(t, map[apigate.ResponseType]Custom{
		apigate.Default4XX: {
			StatusCode: 418,
			Parameters: map[string]string{"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
			Templates:  map[string]string{"application/json": customTemplate},
		},
		apigate.Unauthorized: {Parameters: map[string]string{"gatewayresponse.header.WWW-Authenticate": "'Bearer'"}},
	})
	for _, d := range defaults {
		e := &apigate.Error{Type: d.typ}
		msg, _ := e.MessageText()
		var w want
		switch {
		case d.typ == apigate.Unauthorized: // customized itself: its own status, parameters, built-in template
			w = want{401, jsonHeader(d.errorType, "WWW-Authenticate", "Bearer"), d.body}
		case d.typ == apigate.RequestTooLarge: // never customized
			w = want{d.status, jsonHeader(d.errorType), d.body}
		case d.typ == apigate.Default4XX || d.typ.Parent() == apigate.Default4XX:
			w = want{418, jsonHeader(d.errorType, "Access-Control-Allow-Origin", "*"),
				fmt.Sprintf(`{"message":"%s","type":"%s"}`, msg, d.typ)}
		default: // 5xx: untouched
			w = want{d.status, jsonHeader(d.errorType), d.body}
		}
		check(t, string(d.typ), s, e, nil, w)
	}
	// A status on the type itself wins over the error's; the error's over an inherited one.
	check(t, "own status over error status", s, &apigate.Error{Type: apigate.Default4XX, Status: 400, Message: "Bad Request"}, nil,
		want{418, jsonHeader("BadRequestException", "Access-Control-Allow-Origin", "*"), `{"message":"Bad Request","type":"DEFAULT_4XX"}`})
	check(t, "error status over inherited status", s, &apigate.Error{Type: apigate.Throttled, Status: 420}, nil,
		want{420, jsonHeader("TooManyRequestsException", "Access-Control-Allow-Origin", "*"), `{"message":"Too Many Requests","type":"THROTTLED"}`})
	check(t, "error status on a customized type without status", s, &apigate.Error{Type: apigate.Unauthorized, Status: 403}, nil,
		want{403, jsonHeader("UnauthorizedException", "WWW-Authenticate", "Bearer"), `{"message":"Unauthorized"}`})
}

// TestInheritDefault5XX is the case recorded on AWS: DEFAULT_5XX set to 599 with a header and
// a template, and AUTHORIZER_FAILURE set explicitly with a header only.
func TestInheritDefault5XX(t *testing.T) {
	tmpl := "{\n     \"message\": $context.error.messageString,\n     \"type\":  \"$context.error.responseType\",\n     \"stage\":  \"$context.stage\",\n     \"resourcePath\":  \"$context.resourcePath\",\n     \"stageVariables.a\":  \"$stageVariables.a\",\n     \"statusCode\": \"'404'\"\n}"
	s := mustCompile(t, map[apigate.ResponseType]Custom{
		apigate.Default5XX: {
			StatusCode: 599,
			Parameters: map[string]string{"gatewayresponse.header.x-request-header": "method.request.header.Accept"},
			Templates:  map[string]string{"application/json": tmpl},
		},
		apigate.AuthorizerFailure: {Parameters: map[string]string{"gatewayresponse.header.foo": "'bar'"}},
	})
	r := apigatetest.NewRequest("GET", "/pets/5", nil, apigatetest.Stage("custErr"), apigatetest.Resource("/pets/{petId}"),
		apigatetest.StageVariables(map[string]string{"a": "A"}), apigatetest.Header("Accept", "*/*"))
	body := func(msg string, typ apigate.ResponseType) string {
		return "{\n     \"message\": " + msg + ",\n     \"type\":  \"" + string(typ) + "\",\n     \"stage\":  \"custErr\",\n     \"resourcePath\":  \"/pets/{petId}\",\n     \"stageVariables.a\":  \"A\",\n     \"statusCode\": \"'404'\"\n}"
	}
	for _, tc := range []struct {
		typ apigate.ResponseType
		msg string
	}{
		{apigate.APIConfigurationError, `"Internal server error"`},
		{apigate.AuthorizerConfigurationError, `null`},
		{apigate.IntegrationFailure, `"Network error communicating with endpoint"`},
		{apigate.IntegrationTimeout, `"Endpoint request timed out"`},
		{apigate.Default5XX, `"Internal server error"`},
	} {
		check(t, string(tc.typ), s, &apigate.Error{Type: tc.typ}, r,
			want{599, jsonHeader(tc.typ.ErrorType(), "x-request-header", "*/*"), body(tc.msg, tc.typ)})
	}
	check(t, "explicit AUTHORIZER_FAILURE", s, apigate.ErrAuthorizerFailure, r,
		want{500, jsonHeader("AuthorizerFailureException", "foo", "bar"), `{"message":"Internal server error"}`})
	check(t, "4xx untouched", s, apigate.ErrThrottled, r,
		want{429, jsonHeader("TooManyRequestsException"), `{"message":"Too Many Requests"}`})
	// A Lambda proxy failure (DEFAULT_5XX with 502) takes the status set on DEFAULT_5XX.
	check(t, "proxy failure", s, &apigate.Error{Type: apigate.Default5XX, Status: 502}, r,
		want{599, jsonHeader("InternalServerErrorException", "x-request-header", "*/*"), body(`"Internal server error"`, apigate.Default5XX)})
	// A non-gateway error is an API_CONFIGURATION_ERROR, customized through DEFAULT_5XX.
	check(t, "plain error", s, errors.New("x"), r,
		want{599, jsonHeader("InternalServerErrorException", "x-request-header", "*/*"), body(`"Internal server error"`, apigate.APIConfigurationError)})
}

func TestParentWithoutStatus(t *testing.T) {
	s := mustCompile(t, map[apigate.ResponseType]Custom{
		apigate.Default4XX: {Templates: map[string]string{"application/json": `{"error":"$context.error.message"}`}},
	})
	check(t, "child keeps its status", s, apigate.ErrThrottled, nil,
		want{429, jsonHeader("TooManyRequestsException"), `{"error":"Too Many Requests"}`})
	check(t, "parent itself", s, apigate.ErrDefault4XX, nil,
		want{400, jsonHeader("BadRequestException"), `{"error":"Bad Request"}`})
	check(t, "parent with error status", s, &apigate.Error{Type: apigate.Default4XX, Status: 414, Message: "Request URI too long"}, nil,
		want{414, jsonHeader("BadRequestException"), `{"error":"Request URI too long"}`})
}

func TestCustomWithoutTemplates(t *testing.T) {
	// AWS fills in the built-in template on a PUT without templates (recorded).
	s := mustCompile(t, map[apigate.ResponseType]Custom{
		apigate.MissingAuthenticationToken: {StatusCode: 404},
		apigate.Throttled:                  {Templates: map[string]string{}},
		apigate.QuotaExceeded:              {Templates: map[string]string{"application/json": ""}},
	})
	check(t, "status only", s, apigate.ErrMissingAuthenticationToken, nil,
		want{404, jsonHeader("MissingAuthenticationTokenException"), `{"message":"Missing Authentication Token"}`})
	check(t, "empty templates", s, &apigate.Error{Type: apigate.Throttled, Message: `say "hi"`}, nil,
		want{429, jsonHeader("TooManyRequestsException"), `{"message":"say \"hi\""}`})
	check(t, "empty template", s, apigate.ErrQuotaExceeded, nil,
		want{429, jsonHeader("LimitExceededException"), ``})
}

func testRequest() *apigate.Request {
	hr := httptest.NewRequest("GET", "/prod/pets/5?q=1&q=2", nil)
	return &apigate.Request{
		HTTP:           hr,
		Method:         "GET",
		Path:           "/pets/5",
		PathParameters: map[string]string{"petId": "5"},
		Query:          url.Values{"q": {"1", "2"}, "empty": {""}},
		Header: http.Header{
			"Accept":       {"application/json"},
			"X-Amzn-Trace": {"t1", "t2"},
			"X-Api-Key":    {"k"},
		},
		StageVariables: map[string]string{"env": "prod", "url": "https://x/y"},
		Context: apigate.Context{
			APIID:        "abc123",
			HTTPMethod:   "GET",
			Path:         "/prod/pets/5",
			RequestID:    "req-1",
			ResourcePath: "/pets/{petId}",
			Stage:        "prod",
			Identity:     apigate.Identity{SourceIP: "192.0.2.1", UserAgent: "curl/8"},
			Authorizer: &apigate.Authorizer{
				PrincipalID: "user-7",
				Context:     map[string]any{"n": 1, "ok": true, "s": "str"},
				Claims:      map[string]any{"sub": "abc"},
			},
		},
	}
}

func TestParameters(t *testing.T) {
	params := map[string]string{
		"gatewayresponse.header.X-Path":        "method.request.path.petId",
		"gatewayresponse.header.X-Query":       "method.request.querystring.q",
		"gatewayresponse.header.X-Multi-Query": "method.request.multivaluequerystring.q",
		"gatewayresponse.header.X-Empty-Query": "method.request.querystring.empty",
		"gatewayresponse.header.X-Header":      "method.request.header.x-amzn-trace",
		"gatewayresponse.header.X-Multi":       "method.request.multivalueheader.X-Amzn-Trace",
		"gatewayresponse.header.X-Stage":       "stageVariables.env",
		"gatewayresponse.header.X-Request-Id":  "context.requestId",
		"gatewayresponse.header.X-Source":      "context.identity.sourceIp",
		"gatewayresponse.header.X-Principal":   "context.authorizer.principalId",
		"gatewayresponse.header.X-Auth-N":      "context.authorizer.n",
		"gatewayresponse.header.X-Claim":       "context.authorizer.claims.sub",
		"gatewayresponse.header.X-Type":        "context.error.responseType",
		"gatewayresponse.header.X-Message":     "context.error.message",
		"gatewayresponse.header.X-Msg-String":  "context.error.messageString",
		"gatewayresponse.header.X-Static":      "'a.b.c'",
		"gatewayresponse.header.X-Empty":       "''",
		"gatewayresponse.header.x-lower":       "'lower'",
		// Without a value: left out.
		"gatewayresponse.header.X-No-Path":       "method.request.path.nope",
		"gatewayresponse.header.X-No-Query":      "method.request.multivaluequerystring.nope",
		"gatewayresponse.header.X-No-Header":     "method.request.header.nope",
		"gatewayresponse.header.X-No-Stage":      "stageVariables.nope",
		"gatewayresponse.header.X-No-Context":    "context.nope",
		"gatewayresponse.header.X-No-Validation": "context.error.validationErrorString",
		"gatewayresponse.header.X-No-Error":      "context.error.nope",
	}
	s := mustCompile(t, map[apigate.ResponseType]Custom{apigate.Throttled: {Parameters: params}})
	check(t, "parameters", s, apigate.ErrThrottled, testRequest(), want{429, jsonHeader("TooManyRequestsException",
		"X-Path", "5",
		"X-Query", "2",
		"X-Multi-Query", "1,2",
		"X-Empty-Query", "",
		"X-Header", "t2",
		"X-Multi", "t1,t2",
		"X-Stage", "prod",
		"X-Request-Id", "req-1",
		"X-Source", "192.0.2.1",
		"X-Principal", "user-7",
		"X-Auth-N", "1",
		"X-Claim", "abc",
		"X-Type", "THROTTLED",
		"X-Message", "Too Many Requests",
		"X-Msg-String", `"Too Many Requests"`,
		"X-Static", "a.b.c",
		"X-Empty", "",
		"X-Lower", "lower",
	), `{"message":"Too Many Requests"}`})

	// A null message has no context.error.message; messageString is null.
	check(t, "null message", s, &apigate.Error{Type: apigate.Throttled, Null: true}, nil, want{429, jsonHeader("TooManyRequestsException",
		"X-Type", "THROTTLED", "X-Msg-String", "null", "X-Static", "a.b.c", "X-Empty", "", "X-Lower", "lower",
	), `{"message":null}`})

	// Before routing, and with a nil request: only what is known.
	check(t, "nil request", s, &apigate.Error{Type: apigate.Throttled, ValidationErrorString: "v"}, nil, want{429, jsonHeader("TooManyRequestsException",
		"X-Type", "THROTTLED", "X-Message", "Too Many Requests", "X-Msg-String", `"Too Many Requests"`,
		"X-Static", "a.b.c", "X-Empty", "", "X-Lower", "lower", "X-No-Validation", "v",
	), `{"message":"Too Many Requests"}`})

	// Headers and query string from the HTTP request when the gateway has not filled them in.
	hr := httptest.NewRequest("GET", "/x?q=from-url", nil)
	hr.Header.Set("X-Amzn-Trace", "from-http")
	check(t, "from HTTP", s, apigate.ErrThrottled, &apigate.Request{HTTP: hr}, want{429, jsonHeader("TooManyRequestsException",
		"X-Query", "from-url", "X-Multi-Query", "from-url", "X-Header", "from-http", "X-Multi", "from-http",
		"X-Type", "THROTTLED", "X-Message", "Too Many Requests", "X-Msg-String", `"Too Many Requests"`,
		"X-Static", "a.b.c", "X-Empty", "", "X-Lower", "lower",
	), `{"message":"Too Many Requests"}`})
}

func TestParametersOverrideGatewayHeaders(t *testing.T) {
	s := mustCompile(t, map[apigate.ResponseType]Custom{apigate.Throttled: {Parameters: map[string]string{
		"gatewayresponse.header.Content-Type": "'text/plain'",
	}}})
	check(t, "override", s, apigate.ErrThrottled, nil, want{429,
		hdr("Content-Type", "text/plain", "X-Amzn-ErrorType", "TooManyRequestsException"), `{"message":"Too Many Requests"}`})
}

func TestTemplates(t *testing.T) {
	r := testRequest()
	e := &apigate.Error{Type: apigate.BadRequestBody, Message: `Invalid "body"`, ValidationErrorString: `[object has missing required properties (["name"])]`}
	tests := []struct{ tmpl, want string }{
		{`no variables at all`, `no variables at all`},
		{`$context.error.message`, `Invalid "body"`},
		{`$context.error.messageString`, `"Invalid \"body\""`},
		{`$context.error.responseType`, `BAD_REQUEST_BODY`},
		{`$context.error.validationErrorString`, `[object has missing required properties (["name"])]`},
		{`$context.error.nope|`, `|`},
		{`$context.requestId $context.stage $context.path $context.resourcePath $context.httpMethod $context.apiId`,
			`req-1 prod /prod/pets/5 /pets/{petId} GET abc123`},
		{`$context.identity.sourceIp/$context.identity.userAgent`, `192.0.2.1/curl/8`},
		{`$context.authorizer.principalId $context.authorizer.n $context.authorizer.ok $context.authorizer.s $context.authorizer.claims.sub`,
			`user-7 1 true str abc`},
		{`[$context.nope][$context.identity.apiKey][$context][$context.error]`, `[][][][]`},
		{`$stageVariables.env $stageVariables.url [$stageVariables.nope][$stageVariables]`, `prod https://x/y [][]`},
		{`$method.request.path.petId $method.request.querystring.q $method.request.header.X-Api-Key $method.request.header.x-api-key`,
			`5 2 k k`},
		{`$method.request.multivaluequerystring.q $method.request.multivalueheader.X-Amzn-Trace $method.request.header.X-Amzn-Trace`,
			`1,2 t1,t2 t2`},
		{`[$method.request.path.nope][$method.request.body][$method.request.bogus.x][$method.x]`, `[][][][]`},
		{`$input.params('petId') $input.params("q") $input.params('X-Api-Key') [$input.params('nope')] [$input.body]`,
			`5 2 k [] []`},
		// $input.params without a quoted name in parentheses names nothing.
		{`$input.params('petId' $input.params() $input.params(petId)`, `('petId' () (petId)`},
		// The brace form.
		{`${context.requestId}-${stageVariables.env}-${method.request.path.petId}-${input.params('q')}-${context.error.responseType}`,
			`req-1-prod-5-2-BAD_REQUEST_BODY`},
		{`${context.requestId`, `${context.requestId`},
		{`${context.requestId x}`, `${context.requestId x}`},
		{`${foo}`, `${foo}`},
		// A trailing dot or other punctuation ends a variable.
		{`id: $context.requestId. stage: $context.stage, path: $method.request.path.petId.`, `id: req-1. stage: prod, path: 5.`},
		{`$context.requestId$context.stage`, `req-1prod`},
		// A $ that starts no variable is text.
		{`$ $$ $5 $foo $foo.bar $!context.stage $context`, `$ $$ $5 $foo $foo.bar $!context.stage `},
		{`cost: $`, `cost: $`},
		// Not VTL.
		{`#set($x = 1)$x #if(true)y#end`, `#set($x = 1)$x #if(true)y#end`},
		{`{"message": 'API-specific errors'}`, `{"message": 'API-specific errors'}`},
	}
	for _, tt := range tests {
		s := mustCompile(t, map[apigate.ResponseType]Custom{apigate.BadRequestBody: {Templates: map[string]string{"application/json": tt.tmpl}}})
		_, _, body := s.Render(e, r)
		if string(body) != tt.want {
			t.Errorf("template %q: got %q, want %q", tt.tmpl, body, tt.want)
		}
	}
}

// TestConsoleExample is the walkthrough of the AWS developer guide: MISSING_AUTHENTICATION_TOKEN
// customized to 404 with headers and a template. The guide's output shows no quotes around the
// values, which does not match its template; this is the template as written.
func TestConsoleExample(t *testing.T) {
	s := mustCompile(t, map[apigate.ResponseType]Custom{apigate.MissingAuthenticationToken: {
		StatusCode: 404,
		Parameters: map[string]string{
			"gatewayresponse.header.Access-Control-Allow-Origin": "'a.b.c'",
			"gatewayresponse.header.x-request-id":                "method.request.header.x-amzn-RequestId",
			"gatewayresponse.header.x-request-path":              "method.request.path.petId",
			"gatewayresponse.header.x-request-query":             "method.request.querystring.q",
		},
		Templates: map[string]string{"application/json": "{\n     \"message\":$context.error.messageString,\n     \"type\": $context.error.responseType,\n     \"statusCode\": '404',\n     \"stage\": $context.stage,\n     \"resourcePath\": $context.resourcePath,\n     \"stageVariables.a\": $stageVariables.a\n}"},
	}})
	r := apigatetest.NewRequest("GET", "/pets/5?q=1", nil, apigatetest.Stage("custErr"), apigatetest.Resource("/pets/{petId}"),
		apigatetest.StageVariables(map[string]string{"a": "a"}),
		apigatetest.Header("X-Amzn-Requestid", "123344566"), apigatetest.Header("Accept", "*/*"))
	check(t, "console example", s, apigate.ErrMissingAuthenticationToken, r, want{404,
		jsonHeader("MissingAuthenticationTokenException", "Access-Control-Allow-Origin", "a.b.c", "x-request-id", "123344566", "x-request-path", "5", "x-request-query", "1"),
		"{\n     \"message\":\"Missing Authentication Token\",\n     \"type\": MISSING_AUTHENTICATION_TOKEN,\n     \"statusCode\": '404',\n     \"stage\": custErr,\n     \"resourcePath\": /pets/{petId},\n     \"stageVariables.a\": a\n}"})
}

func TestAcceptSelection(t *testing.T) {
	three := map[string]string{
		"application/json": `{"m":$context.error.messageString}`,
		"application/xml":  `<m>$context.error.message</m>`,
		"text/plain":       `$context.error.message`,
	}
	noJSON := map[string]string{
		"text/plain":      `plain`,
		"application/xml": `<xml/>`,
	}
	tests := []struct {
		templates map[string]string
		accept    []string
		ctype     string
		body      string
	}{
		{three, nil, "application/json", `{"m":"Too Many Requests"}`},
		{three, []string{"application/xml"}, "application/xml", `<m>Too Many Requests</m>`},
		{three, []string{"Application/XML; q=0.9, application/json"}, "application/xml", `<m>Too Many Requests</m>`},
		{three, []string{" text/plain ,application/xml"}, "text/plain", `Too Many Requests`},
		{three, []string{"text/html, text/plain"}, "application/json", `{"m":"Too Many Requests"}`},
		{three, []string{"*/*"}, "application/json", `{"m":"Too Many Requests"}`},
		{three, []string{"text/*"}, "application/json", `{"m":"Too Many Requests"}`},
		{three, []string{"text/html", "text/plain"}, "application/json", `{"m":"Too Many Requests"}`},
		{noJSON, nil, "application/xml", `<xml/>`},
		{noJSON, []string{"text/plain"}, "text/plain", `plain`},
		{map[string]string{"Application/JSON": `J`, "text/plain": `P`}, []string{"text/html"}, "Application/JSON", `J`},
	}
	for _, tt := range tests {
		s := mustCompile(t, map[apigate.ResponseType]Custom{apigate.Default4XX: {Templates: tt.templates}})
		r := &apigate.Request{Header: http.Header{}}
		if tt.accept != nil {
			r.Header["Accept"] = tt.accept
		}
		check(t, fmt.Sprintf("Accept %q", tt.accept), s, apigate.ErrThrottled, r,
			want{429, hdr("Content-Type", tt.ctype, "X-Amzn-ErrorType", "TooManyRequestsException"), tt.body})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name   string
		custom map[apigate.ResponseType]Custom
		want   string
	}{
		{"unknown type", map[apigate.ResponseType]Custom{"NOPE": {}}, "NOPE: not a gateway response type"},
		{"request too large", map[apigate.ResponseType]Custom{apigate.RequestTooLarge: {StatusCode: 400}}, "cannot be customized"},
		{"status too low", map[apigate.ResponseType]Custom{apigate.Throttled: {StatusCode: 99}}, "invalid status code 99"},
		{"status too high", map[apigate.ResponseType]Custom{apigate.Throttled: {StatusCode: 600}}, "invalid status code 600"},
		{"negative status", map[apigate.ResponseType]Custom{apigate.Throttled: {StatusCode: -1}}, "invalid status code -1"},
		{"parameter key", map[apigate.ResponseType]Custom{apigate.Throttled: {Parameters: map[string]string{"method.response.header.x": "'a'"}}}, "invalid response parameter"},
		{"parameter position", map[apigate.ResponseType]Custom{apigate.Throttled: {Parameters: map[string]string{"gatewayresponse.querystring.x": "'a'"}}}, "invalid response parameter"},
		{"header name", map[apigate.ResponseType]Custom{apigate.Throttled: {Parameters: map[string]string{"gatewayresponse.header.a b": "'a'"}}}, "invalid response parameter"},
		{"empty header name", map[apigate.ResponseType]Custom{apigate.Throttled: {Parameters: map[string]string{"gatewayresponse.header.": "'a'"}}}, "invalid response parameter"},
		{"garbage source", map[apigate.ResponseType]Custom{apigate.Throttled: {Parameters: map[string]string{"gatewayresponse.header.x": "nope"}}}, "Invalid mapping expression specified: nope"},
		{"unquoted static", map[apigate.ResponseType]Custom{apigate.Throttled: {Parameters: map[string]string{"gatewayresponse.header.x": "'a"}}}, "Invalid mapping expression specified: 'a"},
		{"body source", map[apigate.ResponseType]Custom{apigate.Throttled: {Parameters: map[string]string{"gatewayresponse.header.x": "method.request.body.a"}}}, "Invalid mapping expression specified: method.request.body.a"},
		{"integration source", map[apigate.ResponseType]Custom{apigate.Throttled: {Parameters: map[string]string{"gatewayresponse.header.x": "integration.response.header.a"}}}, "Invalid mapping expression specified: integration.response.header.a"},
		{"bad name", map[apigate.ResponseType]Custom{apigate.Throttled: {Parameters: map[string]string{"gatewayresponse.header.x": "method.request.header.a b"}}}, "Invalid mapping expression specified"},
		{"content type", map[apigate.ResponseType]Custom{apigate.Throttled: {Templates: map[string]string{"json": "x"}}}, `invalid content type specified: "json"`},
		{"content type with parameters", map[apigate.ResponseType]Custom{apigate.Throttled: {Templates: map[string]string{"application/json; charset=utf-8": "x"}}}, "invalid content type"},
		{"template too large", map[apigate.ResponseType]Custom{apigate.Throttled: {Templates: map[string]string{"application/json": strings.Repeat("x", mapping.MaxTemplateSize+1)}}}, "longer than"},
	}
	for _, tt := range tests {
		s, err := Compile(tt.custom)
		if err == nil || s != nil {
			t.Errorf("%s: got %v, %v; want an error", tt.name, s, err)
			continue
		}
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q, want one matching ErrInvalid containing %q", tt.name, err, tt.want)
		}
	}
	_, err := Compile(map[apigate.ResponseType]Custom{apigate.RequestTooLarge: {}})
	if !errors.Is(err, ErrNotCustomizable) {
		t.Errorf("REQUEST_TOO_LARGE: %v does not match ErrNotCustomizable", err)
	}
	var ee *mapping.ExprError
	_, err = Compile(map[apigate.ResponseType]Custom{apigate.Throttled: {Parameters: map[string]string{"gatewayresponse.header.x": "nope"}}})
	if !errors.As(err, &ee) || ee.Expr != "nope" {
		t.Errorf("bad source: %v is not a *mapping.ExprError", err)
	}
	// Every problem is reported.
	_, err = Compile(map[apigate.ResponseType]Custom{
		apigate.Throttled:    {StatusCode: 1},
		apigate.Unauthorized: {Parameters: map[string]string{"gatewayresponse.header.a": "x", "gatewayresponse.header.b": "y"}, Templates: map[string]string{"x": ""}},
	})
	for _, part := range []string{"THROTTLED", "UNAUTHORIZED", "specified: x]", "specified: y]", `content type specified: "x"`} {
		if err == nil || !strings.Contains(err.Error(), part) {
			t.Errorf("joined error %q lacks %q", err, part)
		}
	}
}

func TestOutputLimit(t *testing.T) {
	big := strings.Repeat("v", 1<<20)
	tmpl := strings.Repeat("$stageVariables.big", 20)
	s := mustCompile(t, map[apigate.ResponseType]Custom{apigate.Throttled: {Templates: map[string]string{"application/json": tmpl}}})
	_, _, body := s.Render(apigate.ErrThrottled, &apigate.Request{StageVariables: map[string]string{"big": big}})
	if len(body) != mapping.MaxOutput {
		t.Errorf("body of %d bytes, want the limit %d", len(body), mapping.MaxOutput)
	}
}

func TestConcurrentRender(t *testing.T) {
	s := mustCompile(t, map[apigate.ResponseType]Custom{apigate.Default4XX: {
		StatusCode: 418,
		Parameters: map[string]string{"gatewayresponse.header.X-Id": "context.requestId"},
		Templates:  map[string]string{"application/json": `{"id":"$context.requestId","q":"$input.params('q')"}`},
	}})
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			defer func() { done <- true }()
			for i := 0; i < 200; i++ {
				id := fmt.Sprint(g, "-", i)
				r := &apigate.Request{Query: url.Values{"q": {id}}, Context: apigate.Context{RequestID: id}}
				_, h, b := s.Render(apigate.ErrThrottled, r)
				if h.Get("X-Id") != id || string(b) != `{"id":"`+id+`","q":"`+id+`"}` {
					t.Errorf("got %v %s for %s", h, b, id)
					return
				}
			}
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
}

func FuzzTemplate(f *testing.F) {
	for _, seed := range []string{
		`{"message":$context.error.messageString}`,
		`${context.requestId}$stageVariables.x$method.request.header.a-b.$input.params('q')`,
		`$`, `${`, `${}`, `$input.params(')`, `$input.params("x")`, `$context..a`, `$method.request.header.`,
		"\xff$context.error.message\x00",
	} {
		f.Add(seed, "application/json", "a \"msg\"\n")
	}
	r := testRequest()
	f.Fuzz(func(t *testing.T, tmpl, accept, msg string) {
		s, err := Compile(map[apigate.ResponseType]Custom{apigate.Default4XX: {
			Parameters: map[string]string{"gatewayresponse.header.X-A": "context.error.messageString"},
			Templates:  map[string]string{"application/json": tmpl, "text/plain": tmpl + tmpl},
		}})
		if err != nil {
			t.Fatal(err)
		}
		r.Header = http.Header{"Accept": {accept}}
		status, h, body := s.Render(&apigate.Error{Type: apigate.Throttled, Message: msg}, r)
		if status != 429 || h.Get("X-Amzn-Errortype") != "TooManyRequestsException" {
			t.Fatalf("status %d, header %v", status, h)
		}
		if !strings.Contains(tmpl, "$") {
			if ct := h.Get("Content-Type"); ct == "application/json" && string(body) != tmpl || ct == "text/plain" && string(body) != tmpl+tmpl {
				t.Fatalf("template without variables %q rendered as %q (%s)", tmpl, body, ct)
			}
		}
		// The only unbounded variable here is the message; every variable is at most a few
		// times longer than the longest value it may take.
		if limit := 2*len(tmpl) + 2*(len(tmpl)+1)*(6*len(msg)+64); len(body) > limit {
			t.Fatalf("body of %d bytes from a template of %d", len(body), len(tmpl))
		}
		if utf8.ValidString(msg) && utf8.ValidString(tmpl) && !utf8.Valid(body) {
			t.Fatalf("invalid UTF-8 from valid input: %q", body)
		}
	})
}

func BenchmarkRender(b *testing.B) {
	r := testRequest()
	b.Run("default THROTTLED", func(b *testing.B) {
		s := mustCompile(b, nil)
		b.ReportAllocs()
		for b.Loop() {
			s.Render(apigate.ErrThrottled, r)
		}
	})
	b.Run("custom message", func(b *testing.B) {
		s := mustCompile(b, nil)
		e := &apigate.Error{Type: apigate.BadRequestParameters, Message: "Missing required request parameters: [q]"}
		b.ReportAllocs()
		for b.Loop() {
			s.Render(e, r)
		}
	})
	b.Run("template with 3 variables", func(b *testing.B) {
		s := mustCompile(b, map[apigate.ResponseType]Custom{apigate.Default4XX: {
			StatusCode: 418,
			Templates: map[string]string{"application/json": `{"message":$context.error.messageString,` +
				`"requestId":"$context.requestId","env":"$stageVariables.env"}`},
		}})
		b.ReportAllocs()
		for b.Loop() {
			s.Render(apigate.ErrThrottled, r)
		}
	})
	b.Run("template and 2 parameters", func(b *testing.B) {
		s := mustCompile(b, map[apigate.ResponseType]Custom{apigate.Default4XX: {
			Parameters: map[string]string{
				"gatewayresponse.header.Access-Control-Allow-Origin": "'*'",
				"gatewayresponse.header.X-Request-Id":                "context.requestId",
			},
			Templates: map[string]string{"application/json": `{"message":$context.error.messageString,"path":"$method.request.path.petId"}`},
		}})
		b.ReportAllocs()
		for b.Loop() {
			s.Render(apigate.ErrThrottled, r)
		}
	})
}
