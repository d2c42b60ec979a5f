package jwt_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	gjwt "github.com/golang-jwt/jwt/v5"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth"
	"github.com/apigate/apigate/auth/jwt"
	"github.com/apigate/apigate/gateway"
)

// exampleIssuer starts a loopback OIDC issuer with one RSA key, kid k1, and returns its URL
// and a function signing claims with its key.
func exampleIssuer() (string, func(gjwt.MapClaims) string, func()) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	var url string
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"issuer": url, "jwks_uri": url + "/jwks"})
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, _ *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
			"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig",
			"n": base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
		}}})
	})
	srv := httptest.NewServer(mux)
	url = srv.URL
	sign := func(c gjwt.MapClaims) string {
		c["iss"] = url
		t := gjwt.NewWithClaims(gjwt.SigningMethodRS256, c)
		t.Header["kid"] = "k1"
		s, _ := t.SignedString(key)
		return s
	}
	return url, sign, srv.Close
}

// A Cognito user-pool authorizer on a REST method: an ID token passes and its claims reach
// the integration; an access token on a method without scopes gets API Gateway's 401.
func ExampleCognito() {
	issuer, sign, stop := exampleIssuer()
	defer stop()
	// For a real pool: issuer, _ := jwt.CognitoIssuer("arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123")
	pool, _ := jwt.NewVerifier(jwt.Config{Issuer: issuer})

	api := gateway.NewRESTAPI("pets")
	api.Resource("/me").Method("GET", apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		c := r.Context.Authorizer.Claims
		return &apigate.Response{StatusCode: 200, Body: fmt.Appendf(nil, "%s %s", c["cognito:username"], c["custom:role"])}, nil
	}), gateway.AuthorizeWith(&jwt.Cognito{Pools: []*jwt.Verifier{pool}}))
	d, _ := api.Deploy()
	gw, _ := gateway.New(d)
	defer gw.Close(context.Background())

	exp := time.Now().Add(time.Hour).Unix()
	for _, use := range []string{"id", "access"} {
		req := httptest.NewRequest("GET", "/prod/me", nil)
		req.Header.Set("Authorization", sign(gjwt.MapClaims{"token_use": use, "cognito:username": "ada", "custom:role": "admin", "exp": exp}))
		rec := httptest.NewRecorder()
		gw.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Body)
	}
	// Output:
	// 200 ada admin
	// 401 {"message":"Unauthorized"}
}

// An HTTP API JWT authorizer as middleware in front of a plain handler, which reads the claims
// with FromContext.
func ExampleMiddleware() {
	issuer, sign, stop := exampleIssuer()
	defer stop()
	v, _ := jwt.NewVerifier(jwt.Config{Issuer: issuer, Audience: []string{"my-app"}})
	protect := jwt.Middleware(&jwt.Authorizer{Verifier: v, Scopes: []string{"pets/read"}}, auth.MiddlewareOptions{})
	h := protect(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, _ := auth.FromContext(r.Context())
		fmt.Fprint(w, "hello ", a.Claims["sub"])
	}))

	exp := time.Now().Add(time.Hour).Unix()
	for _, claims := range []gjwt.MapClaims{
		{"aud": "my-app", "sub": "ada", "scope": "pets/read", "exp": exp},
		{"aud": "my-app", "sub": "ada", "scope": "pets/write", "exp": exp},
		{"aud": "other", "sub": "ada", "scope": "pets/read", "exp": exp},
	} {
		req := httptest.NewRequest("GET", "/pets", nil)
		req.Header.Set("Authorization", "Bearer "+sign(claims))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body, _ := io.ReadAll(rec.Body)
		fmt.Println(strings.TrimSpace(fmt.Sprintf("%d %s %s", rec.Code, body, rec.Header().Get("WWW-Authenticate"))))
	}
	// Output:
	// 200 hello ada
	// 403 {"message":"Forbidden"}
	// 401 {"message":"Unauthorized"} Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"
}
