package apikey_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/apikey"
)

var validValue = regexp.MustCompile(`^[A-Za-z0-9]{20,128}$`)

// FuzzValidateValue checks ValidateValue against AWS's rule written as a regular expression.
func FuzzValidateValue(f *testing.F) {
	for _, s := range []string{"", value1, strings.Repeat("a", 19), strings.Repeat("a", 128), strings.Repeat("a", 129), "abcdefghij-123456789", "abcdefghijé123456789"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		err := apikey.ValidateValue(v)
		if want := validValue.MatchString(v); (err == nil) != want {
			t.Fatalf("ValidateValue(%q) = %v, want valid %v", v, err, want)
		}
	})
}

// FuzzCheckKey adds the fuzzed value as a key when it is valid and checks that exactly that
// value, and no other, is accepted, and that no error holds the value presented.
func FuzzCheckKey(f *testing.F) {
	for _, s := range []string{"x", value1, value1 + "x", strings.ToLower(value2), strings.Repeat("a", 128)} {
		f.Add(s, value1)
	}
	f.Fuzz(func(t *testing.T, stored, presented string) {
		var s apikey.Store
		k, addErr := s.Add(apikey.Key{ID: "id1", Value: stored, Enabled: true})
		if stored == "" { // Add generates a value, as AWS does: a valid one, which is the key's
			if addErr != nil || !validValue.MatchString(k.Value) {
				t.Fatalf("Add with no value = %q, %v", k.Value, addErr)
			}
			stored = k.Value
		} else if (addErr == nil) != validValue.MatchString(stored) {
			t.Fatalf("Add(%q) = %v", stored, addErr)
		}
		id, err := s.CheckKey(context.Background(), &apigate.Request{}, presented)
		accepted := addErr == nil && presented == stored
		if accepted != (err == nil) || accepted != (id == "id1") {
			t.Fatalf("stored %q, presented %q: CheckKey = %q, %v", stored, presented, id, err)
		}
		if err != nil {
			if !errors.Is(err, apigate.ErrInvalidAPIKey) {
				t.Fatalf("CheckKey error %v is not INVALID_API_KEY", err)
			}
			// (a value that could be a key: shorter strings occur in any text)
			if validValue.MatchString(presented) && strings.Contains(err.Error(), presented) {
				t.Fatalf("CheckKey error %q holds the key", err)
			}
		}
	})
}
