package jwt_test

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	gjwt "github.com/golang-jwt/jwt/v5"

	"github.com/apigate/apigate/auth/jwt"
)

func TestVerify(t *testing.T) {
	is := newIssuer(t)
	k1, k2 := is.keys[0], is.keys[1]
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: must(x509.MarshalPKIXPublicKey(&k1.PublicKey))})
	valid := is.sign(t, nil)
	parts := strings.Split(valid, ".")
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"`+is.URL+`","aud":"client","exp":1900000000,"sub":"admin"}`)) + "." + parts[2]
	tests := []struct {
		name  string
		token string
		want  error // nil: accepted
	}{
		{"valid RS256", valid, nil},
		{"valid RS384", signWith(t, gjwt.SigningMethodRS384, "k1", k1, is.claims(nil)), nil},
		{"valid RS512", signWith(t, gjwt.SigningMethodRS512, "k1", k1, is.claims(nil)), nil},
		{"aud array holding the audience", is.sign(t, map[string]any{"aud": []string{"other", "client"}}), nil},
		{"no aud, client_id in the audience", is.sign(t, map[string]any{"aud": nil, "client_id": "client"}), nil},
		{"no nbf nor iat", is.sign(t, map[string]any{"nbf": nil, "iat": nil}), nil},
		{"nbf now", is.sign(t, map[string]any{"nbf": now.Unix()}), nil},
		{"alg none", signWith(t, gjwt.SigningMethodNone, "k1", gjwt.UnsafeAllowNoneSignatureType, is.claims(nil)), jwt.ErrAlgorithm},
		{"HS256 keyed with the RSA public key", signWith(t, gjwt.SigningMethodHS256, "k1", pubPEM, is.claims(nil)), jwt.ErrAlgorithm},
		{"HS256 keyed with the modulus", signWith(t, gjwt.SigningMethodHS256, "k1", k1.N.Bytes(), is.claims(nil)), jwt.ErrAlgorithm},
		{"PS256", signWith(t, gjwt.SigningMethodPS256, "k1", k1, is.claims(nil)), jwt.ErrAlgorithm},
		{"unknown alg", "eyJhbGciOiJYWDEiLCJraWQiOiJrMSJ9." + parts[1] + "." + parts[2], jwt.ErrAlgorithm},
		{"unknown kid", signWith(t, gjwt.SigningMethodRS256, "nope", k1, is.claims(nil)), jwt.ErrUnknownKey},
		{"no kid", signWith(t, gjwt.SigningMethodRS256, "", k1, is.claims(nil)), jwt.ErrUnknownKey},
		{"signed by another key", signWith(t, gjwt.SigningMethodRS256, "k1", k2, is.claims(nil)), jwt.ErrSignature},
		{"tampered claims", tampered, jwt.ErrSignature},
		{"expired", is.sign(t, map[string]any{"exp": now.Unix() - 1}), jwt.ErrExpired},
		{"exp now", is.sign(t, map[string]any{"exp": now.Unix()}), jwt.ErrExpired},
		{"no exp", is.sign(t, map[string]any{"exp": nil}), jwt.ErrExpired},
		{"exp a string", is.sign(t, map[string]any{"exp": "1900000000"}), jwt.ErrExpired},
		{"nbf in the future", is.sign(t, map[string]any{"nbf": now.Unix() + 1}), jwt.ErrNotYetValid},
		{"iat in the future", is.sign(t, map[string]any{"iat": now.Unix() + 1}), jwt.ErrNotYetValid},
		{"wrong issuer", is.sign(t, map[string]any{"iss": "https://evil.example"}), jwt.ErrIssuer},
		{"issuer with a trailing slash", is.sign(t, map[string]any{"iss": is.URL + "/"}), jwt.ErrIssuer},
		{"no issuer", is.sign(t, map[string]any{"iss": nil}), jwt.ErrIssuer},
		{"wrong audience", is.sign(t, map[string]any{"aud": "other"}), jwt.ErrAudience},
		{"aud wins over client_id", is.sign(t, map[string]any{"aud": "other", "client_id": "client"}), jwt.ErrAudience},
		{"no aud, wrong client_id", is.sign(t, map[string]any{"aud": nil, "client_id": "other"}), jwt.ErrAudience},
		{"no aud nor client_id", is.sign(t, map[string]any{"aud": nil}), jwt.ErrAudience},
		{"malformed", "not.a.jwt", jwt.ErrMalformed},
		{"two segments", parts[0] + "." + parts[1], jwt.ErrMalformed},
		{"empty", "", jwt.ErrNoToken},
		{"1 MB token", strings.Repeat("a", 1<<20), jwt.ErrTokenTooLarge},
	}
	v := is.verifier(t, "client")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := v.Verify(context.Background(), tt.token)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if tok.Claims["sub"] != "user-1" {
					t.Errorf("sub = %v", tok.Claims["sub"])
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify error = %v, want %v", err, tt.want)
			}
			if tok != nil {
				t.Errorf("token returned with an error")
			}
		})
	}
	if n := is.discoveries.Load(); n > 2 {
		t.Errorf("%d discoveries for one key set", n)
	}
}

func TestVerifyNoAudienceCheck(t *testing.T) {
	is := newIssuer(t)
	if _, err := is.verifier(t).Verify(context.Background(), is.sign(t, map[string]any{"aud": "anything"})); err != nil {
		t.Fatal(err)
	}
}

func TestScopes(t *testing.T) {
	is := newIssuer(t)
	v := is.verifier(t, "client")
	tests := []struct {
		claims map[string]any
		want   []string
	}{
		{map[string]any{"scope": "a  b c"}, []string{"a", "b", "c"}},
		{map[string]any{"scp": []string{"x", "y"}}, []string{"x", "y"}},
		{map[string]any{"scp": "x y"}, []string{"x", "y"}},
		{map[string]any{"scope": "a", "scp": "x"}, []string{"a"}},
		{map[string]any{}, nil},
	}
	for _, tt := range tests {
		tok, err := v.Verify(context.Background(), is.sign(t, tt.claims))
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(tok.Scopes) != fmt.Sprint(tt.want) {
			t.Errorf("%v: scopes %q, want %q", tt.claims, tok.Scopes, tt.want)
		}
	}
}

// A flood of tokens with random kids, a refetch interval after the first fetch, fetches the
// JWKS once more, not once per token.
func TestKidFlood(t *testing.T) {
	is := newIssuer(t)
	clock := now
	v, err := jwt.NewVerifier(jwt.Config{Issuer: is.URL, Audience: []string{"client"}, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(context.Background(), is.sign(t, nil)); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(jwt.DefaultRefetchInterval)
	for i := range 1000 {
		tok := signWith(t, gjwt.SigningMethodRS256, fmt.Sprintf("random-%d", i), is.keys[0], is.claims(nil))
		if _, err := v.Verify(context.Background(), tok); !errors.Is(err, jwt.ErrUnknownKey) {
			t.Fatalf("kid %d: %v", i, err)
		}
	}
	if d, f := is.discoveries.Load(), is.fetches.Load(); d != 2 || f != 2 {
		t.Errorf("%d discoveries, %d JWKS fetches; want 2 and 2 (the first and one refetch)", d, f)
	}
}

// A rotated key is found by the refetch an unknown kid causes, once the refetch interval has
// passed since the last fetch; the keys expire after their TTL.
func TestKeyRotationAndTTL(t *testing.T) {
	is := newIssuer(t)
	clock := now
	v, err := jwt.NewVerifier(jwt.Config{Issuer: is.URL, JWKSURL: is.URL + "/jwks", Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	verify := func(kid string, key *rsa.PrivateKey) error {
		c := gjwt.MapClaims{"iss": is.URL, "exp": clock.Unix() + 60}
		_, err := v.Verify(context.Background(), signWith(t, gjwt.SigningMethodRS256, kid, key, c))
		return err
	}
	if err := verify("k1", is.keys[0]); err != nil {
		t.Fatal(err)
	}
	is.publish(map[string]*rsa.PublicKey{"k1": &is.keys[0].PublicKey, "k2": &is.keys[1].PublicKey})
	// Within the refetch interval of the first fetch, k2 is not fetched...
	if err := verify("k2", is.keys[1]); !errors.Is(err, jwt.ErrUnknownKey) {
		t.Fatalf("k2 too soon: %v", err)
	}
	// ...after it, it is...
	clock = clock.Add(jwt.DefaultRefetchInterval)
	if err := verify("k2", is.keys[1]); err != nil {
		t.Fatalf("rotated key: %v", err)
	}
	// ...a k3 refetch right after does not.
	if err := verify("k3", is.keys[1]); !errors.Is(err, jwt.ErrUnknownKey) {
		t.Fatalf("k3: %v", err)
	}
	if f := is.fetches.Load(); f != 2 {
		t.Errorf("%d fetches, want 2", f)
	}
	if d := is.discoveries.Load(); d != 0 {
		t.Errorf("%d discoveries with a fixed JWKS URL", d)
	}
	// After the TTL a known kid refetches too.
	is.publish(map[string]*rsa.PublicKey{"k2": &is.keys[1].PublicKey})
	clock = clock.Add(jwt.DefaultKeyTTL)
	if err := verify("k1", is.keys[0]); !errors.Is(err, jwt.ErrUnknownKey) {
		t.Fatalf("k1 after the TTL and its removal: %v", err)
	}
	if f := is.fetches.Load(); f != 3 {
		t.Errorf("%d fetches, want 3", f)
	}
}

func TestKeyFetchLimits(t *testing.T) {
	t.Run("too large", func(t *testing.T) {
		is := newIssuer(t)
		is.serve([]byte(`{"keys":[],"pad":"` + strings.Repeat("x", jwt.MaxDocumentSize) + `"}`))
		v := is.verifier(t, "client")
		_, err := v.Verify(context.Background(), is.sign(t, nil))
		if !errors.Is(err, jwt.ErrKeyFetch) || !errors.Is(err, jwt.ErrDocumentTooLarge) {
			t.Fatalf("err = %v", err)
		}
		// The failure is remembered: the next token does not fetch again.
		_, err = v.Verify(context.Background(), is.sign(t, nil))
		if !errors.Is(err, jwt.ErrKeyFetch) {
			t.Fatalf("err = %v", err)
		}
		if f := is.fetches.Load(); f != 1 {
			t.Errorf("%d fetches, want 1", f)
		}
	})
	t.Run("slow", func(t *testing.T) {
		is := newIssuer(t)
		is.setDelay(10 * time.Second)
		start := time.Now()
		_, err := is.verifier(t, "client").Verify(context.Background(), is.sign(t, nil))
		if !errors.Is(err, jwt.ErrKeyFetch) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v", err)
		}
		if d := time.Since(start); d < jwt.FetchTimeout || d > 3*jwt.FetchTimeout {
			t.Errorf("gave up after %v, want %v", d, jwt.FetchTimeout)
		}
	})
	t.Run("no RSA key", func(t *testing.T) {
		is := newIssuer(t)
		is.serve([]byte(`{"keys":[{"kty":"EC","kid":"k1","crv":"P-256","x":"AA","y":"AA"},{"kty":"RSA","kid":"k1","n":"AQAB","e":"AQAB"}]}`))
		_, err := is.verifier(t, "client").Verify(context.Background(), is.sign(t, nil))
		if !errors.Is(err, jwt.ErrKeyFetch) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestNewVerifierErrors(t *testing.T) {
	for _, c := range []jwt.Config{
		{Issuer: "issuer.example"},
		{Issuer: "https://issuer.example", Audience: make([]string, 51)},
	} {
		if _, err := jwt.NewVerifier(c); err == nil {
			t.Errorf("NewVerifier(%+v) accepted", c)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Concurrent tokens on a cold verifier share one fetch.
func TestConcurrentFetchCoalesced(t *testing.T) {
	is := newIssuer(t)
	is.setDelay(50 * time.Millisecond)
	v := is.verifier(t, "client")
	tok := is.sign(t, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			_, err := v.Verify(context.Background(), tok)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if d, f := is.discoveries.Load(), is.fetches.Load(); d != 1 || f != 1 {
		t.Errorf("%d discoveries, %d fetches; want 1 and 1", d, f)
	}
}

// A caller that gives up stops waiting; the fetch goes on for the others.
func TestFetchCanceled(t *testing.T) {
	is := newIssuer(t)
	is.setDelay(200 * time.Millisecond)
	v := is.verifier(t, "client")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := v.Verify(ctx, is.sign(t, nil)); !errors.Is(err, jwt.ErrKeyFetch) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if _, err := v.Verify(context.Background(), is.sign(t, nil)); err != nil {
		t.Fatal(err)
	}
	if f := is.fetches.Load(); f != 1 {
		t.Errorf("%d fetches, want 1", f)
	}
}
