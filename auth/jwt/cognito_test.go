package jwt_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/auth/jwt"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/internal/lambdaevent"
	"github.com/apigate/apigate/mapping"
)

func TestCognito(t *testing.T) {
	pool, other := newIssuer(t), newIssuer(t)
	idToken := pool.sign(t, map[string]any{"token_use": "id", "custom:role": "admin", "email_verified": true, "auth_time": now.Unix() - 60})
	access := pool.sign(t, map[string]any{"token_use": "access", "aud": nil, "client_id": "app", "scope": "pets/read openid"})
	pools := []*jwt.Verifier{pool.verifier(t), other.verifier(t)}
	tests := []struct {
		name   string
		c      jwt.Cognito
		header string
		want   error // nil: accepted
	}{
		{"ID token, no scopes", jwt.Cognito{Pools: pools}, idToken, nil},
		{"ID token after Bearer", jwt.Cognito{Pools: pools}, "Bearer " + idToken, nil},
		{"ID token of the second pool", jwt.Cognito{Pools: pools}, other.sign(t, map[string]any{"token_use": "id"}), nil},
		{"access token, no scopes", jwt.Cognito{Pools: pools}, access, jwt.ErrTokenUse},
		{"access token holding a scope", jwt.Cognito{Pools: pools, Scopes: []string{"pets/write", "pets/read"}}, access, nil},
		{"access token without the scopes", jwt.Cognito{Pools: pools, Scopes: []string{"pets/write"}}, access, jwt.ErrScope},
		{"ID token, scopes", jwt.Cognito{Pools: pools, Scopes: []string{"openid"}}, pool.sign(t, map[string]any{"token_use": "id", "scope": "openid"}), jwt.ErrTokenUse},
		{"no token_use", jwt.Cognito{Pools: pools}, pool.sign(t, nil), jwt.ErrTokenUse},
		{"wrong pool", jwt.Cognito{Pools: pools[1:]}, idToken, jwt.ErrIssuer},
		{"expired", jwt.Cognito{Pools: pools}, pool.sign(t, map[string]any{"token_use": "id", "exp": now.Unix() - 1}), jwt.ErrExpired},
		{"no header", jwt.Cognito{Pools: pools}, "", jwt.ErrNoToken},
		{"other header", jwt.Cognito{Pools: pools, Header: "X-Token"}, idToken, jwt.ErrNoToken},
		{"validation expression matches aud", jwt.Cognito{Pools: pools, IdentityValidationExpression: regexp.MustCompile(`^cli`)}, idToken, nil},
		{"validation expression matches client_id", jwt.Cognito{Pools: pools, Scopes: []string{"openid"}, IdentityValidationExpression: regexp.MustCompile(`^app$`)}, access, nil},
		{"validation expression fails", jwt.Cognito{Pools: pools, IdentityValidationExpression: regexp.MustCompile(`^app$`)}, idToken, jwt.ErrIdentityValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := apigatetest.NewRequest("GET", "/pets", nil, apigatetest.Header("Authorization", tt.header))
			err := tt.c.Authorize(context.Background(), r)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if r.Context.Authorizer == nil || r.Context.Authorizer.Claims["sub"] != "user-1" {
					t.Fatalf("authorizer = %+v", r.Context.Authorizer)
				}
				return
			}
			if !errors.Is(err, apigate.ErrUnauthorized) || !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want UNAUTHORIZED and %v", err, tt.want)
			}
			if r.Context.Authorizer != nil {
				t.Error("authorizer set on a refusal")
			}
		})
	}
	if err := (&jwt.Cognito{}).Authorize(context.Background(), apigatetest.NewRequest("GET", "/", nil)); !errors.Is(err, apigate.ErrAuthorizerConfiguration) {
		t.Errorf("no pools: %v", err)
	}
}

// The claims reach $context.authorizer.claims as strings, dates as REST's Cognito authorizer
// writes them, and a mapping template reads them, bracket form included.
func TestCognitoClaims(t *testing.T) {
	pool := newIssuer(t)
	tok := pool.sign(t, map[string]any{
		"token_use": "id", "custom:role": "admin", "email_verified": true, "auth_time": 1573029515,
		"cognito:groups": []string{"admins", "users"}, "address": map[string]any{"formatted": "x"},
	})
	r := apigatetest.NewRequest("GET", "/pets", nil, apigatetest.Header("Authorization", tok))
	if err := (&jwt.Cognito{Pools: []*jwt.Verifier{pool.verifier(t)}}).Authorize(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"iss": pool.URL, "aud": "client", "sub": "user-1", "token_use": "id", "custom:role": "admin",
		"email_verified": "true", "auth_time": "1573029515",
		"iat": "Fri Jan 15 07:59:00 UTC 2027", "exp": "Fri Jan 15 09:00:00 UTC 2027",
		"cognito:groups": "[admins users]", "address": `{"formatted":"x"}`,
	}
	if got := r.Context.Authorizer.Claims; !maps.Equal(got, want) {
		t.Fatalf("claims\n got %v\nwant %v", got, want)
	}
	tpl, err := mapping.Compile(`$context.authorizer.claims.sub $context.authorizer.claims['custom:role'] $context.authorizer.claims.email_verified`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := tpl.RenderString(&mapping.Request{Context: r.Context})
	if out != "user-1 admin true" || err != nil {
		t.Fatalf("render = %q, %v", out, err)
	}
	// The proxy event (payload format 1.0) carries the same strings.
	e := lambdaevent.New(r, false)
	defer e.Release()
	var ev struct {
		RequestContext struct {
			Authorizer struct {
				Claims map[string]any `json:"claims"`
			} `json:"authorizer"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal(e.AppendJSON(nil), &ev); err != nil {
		t.Fatal(err)
	}
	if got := ev.RequestContext.Authorizer.Claims; !maps.Equal(got, want) {
		t.Fatalf("event claims\n got %v\nwant %v", got, want)
	}
}

// End to end through a gateway: the method's integration sees the claims; a bad token gets
// API Gateway's 401.
func TestCognitoGateway(t *testing.T) {
	pool := newIssuer(t)
	cognito := &jwt.Cognito{Pools: []*jwt.Verifier{pool.verifier(t)}}
	api := gateway.NewRESTAPI("pets")
	api.Resource("/me").Method("GET", apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Body: []byte(r.Context.Authorizer.Claims["sub"].(string))}, nil
	}), gateway.AuthorizeWith(cognito))
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(d)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	defer srv.Close()
	tests := []struct {
		token, body, errorType string
		status                 int
	}{
		{pool.sign(t, map[string]any{"token_use": "id"}), "user-1", "", 200},
		{pool.sign(t, map[string]any{"token_use": "access"}), `{"message":"Unauthorized"}`, "UnauthorizedException", 401},
		{"", `{"message":"Unauthorized"}`, "UnauthorizedException", 401},
	}
	for _, tt := range tests {
		resp, body := get(t, srv.URL+"/prod/me", tt.token)
		if resp.StatusCode != tt.status || string(body) != tt.body || resp.Header.Get("x-amzn-ErrorType") != tt.errorType {
			t.Errorf("%d %s %q, want %d %s %q", resp.StatusCode, body, resp.Header.Get("x-amzn-ErrorType"), tt.status, tt.body, tt.errorType)
		}
	}
}

func TestCognitoIssuer(t *testing.T) {
	tests := []struct{ arn, want string }{
		{"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"},
		{"arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/cn-north-1_X", "https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_X"},
		{"arn:aws:cognito-idp:us-east-1:123456789012:identitypool/x", ""},
		{"arn:aws:lambda:us-east-1:123456789012:userpool/x", ""},
		{"arn:aws:cognito-idp:us-east-1:123456789012:userpool/", ""},
		{"arn:aws:cognito-idp:us-east-1:123456789012:userpool/a/b", ""},
		{"userpool/x", ""},
	}
	for _, tt := range tests {
		got, err := jwt.CognitoIssuer(tt.arn)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("CognitoIssuer(%q) = %q, %v; want %q", tt.arn, got, err, tt.want)
		}
	}
}
