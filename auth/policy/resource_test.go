package policy_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/policy"
	"github.com/apigate/apigate/gateway"
)

// TestResourcePolicy runs a resource policy through the gateway with each kind of method:
// no authorizer, an authorizer that allows, denies implicitly or explicitly, and an IAM caller
// of another account, as AWS's authorization workflow combines them.
func TestResourcePolicy(t *testing.T) {
	const doc = `{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
		 "Resource": "arn:aws:execute-api:eu-west-1:123456789012:*/prod/GET/open/*",
		 "Condition": {"IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "2001:db8::/32"]}}},
		{"Effect": "Deny", "Principal": "*", "Action": "execute-api:*",
		 "Resource": "arn:aws:execute-api:eu-west-1:123456789012:*/prod/*/blocked"}]}`
	d, err := policy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	rp, err := policy.NewResource(d, "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	authz := gateway.AuthorizerFunc(func(_ context.Context, r *apigate.Request) error {
		calls.Add(1)
		switch r.Header.Get("Authorization") {
		case "allow":
			return nil
		case "iam-other-account":
			r.Context.Identity.AccountID, r.Context.Identity.UserArn = "999999999999", "arn:aws:iam::999999999999:user/eve"
			return nil
		case "deny":
			return &apigate.Error{Type: apigate.AccessDenied, Message: "User is not authorized to access this resource with an explicit deny"}
		}
		return &apigate.Error{Type: apigate.AccessDenied, Message: "User is not authorized to access this resource", Err: apigate.ErrImplicitDeny}
	})
	echo := apigate.IntegrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) {
		return &apigate.Response{StatusCode: 200, Body: []byte("ok")}, nil
	})
	api := gateway.NewRESTAPI("rp")
	api.Resource("/open/{x}").Method("GET", echo)
	api.Resource("/closed").Method("GET", echo)
	api.Resource("/open/{x}/auth").Method("GET", echo, gateway.AuthorizeWith(authz))
	api.Resource("/closed/auth").Method("GET", echo, gateway.AuthorizeWith(authz))
	api.Resource("/blocked").Method("GET", echo, gateway.AuthorizeWith(authz))
	dep, err := api.Deploy()
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(dep, gateway.Policy(rp))
	if err != nil {
		t.Fatal(err)
	}
	denied := func(user, path, suffix string) string {
		return `{"Message":"User: ` + user + ` is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:eu-west-1:123456789012:` +
			dep.APIID() + `/prod/GET` + path + suffix + `"}`
	}
	for _, c := range []struct {
		name, path, ip, token string
		status                int
		body                  string
		invoked               bool
	}{
		{"no authorizer, allowed", "/open/1", "192.0.2.7", "", 200, "ok", false},
		{"no authorizer, allowed over IPv6", "/open/1", "2001:db8::1", "", 200, "ok", false},
		{"no authorizer, condition fails", "/open/1", "203.0.113.9", "", 403, denied("anonymous", "/open/1", ""), false},
		{"no authorizer, no statement", "/closed", "192.0.2.7", "", 403, denied("anonymous", "/closed", ""), false},
		{"explicit deny before the authorizer", "/blocked", "192.0.2.7", "allow", 403, denied("anonymous", "/blocked", " with an explicit deny"), false},
		{"authorizer allows, policy silent", "/closed/auth", "203.0.113.9", "allow", 200, "ok", true},
		{"authorizer denies implicitly, policy allows", "/open/1/auth", "192.0.2.7", "", 200, "ok", true},
		{"authorizer denies implicitly, policy silent", "/closed/auth", "192.0.2.7", "", 403, `{"Message":"User is not authorized to access this resource"}`, true},
		{"authorizer denies explicitly, policy allows", "/open/1/auth", "192.0.2.7", "deny", 403, `{"Message":"User is not authorized to access this resource with an explicit deny"}`, true},
		{"other account, policy allows", "/open/1/auth", "192.0.2.7", "iam-other-account", 200, "ok", true},
		{"other account, policy silent", "/closed/auth", "192.0.2.7", "iam-other-account", 403, denied("arn:aws:iam::999999999999:user/eve", "/closed/auth", ""), true},
	} {
		calls.Store(0)
		req := httptest.NewRequest("GET", "/prod"+c.path, nil)
		req.RemoteAddr = c.ip + ":4000"
		if strings.Contains(c.ip, ":") {
			req.RemoteAddr = "[" + c.ip + "]:4000"
		}
		if c.token != "" {
			req.Header.Set("Authorization", c.token)
		}
		rec := httptest.NewRecorder()
		gw.ServeHTTP(rec, req)
		if rec.Code != c.status || rec.Body.String() != c.body || (calls.Load() > 0) != c.invoked {
			t.Errorf("%s: %d %s (authorizer ran: %v), want %d %s (%v)", c.name, rec.Code, rec.Body, calls.Load() > 0, c.status, c.body, c.invoked)
		}
		if c.status == 403 && rec.Header()["x-amzn-ErrorType"] == nil && rec.Header().Get("X-Amzn-Errortype") != "AccessDeniedException" {
			t.Errorf("%s: x-amzn-ErrorType %v", c.name, rec.Header())
		}
	}
}

func TestNewResourceErrors(t *testing.T) {
	d, _ := policy.Parse([]byte(`{"Version": "2012-10-17", "Statement": []}`))
	if _, err := policy.NewResource(nil, "eu-west-1"); err == nil {
		t.Error("no document: no error")
	}
	if _, err := policy.NewResource(d, "not a region"); err == nil {
		t.Error("invalid region: no error")
	}
}
