package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// TestPetstore runs the example end to end: the gateway on a real loopback server in front of
// the backend, every URL the program prints.
func TestPetstore(t *testing.T) {
	st := newStore()
	srv, _ := startPetstore(t, st)

	for _, tc := range []struct {
		method, path, body string
		status             int
		want               string // exact body, or a prefix ending in "…"
	}{
		{"GET", "/prod/ping", "", 200, `{"pong": true, "stage": "prod", "requestId": "…`},
		{"GET", "/prod/pets", "", 200, `[{"id":1,"type":"dog","price":249.99},{"id":2,"type":"cat","price":124.99},{"id":3,"type":"fish","price":0.99}]`},
		{"GET", "/prod/pets?type=cat", "", 200, `[{"id":2,"type":"cat","price":124.99}]`},
		{"GET", "/prod/shelter/pets", "", 200, `[{"description": "Item 1 is a dog.", "askingPrice": 249.99},{"description": "Item 2 is a cat.", "askingPrice": 124.99},{"description": "Item 3 is a fish.", "askingPrice": 0.99}]`},
		{"GET", "/prod/shelter/pets?type=cat", "", 200, `[{"description": "Item 2 is a cat.", "askingPrice": 124.99}]`},
		{"GET", "/prod/pets/1", "", 200, `{"id":1,"type":"dog","price":249.99}` + "\n"},
		{"GET", "/prod/pets/99", "", 404, `{"message": "Pet 99 not found"}`},
		{"POST", "/prod/pets", `{"type":"bird"}`, 400, `{"message":"Invalid request body"}`},
		{"POST", "/prod/pets", `{"type":"bird","price":20000}`, 400, `{"message": "invalid pet: a bird at 20000.00 is too expensive"}`},
		{"POST", "/prod/pets", `{"type":"bird","price":12.5}`, 201, `{"id": 4, "type": "bird", "price": 12.5}`},
		{"GET", "/prod/store/pets/4", "", 200, `{"id":4,"type":"bird","price":12.5}` + "\n"},
		{"GET", "/prod/nowhere", "", 404, `{"message":"Missing Authentication Token","type":"MISSING_AUTHENTICATION_TOKEN","requestId":"…`},
		// what the model does not allow is refused before the template runs
		{"POST", "/prod/pets", `[]`, 400, `{"message":"Invalid request body"}`},
		{"POST", "/prod/pets", `{"type":"bird","price":1,"name":"\"}"}`, 400, `{"message":"Invalid request body"}`},
		{"POST", "/prod/pets", `{"type":"bird\",\"id\":0","price":1}`, 400, `{"message":"Invalid request body"}`},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
		if tc.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got := string(b)
		if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && !json.Valid(b) {
			t.Errorf("%s %s: invalid JSON %q", tc.method, tc.path, got)
		}
		ok := got == tc.want
		if p, found := strings.CutSuffix(tc.want, "…"); found {
			ok = strings.HasPrefix(got, p)
		}
		if resp.StatusCode != tc.status || !ok {
			t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.path, resp.StatusCode, got, tc.status, tc.want)
		}
		if resp.Header.Get("X-Amzn-Requestid") == "" {
			t.Errorf("%s %s: no x-amzn-RequestId", tc.method, tc.path)
		}
	}
}

// TestPetstoreMethodOverride: X-HTTP-Method-Override, which the client controls, cannot inject
// keys into the custom 404.
func TestPetstoreMethodOverride(t *testing.T) {
	st := newStore()
	gw, err := newGateway("127.0.0.1:1", st, testAuth(t, "127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	defer srv.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/prod/nowhere", nil)
	req.Header.Set("X-HTTP-Method-Override", `GET","admin":"true`)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != 404 || body["admin"] != nil {
		t.Errorf("%d %v %v", resp.StatusCode, body, err)
	}
}

// TestPetstoreRefusesOtherContentTypes: only JSON bodies are validated against the model, so
// POST /pets refuses every other Content-Type (415) instead of passing the body to the function
// unchecked (curl -d sends application/x-www-form-urlencoded).
func TestPetstoreRefusesOtherContentTypes(t *testing.T) {
	gw, err := newGateway("127.0.0.1:1", newStore(), testAuth(t, "127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	defer srv.Close()
	for _, tc := range []struct{ contentType, body string }{
		{"application/x-www-form-urlencoded", `[]`},
		{"text/plain", `{"type":"a\"b","price":1}`},
		{"text/plain", `{"type":"dog","price":-5,"admin":true}`},
		{"", `{"type":"dog","price":1}`}, // Go's client sends none; the gateway takes application/json
	} {
		req, _ := http.NewRequest("POST", srv.URL+"/prod/pets", strings.NewReader(tc.body))
		if tc.contentType != "" {
			req.Header.Set("Content-Type", tc.contentType)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want, wantBody := 415, `{"message":"Unsupported Media Type"}`
		if tc.contentType == "" {
			want, wantBody = 201, `{"id": 4, "type": "dog", "price": 1}`
		}
		if resp.StatusCode != want || string(b) != wantBody {
			t.Errorf("%q %s: %d %s, want %d %s", tc.contentType, tc.body, resp.StatusCode, b, want, wantBody)
		}
	}
}

// startPetstore starts the backend (with the local issuer) and the gateway on loopback servers,
// as main does, and returns the gateway's server and what its protected methods check.
func startPetstore(t *testing.T, st *store) (*httptest.Server, *demoAuth) {
	t.Helper()
	bs := httptest.NewUnstartedServer(nil)
	auth := testAuth(t, bs.Listener.Addr().String())
	backend := http.NewServeMux()
	backend.Handle("/issuer/", auth.issuerHandler())
	backend.Handle("/", st.handler())
	bs.Config.Handler = backend
	bs.Start()
	t.Cleanup(bs.Close)
	gw, err := newGateway(bs.Listener.Addr().String(), st, auth)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	t.Cleanup(srv.Close)
	return srv, auth
}

func testAuth(t *testing.T, backendAddr string) *demoAuth {
	t.Helper()
	auth, err := newDemoAuth(backendAddr)
	if err != nil {
		t.Fatal(err)
	}
	return auth
}

// TestPetstoreAuth runs the protected methods the program prints, with and without what each
// wants: an API key, an ID token of the local issuer, a SigV4 signature, a token the Lambda
// authorizer allows.
func TestPetstoreAuth(t *testing.T) {
	srv, auth := startPetstore(t, newStore())
	token, err := auth.idToken("ada", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	expired, err := auth.idToken("ada", -time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	pets := `[{"id":1,"type":"dog","price":249.99},{"id":2,"type":"cat","price":124.99},{"id":3,"type":"fish","price":0.99}]`
	sign := func(secret string) func(*http.Request) {
		return func(r *http.Request) {
			creds := aws.Credentials{AccessKeyID: demoAccessKey, SecretAccessKey: secret}
			const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
			if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, emptySHA256, "execute-api", demoRegion, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	header := func(k, v string) func(*http.Request) { return func(r *http.Request) { r.Header.Set(k, v) } }
	for _, tc := range []struct {
		name, path string
		prepare    func(*http.Request)
		status     int
		errorType  string
		want       string
	}{
		{"key", "/prod/partner/pets", header("x-api-key", demoAPIKey), 200, "", pets},
		{"no key", "/prod/partner/pets", nil, 403, "ForbiddenException", `{"message":"Forbidden"}`},
		{"wrong key", "/prod/partner/pets", header("x-api-key", "petstoreWrongKey0123456789"), 403, "ForbiddenException", `{"message":"Forbidden"}`},
		{"token", "/prod/me", header("Authorization", token), 200, "", `{"username": "ada", "sub": "0f1e2d3c-ada"}`},
		{"no token", "/prod/me", nil, 401, "UnauthorizedException", `{"message":"Unauthorized"}`},
		{"expired token", "/prod/me", header("Authorization", expired), 401, "UnauthorizedException", `{"message":"Unauthorized"}`},
		{"signed", "/prod/iam/pets", sign(demoSecretKey), 200, "", pets},
		// MISSING_AUTHENTICATION_TOKEN is the example's customized 404, for unsigned requests too
		{"not signed", "/prod/iam/pets", nil, 404, "MissingAuthenticationTokenException", `{"message":"Missing Authentication Token","type":"MISSING_AUTHENTICATION_TOKEN","requestId":"…`},
		{"token allowed", "/prod/token/pets", header("Authorization", "allow-ada"), 200, "", `{"principal": "ada", "plan": "free"}`},
		{"token denied", "/prod/token/pets", header("Authorization", "deny"), 403, "AccessDeniedException", `{"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"}`},
		{"token unknown", "/prod/token/pets", header("Authorization", "guess"), 401, "UnauthorizedException", `{"message":"Unauthorized"}`},
		{"token malformed", "/prod/token/pets", header("Authorization", "Bearer x"), 401, "UnauthorizedException", `{"message":"Unauthorized"}`},
		{"wrong secret", "/prod/iam/pets", sign("petstoreWrongSecret"), 403, "InvalidSignatureException", `{"message":"The request signature we calculated does not match…`},
	} {
		req, _ := http.NewRequest("GET", srv.URL+tc.path, nil)
		if tc.prepare != nil {
			tc.prepare(req)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got := string(b)
		ok := got == tc.want
		if p, found := strings.CutSuffix(tc.want, "…"); found {
			ok = strings.HasPrefix(got, p)
		}
		if resp.StatusCode != tc.status || !ok || resp.Header.Get("X-Amzn-Errortype") != tc.errorType {
			t.Errorf("%s: %d %s %q, want %d %s %q", tc.name, resp.StatusCode, resp.Header.Get("X-Amzn-Errortype"), got, tc.status, tc.errorType, tc.want)
		}
	}
}
