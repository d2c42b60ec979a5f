package apikey_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/apikey"
)

// benchStore holds n enabled keys of 40 characters, each admitted on api1/prod when plans is
// set, and returns the value of one of them.
func benchStore(b *testing.B, n int, plans bool) (*apikey.Store, string) {
	s := &apikey.Store{}
	var st *apikey.Stages
	if plans {
		st = &apikey.Stages{}
		s.Plans = st
	}
	var value string
	for i := range n {
		value = fmt.Sprintf("BenchKey%032d", i)
		id := fmt.Sprintf("id%d", i)
		mustAdd(b, s, apikey.Key{ID: id, Value: value, Enabled: true})
		if st != nil {
			st.Allow(id, apikey.APIStage{APIID: "api1", Stage: "prod"})
		}
	}
	return s, value
}

// BenchmarkCheckKey measures the key check on the gateway's hot path: a known key, an unknown
// one, and a known key with the usage plan check, in a store of 10,000 keys (AWS's quota).
func BenchmarkCheckKey(b *testing.B) {
	r := &apigate.Request{Context: apigate.Context{APIID: "api1", Stage: "prod"}}
	ctx := context.Background()
	for _, bc := range []struct {
		name  string
		plans bool
		miss  bool
	}{
		{"hit", false, false},
		{"miss", false, true},
		{"hit-plans", true, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s, key := benchStore(b, apikey.DefaultMaxKeys, bc.plans)
			if bc.miss {
				key = "UnknownKeyUnknownKeyUnknownKeyUnknownKey"
			}
			b.ReportAllocs()
			for b.Loop() {
				s.CheckKey(ctx, r, key)
			}
		})
	}
	b.Run("hit-parallel", func(b *testing.B) {
		s, key := benchStore(b, apikey.DefaultMaxKeys, true)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			r := &apigate.Request{Context: apigate.Context{APIID: "api1", Stage: "prod"}}
			for pb.Next() {
				s.CheckKey(ctx, r, key)
			}
		})
	})
}
