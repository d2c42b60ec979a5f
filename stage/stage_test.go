package stage

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"prod", true}, {"v1_beta-2", true}, {strings.Repeat("a", 128), true},
		{"", false}, {strings.Repeat("a", 129), false}, {"pro d", false}, {"prod/x", false}, {"é", false},
	} {
		err := ValidateName(tc.name)
		if (err == nil) != tc.ok {
			t.Errorf("ValidateName(%q) = %v, want ok=%v", tc.name, err, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalidName) {
			t.Errorf("ValidateName(%q): %v does not match ErrInvalidName", tc.name, err)
		}
	}
}

func TestVariablesValidate(t *testing.T) {
	many := Variables{}
	for i := 0; i < 101; i++ {
		many["v"+strings.Repeat("x", i%50)+string(rune('a'+i%26))+strings.Repeat("y", i/26)] = "1"
	}
	for _, tc := range []struct {
		name string
		v    Variables
		ok   bool
	}{
		{"empty", nil, true},
		{"url", Variables{"backend": "https://example.com:8443/a?b=c&d=e#f,g~h"}, true},
		{"underscore name", Variables{"my_var2": "x"}, true},
		{"dash in name", Variables{"my-var": "x"}, false},
		{"empty value", Variables{"a": ""}, false},
		{"space in value", Variables{"a": "b c"}, false},
		{"long name", Variables{strings.Repeat("n", 65): "x"}, false},
		{"long value", Variables{"a": strings.Repeat("v", 513)}, false},
		{"max value", Variables{"a": strings.Repeat("v", 512)}, true},
		{"too many", many, false},
	} {
		err := tc.v.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("%s: Validate() = %v, want ok=%v", tc.name, err, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalidVariable) {
			t.Errorf("%s: %v does not match ErrInvalidVariable", tc.name, err)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Config
		want error // nil: valid
	}{
		{"name only", Config{Name: "prod"}, nil},
		{"with variables", Config{Name: "dev", Variables: Variables{"backend": "localhost:9"}}, nil},
		{"zero", Config{}, ErrInvalidName},
		{"bad name", Config{Name: "pro d"}, ErrInvalidName},
		{"bad name wins", Config{Name: "a/b", Variables: Variables{"a": ""}}, ErrInvalidName},
		{"bad variable", Config{Name: "prod", Variables: Variables{"my-var": "x"}}, ErrInvalidVariable},
	} {
		err := tc.c.Validate()
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: Validate() = %v, want %v", tc.name, err, tc.want)
		}
	}
	if err := (Config{Name: "prod", Variables: Variables{"a": " "}}).Validate(); err == nil || !strings.HasPrefix(err.Error(), "stage prod: ") {
		t.Errorf("a variable's error names the stage: %v", err)
	}
}
