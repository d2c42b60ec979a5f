package apigate_test

import (
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/apigate/apigate"
)

// TestClone checks that a clone shares nothing the gateway clears or reuses: changing every
// map, slice and pointer of the original (as recycling a request does) leaves the clone as it
// was.
func TestClone(t *testing.T) {
	canary := true
	hr, _ := http.NewRequest("GET", "http://example.com/prod/pets/1", nil)
	vars := map[string]string{"v": "1"}
	binary := []string{"image/png"}
	trace := &apigate.Trace{}
	r := &apigate.Request{
		HTTP:           hr,
		Method:         "GET",
		Path:           "/pets/1",
		PathParameters: map[string]string{"id": "1"},
		Query:          url.Values{"q": {"a", "b"}},
		Header:         http.Header{"X": {"1"}},
		Body:           []byte("body"),
		StageVariables: vars,
		Context: apigate.Context{
			RequestID:       "id",
			Identity:        apigate.Identity{SourceIP: "192.0.2.1", ClientCert: &apigate.ClientCert{SubjectDN: "CN=a"}},
			Authorizer:      &apigate.Authorizer{PrincipalID: "p", Claims: map[string]any{"sub": "s"}, Context: map[string]any{"k": "v"}},
			Error:           &apigate.ContextError{Message: "m"},
			IsCanaryRequest: &canary,
		},
		UsageIdentifierKey: "key",
		BinaryMediaTypes:   binary,
		Trace:              trace,
	}
	c := r.Clone()
	if !reflect.DeepEqual(*c, *r) {
		t.Fatalf("clone differs:\n%+v\n%+v", *c, *r)
	}
	// what the gateway, or a stage, does to the original afterwards
	r.PathParameters["id"] = "2"
	r.Query["q"][0] = "z"
	r.Header["X"][0] = "2"
	r.Body[0] = 'B'
	r.Context.Identity.ClientCert.SubjectDN = "CN=b"
	r.Context.Authorizer.PrincipalID = "q"
	r.Context.Authorizer.Claims["sub"] = "t"
	r.Context.Authorizer.Context["k"] = "w"
	r.Context.Error.Message = "n"
	*r.Context.IsCanaryRequest = false
	*r = apigate.Request{}
	if c.PathParameters["id"] != "1" || c.Query["q"][0] != "a" || c.Header["X"][0] != "1" || string(c.Body) != "body" ||
		c.Context.Identity.ClientCert.SubjectDN != "CN=a" || c.Context.Authorizer.PrincipalID != "p" ||
		c.Context.Authorizer.Claims["sub"] != "s" || c.Context.Authorizer.Context["k"] != "v" ||
		c.Context.Error.Message != "m" || !*c.Context.IsCanaryRequest || c.UsageIdentifierKey != "key" || c.Context.RequestID != "id" {
		t.Errorf("the clone changed with the original: %+v", c)
	}
	// shared, documented as such: the client's request, stage variables, binary media types, trace
	if c.HTTP != hr || reflect.ValueOf(c.StageVariables).Pointer() != reflect.ValueOf(vars).Pointer() || &c.BinaryMediaTypes[0] != &binary[0] || c.Trace != trace {
		t.Errorf("the shared parts are not shared")
	}
	if (&apigate.Request{}).Clone().PathParameters != nil {
		t.Error("clone of an empty request has path parameters")
	}
}
