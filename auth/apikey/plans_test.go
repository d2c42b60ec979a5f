package apikey_test

import (
	"context"
	"testing"

	"github.com/apigate/apigate/auth/apikey"
)

func TestStages(t *testing.T) {
	prod, beta, other := apikey.APIStage{APIID: "api1", Stage: "prod"}, apikey.APIStage{APIID: "api1", Stage: "beta"}, apikey.APIStage{APIID: "api2", Stage: "prod"}
	var s apikey.Stages
	check := func(step, keyID string, st apikey.APIStage, want bool) {
		t.Helper()
		got, err := s.KeyInStage(context.Background(), keyID, st)
		if got != want || err != nil {
			t.Errorf("%s: KeyInStage(%s, %v) = %v, %v; want %v", step, keyID, st, got, err, want)
		}
	}
	check("zero value", "k1", prod, false)
	s.Allow("k1", prod, beta)
	s.Allow("k2", other)
	check("allowed", "k1", prod, true)
	check("allowed", "k1", beta, true)
	check("other API", "k1", other, false)
	check("other key", "k2", prod, false)
	check("other key", "k2", other, true)
	s.Revoke("k1", beta)
	check("revoked stage", "k1", beta, false)
	check("kept stage", "k1", prod, true)
	s.Revoke("k1", prod)
	check("last stage revoked", "k1", prod, false)
	s.Revoke("k2")
	check("every stage revoked", "k2", other, false)
	s.Revoke("unknown", prod) // no effect, no panic
}
