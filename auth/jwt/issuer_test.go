package jwt_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gjwt "github.com/golang-jwt/jwt/v5"

	"github.com/apigate/apigate/auth/jwt"
)

// now is the tests' clock.
var now = time.Unix(1_800_000_000, 0)

// testKeys are generated once: RSA key generation is slow.
var testKeys = sync.OnceValue(func() [2]*rsa.PrivateKey {
	var ks [2]*rsa.PrivateKey
	for i := range ks {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		ks[i] = k
	}
	return ks
})

// issuer is a loopback OIDC issuer: discovery at /.well-known/openid-configuration, its JWKS
// at /jwks, both counted.
type issuer struct {
	*httptest.Server
	keys        [2]*rsa.PrivateKey
	discoveries atomic.Int64
	fetches     atomic.Int64
	mu          sync.Mutex
	jwks        []byte        // the JWKS served
	delay       time.Duration // before answering /jwks
}

// newIssuer starts an issuer publishing the first test key as kid k1.
func newIssuer(t testing.TB) *issuer {
	is := &issuer{keys: testKeys()}
	is.publish(map[string]*rsa.PublicKey{"k1": &is.keys[0].PublicKey})
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		is.discoveries.Add(1)
		json.NewEncoder(w).Encode(map[string]string{"issuer": is.URL, "jwks_uri": is.URL + "/jwks"})
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, r *http.Request) {
		is.fetches.Add(1)
		is.mu.Lock()
		body, delay := is.jwks, is.delay
		is.mu.Unlock()
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		w.Write(body)
	})
	is.Server = httptest.NewServer(mux)
	t.Cleanup(is.Close)
	return is
}

// publish serves keys as the JWKS.
func (is *issuer) publish(keys map[string]*rsa.PublicKey) {
	var set struct {
		Keys []map[string]string `json:"keys"`
	}
	for kid, k := range keys {
		set.Keys = append(set.Keys, map[string]string{
			"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
			"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes()),
		})
	}
	body, _ := json.Marshal(set)
	is.serve(body)
}

// serve sets the JWKS body.
func (is *issuer) serve(body []byte) {
	is.mu.Lock()
	is.jwks = body
	is.mu.Unlock()
}

// setDelay makes /jwks answer after d.
func (is *issuer) setDelay(d time.Duration) {
	is.mu.Lock()
	is.delay = d
	is.mu.Unlock()
}

// verifier returns a verifier of the issuer with audience aud and the test clock.
func (is *issuer) verifier(t testing.TB, aud ...string) *jwt.Verifier {
	v, err := jwt.NewVerifier(jwt.Config{Issuer: is.URL, Audience: aud, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// claims returns valid claims of the issuer for audience "client", with extra merged in (a
// nil value deletes the claim).
func (is *issuer) claims(extra map[string]any) gjwt.MapClaims {
	c := gjwt.MapClaims{
		"iss": is.URL, "aud": "client", "sub": "user-1",
		"iat": now.Unix() - 60, "exp": now.Unix() + 3600,
	}
	for k, v := range extra {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

// sign signs claims with the first test key as kid k1, RS256.
func (is *issuer) sign(t testing.TB, extra map[string]any) string {
	return signWith(t, gjwt.SigningMethodRS256, "k1", is.keys[0], is.claims(extra))
}

// signWith signs claims with method, kid and key.
func signWith(t testing.TB, m gjwt.SigningMethod, kid string, key any, c gjwt.MapClaims) string {
	tok := gjwt.NewWithClaims(m, c)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get sends GET url with an Authorization header (none when empty) and returns the response
// and its body.
func get(t *testing.T, url, authorization string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}
