package integration

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/apigate/apigate/internal/media"
)

// contentJSON is the media type API Gateway assumes for a request without a Content-Type and
// a response to a request without an Accept header.
const contentJSON = "application/json"

// contentIsBinary reports whether media type mt (as contentMediaType returns it) is one of the
// API's binary media types. An entry type/* matches every subtype of type; */* matches every
// media type, as the developer guide says (LocalStack matches nothing with it); */sub matches
// nothing. Entries compare regardless of case and parameters.
func contentIsBinary(mt string, binary []string) bool {
	if mt == "" || len(binary) == 0 {
		return false
	}
	typ, sub, ok := strings.Cut(mt, "/")
	if !ok {
		return false
	}
	for _, entry := range binary {
		et, es, ok := strings.Cut(media.Type(entry), "/")
		switch {
		case !ok:
		case et == "*":
			if es == "*" {
				return true
			}
		case et == typ && (es == "*" || es == sub):
			return true
		}
	}
	return false
}

// errContentBase64 reports a payload that ConvertToBinary could not decode.
var errContentBase64 = errors.New("integration: the payload is not valid base64")

// contentDecode decodes a text payload for ConvertToBinary: the standard alphabet, padding
// optional. Anything else fails, and API Gateway answers 500 API_CONFIGURATION_ERROR.
func contentDecode(b []byte) ([]byte, error) {
	enc := base64.StdEncoding
	if len(b)%4 != 0 {
		enc = base64.RawStdEncoding
	}
	out := make([]byte, enc.DecodedLen(len(b)))
	n, err := enc.Decode(out, b)
	if err != nil {
		return nil, configError(fmt.Errorf("%w: %w", errContentBase64, err))
	}
	return out[:n], nil
}

// contentEncode encodes a binary payload as text.
func contentEncode(b []byte) []byte {
	out := make([]byte, base64.StdEncoding.EncodedLen(len(b)))
	base64.StdEncoding.Encode(out, b)
	return out
}

// Content handling. API Gateway's tables (developer guide, "Content type conversions") reduce to
// two rules, applied to the payload as it is when a conversion is due:
//
//   - A binary payload (its Content-Type is a binary media type) is base64-encoded when the
//     handling is ConvertToText, or, on the response side, when the handling is Unset and the
//     client's first Accept type is not binary. Otherwise it passes as bytes.
//   - A text payload is base64-decoded when the handling is ConvertToBinary, or, on the
//     response side, when the handling is Unset and the first Accept type is binary. A payload
//     that does not decode is 500 API_CONFIGURATION_ERROR.
//
// A mapping template sees a binary payload only as base64 text ($input.body); what it renders is
// a text payload, to which the text rule then applies.

// contentResponseHandling resolves an integration response's handling: Unset follows the client's
// first Accept type (binary or not). On the request side the handling is used as it is.
func contentResponseHandling(h ContentHandling, acceptBinary bool) ContentHandling {
	switch {
	case h != Unset:
		return h
	case acceptBinary:
		return ConvertToBinary
	}
	return ConvertToText
}

// contentConvertBinary applies the binary rule with a resolved handling.
func contentConvertBinary(b []byte, h ContentHandling) []byte {
	if h == ConvertToText {
		return contentEncode(b)
	}
	return b
}

// contentConvertText applies the text rule with a resolved handling.
func contentConvertText(b []byte, h ContentHandling) ([]byte, error) {
	if h == ConvertToBinary {
		return contentDecode(b)
	}
	return b, nil
}

// contentTemplateView returns the payload as a mapping template reads it: base64 text for a binary
// payload, the bytes themselves for text.
func contentTemplateView(b []byte, binary bool) []byte {
	if binary {
		return contentEncode(b)
	}
	return b
}
