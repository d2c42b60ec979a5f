package sigv4_test

import (
	"context"
	"errors"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/policy"
	"github.com/apigate/apigate/auth/sigv4"
)

func TestIdentityPolicies(t *testing.T) {
	parse := func(s string) *policy.Document {
		d, err := policy.Parse([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	const api = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/"
	p := sigv4.IdentityPolicies{
		"arn:aws:iam::123456789012:user/alice": {
			parse(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"` + api + `GET/pets/*"}}`),
			parse(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"execute-api:*","Resource":"` + api + `*/pets/secret"}]}`),
		},
	}
	alice := &apigate.Identity{UserArn: "arn:aws:iam::123456789012:user/alice", AccountID: "123456789012"}
	bob := &apigate.Identity{UserArn: "arn:aws:iam::123456789012:user/bob", AccountID: "123456789012"}
	for _, c := range []struct {
		id   *apigate.Identity
		arn  string
		want sigv4.Decision
	}{
		{alice, api + "GET/pets/1", sigv4.Allow},
		{alice, api + "GET/pets/secret", sigv4.ExplicitDeny}, // the deny in the second policy wins
		{alice, api + "POST/pets/1", sigv4.ImplicitDeny},
		{alice, api + "GET/pets", sigv4.ImplicitDeny},
		{bob, api + "GET/pets/1", sigv4.ImplicitDeny}, // no policy
	} {
		if got, err := p.Evaluate(context.Background(), c.id, c.arn); err != nil || got != c.want {
			t.Errorf("%s on %s: %v, %v; want %v", c.id.UserArn, c.arn, got, err, c.want)
		}
	}
}

// TestAuthorizeWithoutHTTP: a method request built without its HTTP request has nothing signed;
// the verifier answers MISSING_AUTHENTICATION_TOKEN instead of panicking.
func TestAuthorizeWithoutHTTP(t *testing.T) {
	v, err := sigv4.New(sigv4.Config{Region: "us-east-1", Credentials: sigv4.StaticCredentials{}})
	if err != nil {
		t.Fatal(err)
	}
	err = v.Authorize(context.Background(), &apigate.Request{Method: "GET", Path: "/pets"})
	if !errors.Is(err, apigate.ErrMissingAuthenticationToken) || !errors.Is(err, sigv4.ErrMissingCredentials) {
		t.Errorf("got %v", err)
	}
}
