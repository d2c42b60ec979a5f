package jwt_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/auth"
	"github.com/apigate/apigate/auth/jwt"
	"github.com/apigate/apigate/internal/lambdaevent"
)

// The JWT authorizer as middleware in front of a plain handler: AWS's 401 with its
// WWW-Authenticate challenge, 403 for missing scopes, the claims in the request's context.
func TestAuthorizerMiddleware(t *testing.T) {
	is := newIssuer(t)
	a := &jwt.Authorizer{Verifier: is.verifier(t, "client"), Scopes: []string{"pets/read"}}
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		claims, ok := auth.FromContext(r.Context())
		fmt.Fprint(w, claims.Claims["sub"], " ", claims.Claims["exp"], " ", ok)
	})
	srv := httptest.NewServer(jwt.Middleware(a, auth.MiddlewareOptions{})(next))
	defer srv.Close()
	challenge := func(d string) string {
		return `Bearer scope="" error="invalid_token" error_description="` + d + `"`
	}
	tests := []struct {
		name, header    string
		status          int
		body, errorType string
		challenge       string
	}{
		{"valid", "Bearer " + is.sign(t, map[string]any{"scope": "pets/read"}), 200, "user-1 1800003600 true", "", ""},
		{"bare token", is.sign(t, map[string]any{"scp": []string{"pets/read"}}), 200, "user-1 1800003600 true", "", ""},
		{"wrong audience", "Bearer " + is.sign(t, map[string]any{"aud": "other", "scope": "pets/read"}), 401,
			`{"message":"Unauthorized"}`, "UnauthorizedException", challenge("the token does not have a valid audience")},
		{"expired", "Bearer " + is.sign(t, map[string]any{"exp": now.Unix() - 10}), 401,
			`{"message":"Unauthorized"}`, "UnauthorizedException", challenge("the token has expired")},
		{"no token", "", 401, `{"message":"Unauthorized"}`, "UnauthorizedException", challenge("the token is missing")},
		{"1 MB token", "Bearer " + strings.Repeat("x", 1<<20), 401, `{"message":"Unauthorized"}`, "UnauthorizedException", challenge("the token is too large")},
		{"missing scope", "Bearer " + is.sign(t, map[string]any{"scope": "pets/write"}), 403,
			`{"message":"Forbidden"}`, "AccessDeniedException", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, srv.URL+"/pets", tt.header)
			got := fmt.Sprintf("%d %s %q %q", resp.StatusCode, body, resp.Header.Get("x-amzn-ErrorType"), resp.Header.Get("WWW-Authenticate"))
			want := fmt.Sprintf("%d %s %q %q", tt.status, tt.body, tt.errorType, tt.challenge)
			if got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func TestAuthorizerErrors(t *testing.T) {
	is := newIssuer(t)
	a := &jwt.Authorizer{Verifier: is.verifier(t, "client"), Header: "X-Token"}
	r := apigatetest.NewRequest("GET", "/", nil, apigatetest.Header("X-Token", is.sign(t, map[string]any{"iss": "https://evil.example"})))
	err := a.Authorize(context.Background(), r)
	var ce *jwt.ChallengeError
	if !errors.Is(err, apigate.ErrUnauthorized) || !errors.Is(err, jwt.ErrIssuer) || !errors.As(err, &ce) {
		t.Fatalf("err = %v", err)
	}
	if c, ok := jwt.Challenge(err); !ok || c != `Bearer scope="" error="invalid_token" error_description="the token does not have a valid issuer"` {
		t.Errorf("challenge = %q, %v", c, ok)
	}
	if err := (&jwt.Authorizer{}).Authorize(context.Background(), r); !errors.Is(err, apigate.ErrAuthorizerConfiguration) {
		t.Errorf("no verifier: %v", err)
	}
	if _, ok := jwt.Challenge(errors.New("other")); ok {
		t.Error("challenge for a foreign error")
	}
	// The claims are strings; no scopes on the route means none are needed.
	r = apigatetest.NewRequest("GET", "/", nil, apigatetest.Header("X-Token", is.sign(t, map[string]any{"n": 1.5, "ok": false, "arr": []any{"a", 2}})))
	if err := a.Authorize(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	c := r.Context.Authorizer.Claims
	if got := fmt.Sprint(c["n"], c["ok"], c["arr"], c["iat"]); got != "1.5false[a 2]1799999940" {
		t.Errorf("claims = %v", c)
	}
	// The 2.0 proxy event carries them in requestContext.authorizer.jwt.claims.
	e := lambdaevent.New(r, true)
	defer e.Release()
	var ev struct {
		RequestContext struct {
			Authorizer struct {
				JWT struct {
					Claims map[string]string `json:"claims"`
				} `json:"jwt"`
			} `json:"authorizer"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal(e.AppendJSON(nil), &ev); err != nil {
		t.Fatal(err)
	}
	if got := ev.RequestContext.Authorizer.JWT.Claims; got["exp"] != "1800003600" || got["arr"] != "[a 2]" || got["iss"] != is.URL {
		t.Errorf("event claims = %v", got)
	}
}

// A misconfigured authorizer behind the middleware answers AWS's 500 with a null message.
func TestMiddlewareConfigurationError(t *testing.T) {
	srv := httptest.NewServer(jwt.Middleware(&jwt.Cognito{}, auth.MiddlewareOptions{})(http.NotFoundHandler()))
	defer srv.Close()
	resp, body := get(t, srv.URL, "token")
	if got := fmt.Sprintf("%d %s %s", resp.StatusCode, body, resp.Header.Get("x-amzn-ErrorType")); got != `500 {"message":null} AuthorizerConfigurationException` {
		t.Errorf("got %s", got)
	}
}

// jwt.Middleware takes any auth.Authorizer: an error of a type without a default status
// (DEFAULT_4XX) or of no valid type must get a response, not a WriteHeader(0) panic.
func TestMiddlewareOtherErrors(t *testing.T) {
	tests := []struct {
		err             error
		status          int
		body, errorType string
	}{
		{&apigate.Error{Type: apigate.Default4XX}, 400, `{"message":"Bad Request"}`, "BadRequestException"},
		{&apigate.Error{Type: apigate.Default4XX, Status: 418, Message: "teapot"}, 418, `{"message":"teapot"}`, "BadRequestException"},
		{&apigate.Error{}, 500, `{"message":null}`, "AuthorizerConfigurationException"},
		{errors.New("plain"), 500, `{"message":null}`, "AuthorizerConfigurationException"},
	}
	for _, tt := range tests {
		a := auth.AuthorizerFunc(func(context.Context, *apigate.Request) error { return tt.err })
		w := httptest.NewRecorder()
		jwt.Middleware(a, auth.MiddlewareOptions{})(http.NotFoundHandler()).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
		got := fmt.Sprintf("%d %s %q", w.Code, w.Body, strings.Join(w.Header()["x-amzn-ErrorType"], ","))
		if want := fmt.Sprintf("%d %s %q", tt.status, tt.body, tt.errorType); got != want {
			t.Errorf("%v: got %s, want %s", tt.err, got, want)
		}
	}
}
