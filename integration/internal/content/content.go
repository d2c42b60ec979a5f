// Package content converts payloads between text and binary, as API Gateway's content
// handling (CONVERT_TO_TEXT, CONVERT_TO_BINARY) and a Lambda proxy answer's isBase64Encoded do:
// base64 with the standard alphabet.
package content

import (
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/apigate/apigate/integration/internal/failure"
)

// ErrBase64 is the cause of the error for a payload that does not decode.
var ErrBase64 = errors.New("integration: the payload is not valid base64")

// Decode decodes a text payload: the standard alphabet, padding optional. Anything else fails
// with API_CONFIGURATION_ERROR, as API Gateway answers, whose cause matches ErrBase64.
func Decode(b []byte) ([]byte, error) {
	enc := base64.StdEncoding
	if len(b)%4 != 0 {
		enc = base64.RawStdEncoding
	}
	out := make([]byte, enc.DecodedLen(len(b)))
	n, err := enc.Decode(out, b)
	if err != nil {
		return nil, failure.Config(fmt.Errorf("%w: %w", ErrBase64, err))
	}
	return out[:n], nil
}

// Encode encodes a binary payload as text.
func Encode(b []byte) []byte {
	return base64.StdEncoding.AppendEncode(make([]byte, 0, base64.StdEncoding.EncodedLen(len(b))), b)
}
