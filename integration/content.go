package integration

import (
	"github.com/apigate/apigate/integration/internal/content"
)

// Content handling. API Gateway's tables (developer guide, "Content type conversions") reduce to
// two rules, applied to the payload as it is when a conversion is due:
//
//   - A binary payload (its Content-Type is a binary media type) is base64-encoded when the
//     handling is ConvertToText, or, on the response side, when the handling is unset and the
//     client's first Accept type is not binary. Otherwise it passes as bytes.
//   - A text payload is base64-decoded when the handling is ConvertToBinary, or, on the
//     response side, when the handling is unset and the first Accept type is binary. A payload
//     that does not decode is 500 API_CONFIGURATION_ERROR.
//
// A mapping template sees a binary payload only as base64 text ($input.body); what it renders is
// a text payload, to which the text rule then applies.

// contentResponseHandling resolves an integration response's handling: ContentHandlingUnset follows the client's
// first Accept type (binary or not). On the request side the handling is used as it is.
func contentResponseHandling(h ContentHandling, acceptBinary bool) ContentHandling {
	switch {
	case h != ContentHandlingUnset:
		return h
	case acceptBinary:
		return ConvertToBinary
	}
	return ConvertToText
}

// contentConvertBinary applies the binary rule with a resolved handling.
func contentConvertBinary(b []byte, h ContentHandling) []byte {
	if h == ConvertToText {
		return content.Encode(b)
	}
	return b
}

// contentConvertText applies the text rule with a resolved handling.
func contentConvertText(b []byte, h ContentHandling) ([]byte, error) {
	if h == ConvertToBinary {
		return content.Decode(b)
	}
	return b, nil
}

// contentTemplateView returns the payload as a mapping template reads it: base64 text for a binary
// payload, the bytes themselves for text.
func contentTemplateView(b []byte, binary bool) []byte {
	if binary {
		return content.Encode(b)
	}
	return b
}
