package main

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"time"

	gjwt "github.com/golang-jwt/jwt/v5"

	"github.com/apigate/apigate/auth/apikey"
	"github.com/apigate/apigate/auth/jwt"
	"github.com/apigate/apigate/auth/sigv4"
)

// The example's credentials, printed with the curl commands. They protect nothing but this
// local example: never reuse them.
const (
	demoAPIKey    = "petstoreDemoKey0123456789"
	demoAccessKey = "AKIDPETSTOREEXAMPLE"
	demoSecretKey = "petstoreDemoSecretKeyForLocalUseOnly0123"
	demoRegion    = "us-east-1"
)

// demoAuth is what the protected methods check: an API key, an IAM access key, and a local
// OpenID Connect issuer standing in for a Cognito user pool.
type demoAuth struct {
	issuer string          // the issuer's URL, http://{backend}/issuer
	key    *rsa.PrivateKey // the issuer's signing key, made at start
}

func newDemoAuth(backendAddr string) (*demoAuth, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return &demoAuth{issuer: "http://" + backendAddr + "/issuer", key: key}, nil
}

// issuerHandler serves the issuer's discovery document and keys under /issuer/.
func (a *demoAuth) issuerHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /issuer/.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"issuer": a.issuer, "jwks_uri": a.issuer + "/jwks.json"})
	})
	mux.HandleFunc("GET /issuer/jwks.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
			"kty": "RSA", "kid": "petstore", "alg": "RS256", "use": "sig",
			"n": base64.RawURLEncoding.EncodeToString(a.key.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(a.key.E)).Bytes()),
		}}})
	})
	return mux
}

// idToken signs a Cognito-style ID token for username, valid for ttl.
func (a *demoAuth) idToken(username string, ttl time.Duration) (string, error) {
	now := time.Now()
	t := gjwt.NewWithClaims(gjwt.SigningMethodRS256, gjwt.MapClaims{
		"iss": a.issuer, "sub": "0f1e2d3c-" + username, "aud": "petstore-client", "token_use": "id",
		"cognito:username": username, "iat": now.Unix(), "exp": now.Add(ttl).Unix(),
	})
	t.Header["kid"] = "petstore"
	return t.SignedString(a.key)
}

// keys holds the example's one API key.
func (a *demoAuth) keys() (*apikey.Store, error) {
	keys := &apikey.Store{}
	_, err := keys.Add(apikey.Key{Name: "partner", Value: demoAPIKey, Enabled: true})
	return keys, err
}

// cognito is the authorizer of the methods that want a user pool's ID token.
func (a *demoAuth) cognito() (*jwt.Cognito, error) {
	pool, err := jwt.NewVerifier(jwt.Config{Issuer: a.issuer})
	if err != nil {
		return nil, err
	}
	return &jwt.Cognito{Pools: []*jwt.Verifier{pool}}, nil
}

// iam is the authorizer of the methods that want a SigV4-signed request (AWS_IAM).
func (a *demoAuth) iam() (*sigv4.Verifier, error) {
	return sigv4.New(sigv4.Config{Region: demoRegion, Credentials: sigv4.StaticCredentials{
		demoAccessKey: {SecretAccessKey: demoSecretKey, Identity: sigv4.Identity{
			AccountID: "123456789012", User: "AIDAPETSTOREEXAMPLE", Caller: "AIDAPETSTOREEXAMPLE",
			UserArn: "arn:aws:iam::123456789012:user/petstore-demo",
		}},
	}})
}
