package lambdaauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
)

// samples are AWS's sample authorizer events, copied from the shared conformance folder.
var samples = []string{"apigw-custom-auth-request.json", "apigw-custom-auth-request-type-request.json"}

// TestSamplesAreCurrent checks the copies in testdata against the shared folder, where it is
// present.
func TestSamplesAreCurrent(t *testing.T) {
	for _, name := range samples {
		got, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("../../shared/conformance/events/authorizer", name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("testdata/%s differs from the shared folder's: copy it again", name)
		}
	}
}

// keys returns the keys of a JSON object and, for each key whose value is an object named in
// deep, the keys below it as key.sub.
func keys(t *testing.T, data []byte, deep ...string) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var out []string
	for k, v := range m {
		out = append(out, k)
		if slices.Contains(deep, k) && len(v) > 0 && v[0] == '{' {
			for _, sub := range keys(t, v, deep...) {
				out = append(out, k+"."+sub)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestEventsMatchSamples checks that the TOKEN and REQUEST events have the keys of AWS's
// samples, at the top level and in requestContext and identity (the headers are the request's).
func TestEventsMatchSamples(t *testing.T) {
	inv := answer(`{"principalId":"u","policyDocument":` + allowAll + `}`)
	tok := newToken(t, inv)
	if err := tok.Authorize(context.Background(), request("GET", "/", apigatetest.Header("Authorization", "allow"))); err != nil {
		t.Fatal(err)
	}
	req, err := New(Config{Type: Request, Invoker: inv, Function: "auth", IdentitySource: "method.request.header.HeaderAuth1"})
	if err != nil {
		t.Fatal(err)
	}
	r := request("GET", "/request?QueryString1=queryValue1", apigatetest.Header("HeaderAuth1", "headerValue1"),
		apigatetest.StageVariables(map[string]string{"StageVar1": "stageValue1"}), apigatetest.Resource("/request"))
	r.Context.Identity.APIKey = "key"
	r.Context.Identity.ClientCert = &apigate.ClientCert{ClientCertPem: "pem", SubjectDN: "s", IssuerDN: "i", SerialNumber: "1", NotBefore: "b", NotAfter: "a"}
	if err := req.Authorize(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	deep := []string{"requestContext", "identity", "clientCert", "validity"}
	for i, name := range samples {
		sample, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := keys(t, []byte(inv.events[i]), deep...), keys(t, sample, deep...); !slices.Equal(got, want) {
			t.Errorf("%s: keys\n%v\nwant\n%v", name, got, want)
		}
	}
	var ev struct {
		RequestContext struct{ Identity map[string]any }
	}
	_ = json.Unmarshal([]byte(inv.events[1]), &ev)
	if ev.RequestContext.Identity["apiKey"] != "key" || ev.RequestContext.Identity["clientCert"].(map[string]any)["validity"].(map[string]any)["notAfter"] != "a" {
		t.Errorf("identity %v", ev.RequestContext.Identity)
	}
}
