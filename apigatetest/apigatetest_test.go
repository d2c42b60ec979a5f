package apigatetest_test

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewRequest(t *testing.T) {
	at := time.Date(2024, 8, 2, 23, 34, 43, 0, time.UTC)
	r := apigatetest.NewRequest("POST", "/pets/42/toys?a=1&a=2&b=x+y", strings.NewReader(`{"name":"ball"}`),
		apigatetest.Stage("dev"),
		apigatetest.StageVariables(map[string]string{"backend": "localhost:9"}),
		apigatetest.Resource("/pets/{petId}/{rest+}"),
		apigatetest.Header("Content-Type", "application/json"),
		apigatetest.Header("User-Agent", "test/1"),
		apigatetest.Header("X-HTTP-Method-Override", "PUT"),
		apigatetest.ReceivedAt(at))
	c := r.Context
	if !uuidRE.MatchString(c.RequestID) || len(c.ExtendedRequestID) != 15 {
		t.Errorf("ids %q %q", c.RequestID, c.ExtendedRequestID)
	}
	c.RequestID, c.ExtendedRequestID = "", ""
	want := apigate.Context{
		AccountID: "123456789012", APIID: "a1b2c3d4e5", DeploymentID: "d1e2f3",
		DomainName: "example.com", DomainPrefix: "example", HTTPMethod: "PUT", Path: "/dev/pets/42/toys",
		Protocol: "HTTP/1.1", RequestTime: "02/Aug/2024:23:34:43 +0000", RequestTimeEpoch: 1722641683000,
		ResourcePath: "/pets/{petId}/{rest+}", ResourceID: c.ResourceID, Stage: "dev",
		Identity: apigate.Identity{SourceIP: "192.0.2.1", UserAgent: "test/1"},
	}
	if c != want || len(c.ResourceID) != 6 {
		t.Errorf("context\n got %+v\nwant %+v", c, want)
	}
	if r.Method != "PUT" || r.Path != "/pets/42/toys" || string(r.Body) != `{"name":"ball"}` ||
		!maps.Equal(r.PathParameters, map[string]string{"petId": "42", "rest": "toys"}) ||
		!reflect.DeepEqual(r.Query, url.Values{"a": {"1", "2"}, "b": {"x y"}}) ||
		r.StageVariables["backend"] != "localhost:9" || r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Host") != "example.com" {
		t.Errorf("request %+v", r)
	}
	if r.HTTP.Method != "POST" || r.HTTP.URL.RequestURI() != "/dev/pets/42/toys?a=1&a=2&b=x+y" {
		t.Errorf("client's request %s %s", r.HTTP.Method, r.HTTP.URL.RequestURI())
	}
}

func TestNewRequestDefaults(t *testing.T) {
	r := apigatetest.NewRequest("GET", "https://abc123.execute-api.us-east-1.amazonaws.com/", nil)
	c := r.Context
	if r.Method != "GET" || r.Path != "/" || c.Path != "/prod/" || c.Stage != "prod" || c.DomainName != "abc123.execute-api.us-east-1.amazonaws.com" ||
		c.DomainPrefix != "abc123" || r.Body != nil || r.PathParameters != nil || r.Query != nil || c.ResourcePath != "" || c.RequestTimeEpoch == 0 {
		t.Errorf("request %+v", r)
	}
	if r.HTTP.URL.String() != "https://abc123.execute-api.us-east-1.amazonaws.com/prod/" {
		t.Errorf("client's URL %s", r.HTTP.URL)
	}
	r = apigatetest.NewRequest("GET", "/a%2Fb/c", nil, apigatetest.Header("Host", "h.example:8443"),
		apigatetest.PathParameters(map[string]string{"x": "1"}))
	if r.Path != "/a%2Fb/c" || r.Context.Path != "/prod/a%2Fb/c" || r.Context.DomainName != "h.example" || r.PathParameters["x"] != "1" {
		t.Errorf("request %+v", r)
	}
}

func TestResource(t *testing.T) {
	for _, tc := range []struct {
		template, path string
		want           map[string]string // nil: no parameters
		ok             bool
	}{
		{"/", "/", nil, true},
		{"/pets", "/pets/", nil, true},
		{"/pets", "//pets", nil, true},
		{"/pets/{id}", "/pets/a%2Bb@x.com", map[string]string{"id": "a%2Bb@x.com"}, true},
		{"/files/{proxy+}", "/files/a//b/c/", map[string]string{"proxy": "a//b/c"}, true},
		{"/{proxy+}", "/x", map[string]string{"proxy": "x"}, true},
		{"/{proxy+}", "/", nil, false},
		{"/pets/{id}", "/pets", nil, false},
		{"/pets/{id}", "/pets/1/2", nil, false},
		{"/pets", "/cats", nil, false},
	} {
		func() {
			defer func() {
				if p := recover(); (p == nil) != tc.ok {
					t.Errorf("%s %s: panic %v, want ok=%v", tc.template, tc.path, p, tc.ok)
				}
			}()
			r := apigatetest.NewRequest("GET", tc.path, nil, apigatetest.Resource(tc.template))
			if !maps.Equal(r.PathParameters, tc.want) || (tc.want == nil) != (r.PathParameters == nil) || r.Context.ResourcePath != tc.template {
				t.Errorf("%s %s: %v, want %v", tc.template, tc.path, r.PathParameters, tc.want)
			}
		}()
	}
}

// TestLikeTheGateway checks that apigatetest fills what the client's request decides as the
// gateway does: the same $context for the same client request, but for the ids and times.
func TestLikeTheGateway(t *testing.T) {
	hr := httptest.NewRequest("GET", "/prod/pets/1?q=1", nil)
	hr.Header.Set("User-Agent", "ua")
	got := apigatetest.NewRequest("GET", "/pets/1?q=1", nil, apigatetest.Header("User-Agent", "ua"))
	if got.HTTP.URL.String() != hr.URL.String() || got.HTTP.Host != hr.Host || got.HTTP.RemoteAddr != hr.RemoteAddr || !reflect.DeepEqual(got.HTTP.Header, http.Header{"User-Agent": {"ua"}, "Host": {"example.com"}}) {
		t.Errorf("client's request %+v", got.HTTP)
	}
}
