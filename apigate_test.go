package apigate

import (
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"testing"
)

func TestResponseTypes(t *testing.T) {
	seen := map[ResponseType]bool{}
	for _, rt := range ResponseTypes() {
		if !rt.Valid() || seen[rt] {
			t.Errorf("%s: valid %v, seen %v", rt, rt.Valid(), seen[rt])
		}
		seen[rt] = true
		if rt.ErrorType() == "" {
			t.Errorf("%s has no error type", rt)
		}
		switch rt {
		case Default4XX, Default5XX:
			if rt.DefaultStatus() != 0 || rt.Parent() != "" {
				t.Errorf("%s: status %d, parent %q", rt, rt.DefaultStatus(), rt.Parent())
			}
		default:
			if s := rt.DefaultStatus(); s < 400 || s > 599 || rt.Parent() == "" {
				t.Errorf("%s: status %d, parent %q", rt, s, rt.Parent())
			}
		}
	}
	if len(seen) != NumResponseTypes || NumResponseTypes != 21 {
		t.Errorf("%d types, NumResponseTypes %d", len(seen), NumResponseTypes)
	}
	if ResponseType("NOPE").Valid() {
		t.Error("NOPE is valid")
	}
}

func TestError(t *testing.T) {
	cause := errors.New("boom")
	for _, c := range []struct {
		err     *Error
		text    string
		message string
		set     bool
	}{
		{&Error{Type: Throttled}, "THROTTLED: Too Many Requests", "Too Many Requests", true},
		{&Error{Type: Throttled, Message: "slow down"}, "THROTTLED: slow down", "slow down", true},
		{&Error{Type: AccessDenied, Null: true, Err: cause}, "ACCESS_DENIED: boom", "", false},
		{&Error{Type: AuthorizerConfigurationError}, "AUTHORIZER_CONFIGURATION_ERROR", "", false},
		{&Error{Type: AuthorizerConfigurationError, Message: "x"}, "AUTHORIZER_CONFIGURATION_ERROR: x", "x", true},
	} {
		if got := c.err.Error(); got != c.text {
			t.Errorf("Error() = %q, want %q", got, c.text)
		}
		if m, ok := c.err.MessageText(); m != c.message || ok != c.set {
			t.Errorf("%q: MessageText() = %q %v, want %q %v", c.text, m, ok, c.message, c.set)
		}
		if !errors.Is(c.err, &Error{Type: c.err.Type}) || errors.Is(c.err, ErrWAFFiltered) {
			t.Errorf("%q: errors.Is by type fails", c.text)
		}
	}
	if err := (&Error{Type: Default5XX, Err: cause}); !errors.Is(err, cause) || errors.Unwrap(err) != cause {
		t.Error("the cause does not unwrap")
	}
}

func TestRequestClone(t *testing.T) {
	canary := true
	r := &Request{
		HTTP:           &http.Request{Method: "GET"},
		Method:         "GET",
		Path:           "/pets/7",
		PathParameters: map[string]string{"id": "7"},
		Query:          url.Values{"a": {"1", "2"}},
		Header:         http.Header{"X-A": {"b"}},
		Body:           []byte("body"),
		StageVariables: map[string]string{"v": "1"},
		Context: Context{
			RequestID:       "id",
			Identity:        Identity{SourceIP: "203.0.113.1", ClientCert: &ClientCert{SubjectDN: "CN=a"}},
			Authorizer:      &Authorizer{PrincipalID: "me", Claims: map[string]any{"sub": "1"}, Context: map[string]any{"k": "v"}},
			Error:           &ContextError{Message: "m"},
			IsCanaryRequest: &canary,
		},
		UsageIdentifierKey: "key",
		BinaryMediaTypes:   []string{"image/png"},
	}
	c := r.Clone()
	if !reflect.DeepEqual(c, r) {
		t.Fatalf("clone differs:\n%+v\n%+v", c, r)
	}
	// What the gateway clears and reuses must not reach the clone.
	r.PathParameters["id"] = "x"
	r.Query["a"][0] = "x"
	r.Header["X-A"][0] = "x"
	r.Body[0] = 'x'
	r.Context.Identity.ClientCert.SubjectDN = "x"
	r.Context.Authorizer.Claims["sub"] = "x"
	r.Context.Authorizer.Context["k"] = "x"
	r.Context.Error.Message = "x"
	*r.Context.IsCanaryRequest = false
	if c.PathParameters["id"] != "7" || c.Query["a"][0] != "1" || c.Header["X-A"][0] != "b" || string(c.Body) != "body" ||
		c.Context.Identity.ClientCert.SubjectDN != "CN=a" || c.Context.Authorizer.Claims["sub"] != "1" ||
		c.Context.Authorizer.Context["k"] != "v" || c.Context.Error.Message != "m" || !*c.Context.IsCanaryRequest {
		t.Errorf("the clone shares storage with the request: %+v", c)
	}
	if (&Request{}).Clone() == nil {
		t.Error("a zero request does not clone")
	}
}
