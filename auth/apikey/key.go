package apikey

import (
	"crypto/rand"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Key is an API key as plain data, shaped as API Gateway's ApiKey resource.
type Key struct {
	// ID identifies the key; it becomes $context.identity.apiKeyId. Store.Add generates one
	// (ten lowercase letters and digits, as AWS's) when it is empty.
	ID string
	// Name is the key's name, at most 1024 characters.
	Name string
	// Value is the secret the client sends: 20 to 128 ASCII letters and digits. Store.Add
	// generates a 40-character value when it is empty.
	Value string
	// Enabled says whether the key is accepted. A disabled key is refused as an unknown one.
	Enabled bool
	// Description describes the key, at most 1024 characters.
	Description string
	// CreatedDate is when the key was created. Store.Add sets it to the current time when it is
	// zero.
	CreatedDate time.Time
}

// AWS's limits on a key.
const (
	MinValueLen       = 20   // the shortest key value
	MaxValueLen       = 128  // the longest key value
	MaxNameLen        = 1024 // the longest name, in characters
	MaxDescriptionLen = 1024 // the longest description, in characters
	MaxIDLen          = 128  // the longest id apikey accepts (AWS generates ten characters)
)

// Errors of key validation and of the store's operations, matchable with errors.Is. None of
// them, nor the errors wrapping them, holds a key's value.
var (
	ErrInvalidValue       = errors.New("apikey: the value must be 20 to 128 ASCII letters and digits")
	ErrInvalidName        = errors.New("apikey: the name must be at most 1024 characters of UTF-8")
	ErrInvalidDescription = errors.New("apikey: the description must be at most 1024 characters of UTF-8")
	ErrInvalidID          = errors.New("apikey: the id must be 1 to 128 ASCII letters, digits, '-' or '_'")
	ErrDuplicateID        = errors.New("apikey: a key with this id already exists")
	ErrDuplicateValue     = errors.New("apikey: a key with this value already exists")
	ErrTooManyKeys        = errors.New("apikey: the store holds its maximum number of keys")
	ErrNotFound           = errors.New("apikey: no key with this id")
)

// ValidateValue reports whether v is a valid key value: 20 to 128 ASCII letters and digits.
// The error, ErrInvalidValue, never holds v.
func ValidateValue(v string) error {
	if len(v) < MinValueLen || len(v) > MaxValueLen {
		return ErrInvalidValue
	}
	for i := 0; i < len(v); i++ {
		if !isAlnum(v[i]) {
			return ErrInvalidValue
		}
	}
	return nil
}

// Validate checks k against AWS's rules: its value (ValidateValue), the length of its name and
// description, and its id (1 to 128 ASCII letters, digits, '-' or '_', so that it prints safely
// in $context and logs). An empty ID or Value is an error: Store.Add fills them in before
// validating.
func (k Key) Validate() error {
	if err := ValidateValue(k.Value); err != nil {
		return err
	}
	if !validID(k.ID) {
		return fmt.Errorf("%w: %q", ErrInvalidID, k.ID)
	}
	if !validText(k.Name, MaxNameLen) {
		return ErrInvalidName
	}
	if !validText(k.Description, MaxDescriptionLen) {
		return ErrInvalidDescription
	}
	return nil
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func validID(id string) bool {
	if id == "" || len(id) > MaxIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !isAlnum(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func validText(s string, maxChars int) bool {
	return len(s) <= 4*maxChars && utf8.ValidString(s) && utf8.RuneCountInString(s) <= maxChars
}

// Lengths and alphabets of the ids and values the store generates, as AWS's.
const (
	generatedIDLen    = 10
	generatedValueLen = 40
	idAlphabet        = "abcdefghijklmnopqrstuvwxyz0123456789"
	valueAlphabet     = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// randomString returns n characters drawn uniformly from alphabet with crypto/rand.
func randomString(n int, alphabet string) string {
	// Bytes at or above limit are rejected so that every character is equally likely.
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	var buf [64]byte
	for len(out) < n {
		rand.Read(buf[:]) // never fails (see crypto/rand.Read)
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}
