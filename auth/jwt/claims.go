package jwt

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// claimStyle selects how claims are stringified: API Gateway passes every claim on as a
// string, and REST's Cognito authorizer writes the dates differently from HTTP APIs.
type claimStyle uint8

const (
	// httpStyle: numbers as their JSON text ("exp":"1787996002", observed on HTTP APIs).
	httpStyle claimStyle = iota
	// cognitoStyle: as httpStyle, except exp and iat, which REST's Cognito authorizer writes
	// as Java's Date.toString() does ("Wed Nov 06 08:38:35 UTC 2019", observed).
	cognitoStyle
)

// stringClaims returns claims with every value a string, as $context.authorizer.claims and
// the proxy event's claims carry them: strings as they are, numbers as their JSON text, true
// and false, arrays as "[a b]" (API Gateway's form for arrays, unconfirmed), objects as
// their JSON text. The map is the caller's.
func stringClaims(claims map[string]any, style claimStyle) map[string]any {
	out := make(map[string]any, len(claims))
	for k, v := range claims {
		if style == cognitoStyle && (k == "exp" || k == "iat") {
			if f, ok := number(v); ok {
				out[k] = javaDate(f)
				continue
			}
		}
		out[k] = stringClaim(v)
	}
	return out
}

// stringClaim stringifies one claim value.
func stringClaim(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "null"
	case []any:
		var b strings.Builder
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(stringClaim(e))
		}
		b.WriteByte(']')
		return b.String()
	}
	text, _ := json.Marshal(v)
	return string(text)
}

// javaDate formats a NumericDate as java.util.Date.toString() does in UTC.
func javaDate(sec float64) string {
	return time.Unix(int64(sec), 0).UTC().Format("Mon Jan 02 15:04:05 MST 2006")
}
