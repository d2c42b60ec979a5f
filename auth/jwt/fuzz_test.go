package jwt_test

import (
	"context"
	"testing"

	gjwt "github.com/golang-jwt/jwt/v5"
)

// FuzzVerify feeds arbitrary tokens to a verifier with cached keys: none may panic, and only
// tokens the issuer signed may pass.
func FuzzVerify(f *testing.F) {
	is := newIssuer(f)
	v := is.verifier(f, "client")
	valid := is.sign(f, nil)
	if _, err := v.Verify(context.Background(), valid); err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(signWith(f, gjwt.SigningMethodNone, "k1", gjwt.UnsafeAllowNoneSignatureType, is.claims(nil)))
	f.Add(signWith(f, gjwt.SigningMethodHS256, "k1", []byte("secret"), is.claims(nil)))
	f.Add("e30.e30.")
	f.Add("..")
	f.Fuzz(func(t *testing.T, token string) {
		tok, err := v.Verify(context.Background(), token)
		if err == nil && token != valid {
			t.Fatalf("accepted a token the issuer did not sign: %q (%v)", token, tok.Claims)
		}
	})
}
