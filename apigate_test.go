package apigate

import (
	"errors"
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
