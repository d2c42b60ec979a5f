package lambdaauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/apigate/apigate/auth/policy"
)

// ErrMalformedOutput is wrapped by the errors ParseOutput returns: the function answered
// something API Gateway does not take as an authorizer's output, which it answers with 500
// AUTHORIZER_CONFIGURATION_ERROR.
var ErrMalformedOutput = errors.New("lambdaauth: malformed authorizer output")

// MaxOutputSize is the largest output ParseOutput reads, in bytes: enough for a policy of
// policy.MaxDocumentSize and a large context, and a bound on what a cached entry holds. AWS
// publishes no limit of its own; a larger output is malformed (500).
const MaxOutputSize = 128 << 10

// Output is what a Lambda authorizer answered, read: the value the result cache keeps.
// Values are read-only once made: a cached Output is shared by every request that hits it.
type Output struct {
	// PrincipalID is principalId.
	PrincipalID string
	// Policy is policyDocument.
	Policy *policy.Document
	// Context is the context map, its values stringified as API Gateway stringifies them:
	// strings as they are, numbers as written (1 is "1"), booleans "true" and "false".
	Context map[string]any
	// UsageIdentifierKey is usageIdentifierKey, the API key for the API key stage when the
	// API's key source is AUTHORIZER.
	UsageIdentifierKey string
	// Payload is the function's answer as it was, for a cache that stores bytes (ParseOutput
	// reads it back).
	Payload []byte
}

// ParseOutput reads a Lambda authorizer's answer. It returns an error wrapping
// ErrMalformedOutput for an answer larger than MaxOutputSize or that is not a JSON object, has no principalId (or one that
// is not a string), no policyDocument or one policy.Parse refuses, or a context value that is an
// object or an array. A null context value is refused too: API Gateway documents string,
// number and boolean values only, and what it does with null is unconfirmed.
func ParseOutput(payload []byte) (*Output, error) {
	var raw struct {
		PrincipalID        *string
		PolicyDocument     json.RawMessage
		Context            map[string]json.RawMessage
		UsageIdentifierKey string
	}
	if len(payload) > MaxOutputSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrMalformedOutput, MaxOutputSize)
	}
	if err := json.Unmarshal(payload, &raw); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedOutput, err)
	}
	if raw.PrincipalID == nil {
		return nil, fmt.Errorf("%w: no principalId", ErrMalformedOutput)
	}
	if len(raw.PolicyDocument) == 0 || string(raw.PolicyDocument) == "null" {
		return nil, fmt.Errorf("%w: no policyDocument", ErrMalformedOutput)
	}
	doc, err := policy.Parse(raw.PolicyDocument)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedOutput, err)
	}
	out := &Output{PrincipalID: *raw.PrincipalID, Policy: doc, UsageIdentifierKey: raw.UsageIdentifierKey, Payload: payload}
	if len(raw.Context) > 0 {
		out.Context = make(map[string]any, len(raw.Context))
		for k, v := range raw.Context {
			s, err := stringify(v)
			if err != nil {
				return nil, fmt.Errorf("%w: context value %q: %w", ErrMalformedOutput, k, err)
			}
			out.Context[k] = s
		}
	}
	return out, nil
}

// stringify returns a context value as API Gateway passes it on: a string as it is, a number
// as written, true or false.
func stringify(v json.RawMessage) (string, error) {
	switch v = bytes.TrimSpace(v); {
	case len(v) == 0:
		return "", errors.New("empty")
	case v[0] == '"':
		var s string
		err := json.Unmarshal(v, &s)
		return s, err
	case string(v) == "true", string(v) == "false":
		return string(v), nil
	case v[0] == '-' || '0' <= v[0] && v[0] <= '9':
		return string(v), nil // json.Unmarshal has checked it is a number
	}
	return "", errors.New("not a string, number or boolean")
}
