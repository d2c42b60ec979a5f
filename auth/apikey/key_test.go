package apikey_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/apigate/apigate/auth/apikey"
)

func TestValidateValue(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value string
		ok    bool
	}{
		{"empty", "", false},
		{"19 characters", strings.Repeat("a", 19), false},
		{"20 characters", strings.Repeat("a", 20), true},
		{"128 characters", strings.Repeat("Z9", 64), true},
		{"129 characters", strings.Repeat("a", 129), false},
		{"mixed case and digits", "AbCdEfGhIj0123456789", true},
		{"dash", "abcdefghij-123456789", false},
		{"underscore", "abcdefghij_123456789", false},
		{"space", "abcdefghij 123456789", false},
		{"non-ASCII letter", "abcdefghijé123456789", false},
		{"NUL", "abcdefghij\x00123456789", false},
	} {
		err := apikey.ValidateValue(tc.value)
		if (err == nil) != tc.ok {
			t.Errorf("%s: ValidateValue = %v, want ok %v", tc.name, err, tc.ok)
		}
		if err != nil && (!errors.Is(err, apikey.ErrInvalidValue) || strings.Contains(err.Error(), tc.value) && tc.value != "") {
			t.Errorf("%s: error %q is not ErrInvalidValue or holds the value", tc.name, err)
		}
	}
}

func TestKeyValidate(t *testing.T) {
	valid := apikey.Key{ID: "abc123", Value: "0123456789abcdefghij", Name: "partner"}
	for _, tc := range []struct {
		name string
		edit func(*apikey.Key)
		want error
	}{
		{"valid", func(*apikey.Key) {}, nil},
		{"id with dash and underscore", func(k *apikey.Key) { k.ID = "a-b_C" }, nil},
		{"no id", func(k *apikey.Key) { k.ID = "" }, apikey.ErrInvalidID},
		{"id with a slash", func(k *apikey.Key) { k.ID = "a/b" }, apikey.ErrInvalidID},
		{"id of 129 characters", func(k *apikey.Key) { k.ID = strings.Repeat("i", 129) }, apikey.ErrInvalidID},
		{"no value", func(k *apikey.Key) { k.Value = "" }, apikey.ErrInvalidValue},
		{"short value", func(k *apikey.Key) { k.Value = "short" }, apikey.ErrInvalidValue},
		{"no name", func(k *apikey.Key) { k.Name = "" }, nil},
		{"name of 1024 characters", func(k *apikey.Key) { k.Name = strings.Repeat("é", 1024) }, nil},
		{"name of 1025 characters", func(k *apikey.Key) { k.Name = strings.Repeat("n", 1025) }, apikey.ErrInvalidName},
		{"name not UTF-8", func(k *apikey.Key) { k.Name = "\xff" }, apikey.ErrInvalidName},
		{"description of 1025 characters", func(k *apikey.Key) { k.Description = strings.Repeat("d", 1025) }, apikey.ErrInvalidDescription},
	} {
		k := valid
		tc.edit(&k)
		if err := k.Validate(); !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
			t.Errorf("%s: Validate = %v, want %v", tc.name, err, tc.want)
		}
	}
}
