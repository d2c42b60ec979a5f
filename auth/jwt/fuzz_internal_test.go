package jwt

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzParseJWKS reads arbitrary JWKS documents: no panic, and every key kept is a usable RSA
// key within the size bounds.
func FuzzParseJWKS(f *testing.F) {
	f.Add([]byte(`{"keys":[{"kty":"RSA","kid":"k","n":"` + string(make([]byte, 0)) + `","e":"AQAB"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"RSA","kid":"k","use":"enc","n":"AQAB","e":"AQAB"},{"kty":"EC"}]}`))
	f.Add([]byte(`{"keys":null}`))
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"AAAA==","e":"AAEAAQ"}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		keys, err := parseJWKS(doc)
		if err != nil {
			return
		}
		if len(keys) == 0 || len(keys) > MaxKeys {
			t.Fatalf("%d keys", len(keys))
		}
		for kid, k := range keys {
			if bits := k.N.BitLen(); bits < minKeyBits || bits > maxKeyBits || k.E < 3 || k.E%2 == 0 {
				t.Fatalf("key %q: %d bits, e %d", kid, bits, k.E)
			}
		}
	})
}

// FuzzStringClaim stringifies arbitrary JSON values without panicking.
func FuzzStringClaim(f *testing.F) {
	f.Add(`{"a":[1,"x",{"b":null}],"exp":1.5e9,"iat":"x"}`)
	f.Fuzz(func(t *testing.T, doc string) {
		var c map[string]any
		dec := json.NewDecoder(strings.NewReader(doc))
		dec.UseNumber()
		if dec.Decode(&c) != nil {
			return
		}
		for _, style := range []claimStyle{httpStyle, cognitoStyle} {
			for k, v := range stringClaims(c, style) {
				if _, ok := v.(string); !ok {
					t.Fatalf("claim %q = %#v", k, v)
				}
			}
		}
	})
}
