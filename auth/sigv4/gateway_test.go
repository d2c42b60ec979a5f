package sigv4_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/sigv4"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/stage"
)

// TestGateway runs the verifier as a method's authorizer behind the gateway, over HTTP: a
// signed request reaches the integration with $context.identity filled, and each failure is
// the gateway response the middleware answers too, byte for byte.
func TestGateway(t *testing.T) {
	var arn string
	policy := sigv4.PolicyFunc(func(_ context.Context, id *apigate.Identity, a string) (sigv4.Decision, error) {
		arn = a
		if strings.Contains(a, "/GET/pets/") {
			return sigv4.Allow, nil
		}
		return sigv4.ImplicitDeny, nil
	})
	v := newVerifier(t, signedAt, policy)
	api := gateway.NewRESTAPI("pets").SetID("a1b2c3d4e5")
	echo := apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		id := r.Context.Identity
		return &apigate.Response{StatusCode: 200, Body: []byte(id.AccessKey + " " + id.AccountID + " " + id.Caller + " " + id.User + " " + id.UserArn + " " + r.PathParameters["petId"])}, nil
	})
	api.Resource("/pets/{petId}").Method("GET", echo, gateway.AuthorizeWith(v)).Method("DELETE", echo, gateway.AuthorizeWith(v))
	d, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(d, gateway.Stage(stage.Config{Name: "prod"}), gateway.AccountID("123456789012"))
	if err != nil {
		t.Fatal(err)
	}
	gs := httptest.NewServer(gw)
	defer gs.Close()
	ms := server(t, v)

	r, _ := http.NewRequest("GET", gs.URL+"/prod/pets/a%20b", nil)
	sign(t, r, nil, akid, "", signedAt)
	status, _, body := do(t, r)
	if want := akid + " 123456789012 AIDAALICE AIDAALICE arn:aws:iam::123456789012:user/alice a%20b"; status != 200 || body != want {
		t.Errorf("signed: %d %s, want 200 %s", status, body, want)
	}
	if arn != "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets/a%20b" {
		t.Errorf("method ARN %s", arn)
	}

	for _, c := range []struct {
		name   string
		method string
		change func(*http.Request)
		status int
		errTyp string
	}{
		{"tampered", "GET", func(r *http.Request) { r.Header.Set("X-Amz-Date", "20261208T030001Z") }, 403, "InvalidSignatureException"},
		{"incomplete", "GET", func(r *http.Request) { r.Header.Set("Authorization", `AWS4-HMAC-SHA256 "x"`) }, 403, "MissingAuthenticationTokenException"},
		{"denied", "DELETE", nil, 403, "AccessDeniedException"},
	} {
		var bodies [2]string
		for i, base := range []string{gs.URL, ms.URL} {
			r, _ := http.NewRequest(c.method, base+"/prod/pets/1", nil)
			r.Host = "api.example.com" // the same canonical request for both servers
			sign(t, r, nil, akid, "", signedAt)
			if c.change != nil {
				c.change(r)
			}
			status, errTyp, body := do(t, r)
			if status != c.status || errTyp != c.errTyp {
				t.Errorf("%s %d: got %d %s %s", c.name, i, status, errTyp, body)
			}
			bodies[i] = body
		}
		if bodies[0] != bodies[1] {
			t.Errorf("%s: the gateway answers\n%s\nthe middleware\n%s", c.name, bodies[0], bodies[1])
		}
	}
}
