package gateway_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/stage"
)

// echo is a test integration that answers with what it saw of the method request.
type echo struct{ status int }

func (e echo) Integrate(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
	var b strings.Builder
	b.WriteString(r.Method + " " + r.Context.ResourcePath + " " + r.Path)
	for _, k := range slices.Sorted(maps.Keys(r.PathParameters)) {
		b.WriteString(" " + k + "=" + r.PathParameters[k])
	}
	status := e.status
	if status == 0 {
		status = 200
	}
	return &apigate.Response{StatusCode: status, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte(b.String())}, nil
}

func mustGateway(t testing.TB, api *gateway.RESTAPI, opts ...gateway.Option) *gateway.Gateway {
	t.Helper()
	d, err := api.Deploy()
	if err != nil {
		t.Fatalf("Deploy: %v", err)
	}
	gw, err := gateway.New(d, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return gw
}

func do(gw http.Handler, method, target string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	gw.ServeHTTP(rec, req)
	return rec
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestServeRoutesAndErrors(t *testing.T) {
	api := gateway.NewRESTAPI("routes")
	api.Resource("/pets").Method("GET", echo{}).Method("POST", echo{status: 201})
	api.Resource("/pets/{petId}").Method("ANY", echo{})
	api.Resource("/files/{proxy+}").Method("GET", echo{})
	api.Root().Method("GET", echo{})
	gw := mustGateway(t, api, gateway.Stage(stage.Config{Name: "prod"}))

	const mat = `{"message":"Missing Authentication Token"}`
	for _, tc := range []struct {
		method, target string
		header         []string
		status         int
		body           string
		errorType      string
	}{
		{"GET", "/prod/pets", nil, 200, "GET /pets /pets", ""},
		{"POST", "/prod/pets", nil, 201, "POST /pets /pets", ""},
		{"GET", "/prod/pets/", nil, 200, "GET /pets /pets/", ""},
		{"GET", "/prod", nil, 200, "GET / /", ""},
		{"GET", "/prod/", nil, 200, "GET / /", ""},
		{"DELETE", "/prod/pets/7", nil, 200, "DELETE /pets/{petId} /pets/7 petId=7", ""},
		{"GET", "/prod/pets/a%2Bb@x.com", nil, 200, "GET /pets/{petId} /pets/a%2Bb@x.com petId=a%2Bb@x.com", ""},
		{"GET", "/prod/files/a/b/c.txt", nil, 200, "GET /files/{proxy+} /files/a/b/c.txt proxy=a/b/c.txt", ""},
		{"GET", "/prod//pets", nil, 200, "GET /pets //pets", ""},
		{"GET", "/prod/files/a//b/", nil, 200, "GET /files/{proxy+} /files/a//b/ proxy=a//b", ""},
		{"HEAD", "/prod/pets", nil, 403, "", "MissingAuthenticationTokenException"},
		{"PUT", "/prod/pets", nil, 403, mat, "MissingAuthenticationTokenException"},
		{"GET", "/prod/nothing", nil, 403, mat, "MissingAuthenticationTokenException"},
		{"GET", "/prod/files", nil, 403, mat, "MissingAuthenticationTokenException"},
		{"POST", "/prod/pets/1", []string{"X-HTTP-Method-Override", "PATCH"}, 200, "PATCH /pets/{petId} /pets/1 petId=1", ""},
		{"GET", "/prod/pets", []string{"X-HTTP-Method-Override", "POST"}, 201, "POST /pets /pets", ""},
		{"GET", "/test/pets", nil, 403, `{"message":"Forbidden"}`, "ForbiddenException"},
		{"GET", "/", nil, 403, `{"message":"Forbidden"}`, "ForbiddenException"},
	} {
		rec := do(gw, tc.method, tc.target, nil, tc.header...)
		if rec.Code != tc.status || rec.Body.String() != tc.body {
			t.Errorf("%s %s: got %d %q, want %d %q", tc.method, tc.target, rec.Code, rec.Body.String(), tc.status, tc.body)
		}
		if got := first(rec.Header()["x-amzn-ErrorType"]); got != tc.errorType {
			t.Errorf("%s %s: x-amzn-ErrorType %q, want %q", tc.method, tc.target, got, tc.errorType)
		}
		if id := first(rec.Header()["x-amzn-RequestId"]); !uuidRE.MatchString(id) {
			t.Errorf("%s %s: x-amzn-RequestId %q is not a UUID", tc.method, tc.target, id)
		}
		if id := first(rec.Header()["x-amz-apigw-id"]); len(id) != 15 {
			t.Errorf("%s %s: x-amz-apigw-id %q", tc.method, tc.target, id)
		}
		if tc.errorType != "" && tc.errorType != "ForbiddenException" || tc.status == 403 {
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("%s %s: Content-Type %q", tc.method, tc.target, ct)
			}
		}
	}
}

func TestDefinitionErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(api *gateway.RESTAPI)
		want  string
	}{
		{"child of greedy", func(api *gateway.RESTAPI) {
			api.Resource("/{proxy+}/child").Method("GET", echo{})
		}, "Cannot create a child of a resource with a greedy path variable: {proxy+}"},
		{"variable siblings", func(api *gateway.RESTAPI) {
			api.Resource("/pets/{id}").Method("GET", echo{})
			api.Resource("/pets/{petId}").Method("GET", echo{})
		}, "only one is allowed"},
		{"duplicate method", func(api *gateway.RESTAPI) {
			api.Resource("/pets").Method("GET", echo{}).Method("GET", echo{})
		}, "Method already exists for this resource"},
		{"bad method", func(api *gateway.RESTAPI) {
			api.Resource("/pets").Method("FETCH", echo{})
		}, "Invalid HttpMethod specified"},
		{"no integration", func(api *gateway.RESTAPI) {
			api.Resource("/pets").Method("GET", nil)
		}, "No integration defined for method"},
		{"unknown model", func(api *gateway.RESTAPI) {
			api.Resource("/pets").Method("POST", echo{}, gateway.RequestModel("application/json", "Nope"),
				gateway.ValidateRequest(gateway.Validation{Body: true}))
		}, "Invalid model identifier specified: Nope"},
		{"bad parameter key", func(api *gateway.RESTAPI) {
			api.Resource("/pets").Method("GET", echo{}, gateway.RequestParameter("method.request.cookie.x", true))
		}, "Invalid mapping expression specified: method.request.cookie.x"},
		{"model name", func(api *gateway.RESTAPI) {
			api.Model("my-model", `{}`)
		}, "Model name must be alphanumeric"},
		{"relative path", func(api *gateway.RESTAPI) {
			api.Resource("pets")
		}, `resource path "pets" must start with /`},
	} {
		api := gateway.NewRESTAPI("bad")
		tc.build(api)
		_, err := api.Deploy()
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, gateway.ErrInvalidDefinition) {
			t.Errorf("%s: Deploy error %v, want one containing %q and matching ErrInvalidDefinition", tc.name, err, tc.want)
		}
	}
}

func TestStageVariablesAndContext(t *testing.T) {
	api := gateway.NewRESTAPI("ctx")
	var got *apigate.Request
	api.Resource("/x/{id}").Method("GET", apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		cp := *r // the request is the gateway's: keep a copy
		got = &cp
		return &apigate.Response{StatusCode: 204}, nil
	}))
	gw := mustGateway(t, api, gateway.Stage(stage.Config{Name: "dev", Variables: stage.Variables{"backend": "localhost:9"}}), gateway.Stage(stage.Config{Name: "prod"}))
	rec := do(gw, "GET", "http://abc123.execute-api.local/dev/x/42?a=1&a=2&b=x+y&c=%2B;d=4", nil, "User-Agent", "ua/1")
	if rec.Code != 204 {
		t.Fatalf("status %d %s", rec.Code, rec.Body)
	}
	c := got.Context
	if c.Stage != "dev" || c.Path != "/dev/x/42" || c.ResourcePath != "/x/{id}" || c.HTTPMethod != "GET" ||
		c.Protocol != "HTTP/1.1" || c.DomainName != "abc123.execute-api.local" || c.DomainPrefix != "abc123" || c.Identity.UserAgent != "ua/1" ||
		c.Identity.SourceIP != "192.0.2.1" || c.APIID == "" || c.ResourceID == "" || c.DeploymentID == "" || c.AccountID != "123456789012" {
		t.Errorf("context %+v", c)
	}
	if c.RequestID != first(rec.Header()["x-amzn-RequestId"]) || c.ExtendedRequestID != first(rec.Header()["x-amz-apigw-id"]) {
		t.Errorf("request ids %q %q vs headers %v", c.RequestID, c.ExtendedRequestID, rec.Header())
	}
	if _, err := time.Parse("02/Jan/2006:15:04:05 -0700", c.RequestTime); err != nil || c.RequestTimeEpoch == 0 {
		t.Errorf("request time %q %d: %v", c.RequestTime, c.RequestTimeEpoch, err)
	}
	if got.StageVariables["backend"] != "localhost:9" {
		t.Errorf("stage variables %v", got.StageVariables)
	}
	if q := got.Query; strings.Join(q["a"], ",") != "1,2" || q.Get("b") != "x y" || q.Get("c") != "+" || q.Get("d") != "4" {
		t.Errorf("query %v", q)
	}
	if got.PathParameters["id"] != "42" {
		t.Errorf("path parameters %v", got.PathParameters)
	}
}

func TestServeAtRoot(t *testing.T) {
	api := gateway.NewRESTAPI("root")
	api.Resource("/pets").Method("GET", echo{})
	gw := mustGateway(t, api, gateway.Stage(stage.Config{Name: "v1"}), gateway.ServeAtRoot())
	if rec := do(gw, "GET", "/pets", nil); rec.Code != 200 || rec.Body.String() != "GET /pets /pets" {
		t.Errorf("got %d %q", rec.Code, rec.Body)
	}
	if _, err := gateway.New(mustDeploy(t, api), gateway.Stage(stage.Config{Name: "a"}), gateway.Stage(stage.Config{Name: "b"}), gateway.ServeAtRoot()); err == nil {
		t.Error("ServeAtRoot with two stages: no error")
	}
	if _, err := gateway.New(mustDeploy(t, api), gateway.Stage(stage.Config{Name: "a b"})); !errors.Is(err, stage.ErrInvalidName) {
		t.Errorf("bad stage name: %v", err)
	}
}

func mustDeploy(t testing.TB, api *gateway.RESTAPI) *gateway.Deployment {
	t.Helper()
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestBodyLimit(t *testing.T) {
	api := gateway.NewRESTAPI("limits")
	api.Resource("/up").Method("POST", apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Body: []byte{byte('0' + len(r.Body)%10)}}, nil
	}))
	gw := mustGateway(t, api)
	if rec := do(gw, "POST", "/prod/up", bytes.NewReader(make([]byte, gateway.MaxBodySize))); rec.Code != 200 {
		t.Errorf("10 MB body: %d %s", rec.Code, rec.Body)
	}
	rec := do(gw, "POST", "/prod/up", bytes.NewReader(make([]byte, gateway.MaxBodySize+1)))
	if rec.Code != 413 || first(rec.Header()["x-amzn-ErrorType"]) != "BadRequestException" {
		t.Errorf("10 MB + 1 body: %d %s %v", rec.Code, rec.Body, rec.Header())
	}
	// a body without Content-Length is still cut at the limit
	req := httptest.NewRequest("POST", "/prod/up", io.MultiReader(bytes.NewReader(make([]byte, gateway.MaxBodySize)), strings.NewReader("x")))
	req.ContentLength = -1
	rec = httptest.NewRecorder()
	gw.ServeHTTP(rec, req)
	if rec.Code != 413 {
		t.Errorf("streamed body over the limit: %d", rec.Code)
	}
	if rec := do(gw, "POST", "/prod/up", nil, "X-Big", strings.Repeat("h", gateway.MaxHeaderSize)); rec.Code != 413 {
		t.Errorf("large headers: %d", rec.Code)
	}
}

func TestSlots(t *testing.T) {
	deny := gateway.AuthorizerFunc(func(_ context.Context, r *apigate.Request) error {
		if r.Header.Get("Authorization") != "allow" {
			return apigate.ErrUnauthorized
		}
		r.UsageIdentifierKey = "from-authorizer"
		return nil
	})
	api := gateway.NewRESTAPI("slots")
	api.Resource("/auth").Method("GET", echo{}, gateway.AuthorizeWith(deny))
	api.Resource("/key").Method("GET", apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Body: []byte(r.Context.Identity.APIKey + "/" + r.Context.Identity.APIKeyID)}, nil
	}), gateway.APIKeyRequired())
	api.Resource("/panic").Method("GET", echo{}, gateway.AuthorizeWith(gateway.AuthorizerFunc(func(context.Context, *apigate.Request) error {
		panic("boom")
	})))
	keys := keyStore{"k1": "id1"}
	throttled := gateway.ThrottlerFunc(func(_ context.Context, r *apigate.Request) error {
		if r.Header.Get("X-Burst") != "" {
			return apigate.ErrThrottled
		}
		return nil
	})
	gw := mustGateway(t, api, gateway.Keys(keys), gateway.Throttle(throttled))
	for _, tc := range []struct {
		target string
		header []string
		status int
		body   string
	}{
		{"/prod/auth", nil, 401, `{"message":"Unauthorized"}`},
		{"/prod/auth", []string{"Authorization", "allow"}, 200, "GET /auth /auth"},
		{"/prod/key", nil, 403, `{"message":"Forbidden"}`},
		{"/prod/key", []string{"X-API-Key", "nope"}, 403, `{"message":"Forbidden"}`},
		{"/prod/key", []string{"X-API-Key", "k1"}, 200, "k1/id1"},
		{"/prod/key", []string{"X-API-Key", "k1", "X-Burst", "1"}, 429, `{"message":"Too Many Requests"}`},
		{"/prod/panic", nil, 500, `{"message":"Internal server error"}`},
	} {
		rec := do(gw, "GET", tc.target, nil, tc.header...)
		if rec.Code != tc.status || rec.Body.String() != tc.body {
			t.Errorf("%s %v: got %d %q, want %d %q", tc.target, tc.header, rec.Code, rec.Body, tc.status, tc.body)
		}
	}
	// without a key store, a method that requires a key refuses every request
	gw = mustGateway(t, api)
	if rec := do(gw, "GET", "/prod/key", nil, "X-API-Key", "k1"); rec.Code != 403 {
		t.Errorf("no key store: %d", rec.Code)
	}
	// the AUTHORIZER key source reads the key the authorizer returned
	api2 := gateway.NewRESTAPI("slots2").APIKeySource(gateway.KeyFromAuthorizer)
	api2.Resource("/key").Method("GET", apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Body: []byte(r.Context.Identity.APIKeyID)}, nil
	}), gateway.APIKeyRequired(), gateway.AuthorizeWith(deny))
	gw = mustGateway(t, api2, gateway.Keys(keyStore{"from-authorizer": "id9"}))
	if rec := do(gw, "GET", "/prod/key", nil, "Authorization", "allow"); rec.Code != 200 || rec.Body.String() != "id9" {
		t.Errorf("authorizer key source: %d %q", rec.Code, rec.Body)
	}
}

type keyStore map[string]string

func (ks keyStore) CheckKey(_ context.Context, _ *apigate.Request, key string) (string, error) {
	if id, ok := ks[key]; ok {
		return id, nil
	}
	return "", apigate.ErrInvalidAPIKey
}

func TestRedeployInFlight(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	v1 := gateway.NewRESTAPI("swap")
	v1.Resource("/v").Method("GET", apigate.IntegrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) {
		close(started)
		<-release
		return &apigate.Response{StatusCode: 200, Body: []byte("v1")}, nil
	}))
	v2 := gateway.NewRESTAPI("swap")
	v2.Resource("/v").Method("GET", apigate.IntegrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Body: []byte("v2")}, nil
	}))
	gw := mustGateway(t, v1)
	var wg sync.WaitGroup
	var first *httptest.ResponseRecorder
	wg.Add(1)
	go func() {
		defer wg.Done()
		first = do(gw, "GET", "/prod/v", nil)
	}()
	<-started
	if err := gw.Redeploy("prod", mustDeploy(t, v2)); err != nil {
		t.Fatal(err)
	}
	if rec := do(gw, "GET", "/prod/v", nil); rec.Body.String() != "v2" {
		t.Errorf("after redeploy: %q", rec.Body)
	}
	close(release)
	wg.Wait()
	if first.Body.String() != "v1" {
		t.Errorf("in-flight request: %q, want v1", first.Body)
	}
	if err := gw.Redeploy("nope", mustDeploy(t, v2)); !errors.Is(err, gateway.ErrUnknownStage) {
		t.Errorf("unknown stage: %v", err)
	}
}

func TestLoopbackServer(t *testing.T) {
	api := gateway.NewRESTAPI("loop")
	api.Resource("/pets/{id}").Method("GET", echo{})
	srv := httptest.NewServer(mustGateway(t, api))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/prod/pets/9")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "GET /pets/{id} /pets/9 id=9" || !uuidRE.MatchString(resp.Header.Get("X-Amzn-Requestid")) {
		t.Errorf("got %d %q %v", resp.StatusCode, body, resp.Header)
	}
	resp, err = http.Post(srv.URL+"/prod/pets/9", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || string(body) != `{"message":"Missing Authentication Token"}` ||
		resp.Header.Get("X-Amzn-Errortype") != "MissingAuthenticationTokenException" || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("missing route: %d %q %v", resp.StatusCode, body, resp.Header)
	}
}

func TestMountUnderPrefix(t *testing.T) {
	api := gateway.NewRESTAPI("mounted")
	api.Resource("/pets/{id}").Method("GET", echo{})
	gw := mustGateway(t, api)
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", gw))
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })
	for _, tc := range []struct{ target, want string }{
		{"/api/prod/pets/3", "GET /pets/{id} /pets/3 id=3"},
		{"/api/prod/pets/3/", "GET /pets/{id} /pets/3/ id=3"},
		{"/health", "ok"},
	} {
		if rec := do(mux, "GET", tc.target, nil); rec.Code != 200 || rec.Body.String() != tc.want {
			t.Errorf("%s: %d %q, want %q", tc.target, rec.Code, rec.Body, tc.want)
		}
	}
}

// first returns a header's first value, read by its exact spelling: the gateway writes
// x-amzn-RequestId and its siblings as AWS spells them, not in Go's canonical form.
func first(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}

// TestHeaderSpelling checks the bytes on the wire: API Gateway's own headers keep AWS's
// spelling.
func TestHeaderSpelling(t *testing.T) {
	api := gateway.NewRESTAPI("spelling")
	api.Resource("/x").Method("GET", echo{})
	srv := httptest.NewServer(mustGateway(t, api))
	defer srv.Close()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /prod/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	raw, _ := io.ReadAll(conn)
	for _, want := range []string{"\r\nx-amzn-RequestId: ", "\r\nx-amz-apigw-id: ", "\r\nx-amzn-ErrorType: MissingAuthenticationTokenException\r\n", "\r\nContent-Type: application/json\r\n"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("response lacks %q:\n%s", want, raw)
		}
	}
}

func TestResourcePathErrors(t *testing.T) {
	const aws = "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace."
	for _, path := range []string{"/pets/", "//pets", "/a//b", "/pets/{id", "/pe ts"} {
		api := gateway.NewRESTAPI("paths")
		api.Resource(path).Method("GET", echo{})
		_, err := api.Deploy()
		if err == nil || !strings.Contains(err.Error(), aws) || strings.Contains(err.Error(), "route ") || !errors.Is(err, gateway.ErrInvalidDefinition) {
			t.Errorf("%q: %v", path, err)
		}
	}
}

func TestMethodOverrideIsCaseSensitive(t *testing.T) {
	api := gateway.NewRESTAPI("override")
	api.Resource("/x").Method("GET", echo{})
	gw := mustGateway(t, api)
	if rec := do(gw, "POST", "/prod/x", nil, "X-HTTP-Method-Override", "get"); rec.Code != 403 {
		t.Errorf("override get: %d", rec.Code)
	}
	if rec := do(gw, "POST", "/prod/x", nil, "X-HTTP-Method-Override", "GET"); rec.Code != 200 {
		t.Errorf("override GET: %d", rec.Code)
	}
}

func TestGatewayHeadersWin(t *testing.T) {
	api := gateway.NewRESTAPI("own")
	api.Resource("/x").Method("GET", apigate.IntegrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Header: http.Header{"X-Amz-Apigw-Id": {"backend"}, "x-amzn-requestid": {"backend"}, "X-Other": {"1"}}}, nil
	}))
	var logged []error
	gw := mustGateway(t, api, gateway.OnError(func(_ context.Context, _ *apigate.Request, err error) { logged = append(logged, err) }))
	rec := do(gw, "GET", "/prod/x", nil)
	if got := rec.Header()["x-amz-apigw-id"]; len(got) != 1 || got[0] == "backend" || rec.Header()["X-Amz-Apigw-Id"] != nil || rec.Header()["x-amzn-requestid"] != nil {
		t.Errorf("headers %v", rec.Header())
	}
	if rec.Header().Get("X-Other") != "1" || rec.Header().Get("Content-Length") != "0" {
		t.Errorf("headers %v", rec.Header())
	}
	do(gw, "GET", "/prod/y", nil)
	if len(logged) != 1 || !errors.Is(logged[0], apigate.ErrMissingAuthenticationToken) {
		t.Errorf("OnError saw %v", logged)
	}
}

// TestResponseRelease checks that the gateway hands a response back through its Release once it
// has sent it, once, and that what it sent shares no storage with the response: an
// integration that reuses the response's header values afterwards changes nothing the client
// (or a middleware reading the headers after the gateway) sees.
func TestResponseRelease(t *testing.T) {
	released := 0
	var resp *apigate.Response
	api := gateway.NewRESTAPI("release")
	api.Resource("/r").Method("GET", apigate.IntegrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) {
		vals := []string{"text/plain", "a", "b", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
		resp = &apigate.Response{
			StatusCode: 200,
			Header:     http.Header{"Content-Type": vals[0:1], "X-Multi": vals[1:3], "X-Many": vals[3:]},
			Body:       []byte("hello"),
		}
		resp.Release = func() {
			released++
			for i := range vals {
				vals[i] = "reused"
			}
		}
		return resp, nil
	}))
	api.Resource("/fail").Method("GET", apigate.IntegrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) {
		return nil, &apigate.Error{Type: apigate.IntegrationFailure}
	}))
	gw := mustGateway(t, api, gateway.Stage(stage.Config{Name: "prod"}))
	rec := do(gw, "GET", "/prod/r", nil)
	if released != 1 {
		t.Fatalf("Release called %d times, want 1", released)
	}
	h := rec.Header() // the map the gateway wrote into, as a middleware after it reads it
	if got := h["Content-Type"]; len(got) != 1 || got[0] != "text/plain" {
		t.Errorf("Content-Type %q after Release, want [text/plain]", got)
	}
	if got := h["X-Multi"]; len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("X-Multi %q after Release, want [a b]", got)
	}
	if got := strings.Join(h["X-Many"], ","); got != "1,2,3,4,5,6,7,8,9" {
		t.Errorf("X-Many %q after Release, want 1 to 9", got)
	}
	if got := h["Content-Length"]; len(got) != 1 || got[0] != "5" {
		t.Errorf("Content-Length %q", got)
	}
	if rec.Body.String() != "hello" || h["X-Amzn-Requestid"] != nil || len(h["x-amzn-RequestId"]) != 1 || len(h["x-amz-apigw-id"]) != 1 {
		t.Errorf("body %q, headers %v", rec.Body, h)
	}
	// appending to a header the gateway wrote copies: it cannot reach a neighbour's value
	rec2 := httptest.NewRecorder()
	gw.ServeHTTP(rec2, httptest.NewRequest("GET", "/prod/r", nil))
	rh := rec2.Header()
	rh["Content-Type"] = append(rh["Content-Type"], "x")
	if got := rh["x-amzn-RequestId"]; len(got) != 1 || got[0] == "x" {
		t.Errorf("x-amzn-RequestId %q after appending to Content-Type", got)
	}
	if rec := do(gw, "GET", "/prod/fail", nil); rec.Code != 504 || released != 2 {
		t.Errorf("failure: status %d, released %d (want 504, 2: no Release without a response)", rec.Code, released)
	}
}
