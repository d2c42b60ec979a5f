package apikey_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/apikey"
)

const (
	value1 = "k1k1k1k1k1k1k1k1k1k1k1k1"
	value2 = "Key2Key2Key2Key2Key2Key2"
	value3 = "Key3Key3Key3Key3Key3Key3"
)

func mustAdd(t testing.TB, s *apikey.Store, k apikey.Key) apikey.Key {
	t.Helper()
	k, err := s.Add(k)
	if err != nil {
		t.Fatalf("Add: %v", err)
	}
	return k
}

func request(apiID, stage string) *apigate.Request {
	return &apigate.Request{Context: apigate.Context{APIID: apiID, Stage: stage}}
}

func TestStoreAdd(t *testing.T) {
	var s apikey.Store
	created := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	k := mustAdd(t, &s, apikey.Key{ID: "id1", Name: "one", Value: value1, Enabled: true, Description: "first", CreatedDate: created})
	if want := (apikey.Key{ID: "id1", Name: "one", Value: value1, Enabled: true, Description: "first", CreatedDate: created}); k != want {
		t.Errorf("Add = %+v, want %+v", k, want)
	}
	before := time.Now().UTC().Truncate(time.Second)
	g := mustAdd(t, &s, apikey.Key{Name: "generated"})
	if !regexp.MustCompile(`^[a-z0-9]{10}$`).MatchString(g.ID) {
		t.Errorf("generated id %q, want ten lowercase letters and digits", g.ID)
	}
	if !regexp.MustCompile(`^[A-Za-z0-9]{40}$`).MatchString(g.Value) {
		t.Errorf("generated value of %d characters, want 40 letters and digits", len(g.Value))
	}
	if g.CreatedDate.Before(before) || g.CreatedDate.After(time.Now()) {
		t.Errorf("generated created date %v, want now", g.CreatedDate)
	}
	if got, ok := s.Get(g.ID); !ok || got != g {
		t.Errorf("Get(%s) = %+v, %v; want %+v", g.ID, got, ok, g)
	}
	if keys := s.Keys(); len(keys) != 2 || keys[0].ID > keys[1].ID {
		t.Errorf("Keys = %+v, want two keys sorted by id", keys)
	}

	for _, tc := range []struct {
		name string
		key  apikey.Key
		want error
	}{
		{"duplicate id", apikey.Key{ID: "id1", Value: value2}, apikey.ErrDuplicateID},
		{"duplicate value", apikey.Key{ID: "id2", Value: value1}, apikey.ErrDuplicateValue},
		{"invalid value", apikey.Key{ID: "id2", Value: "too-short"}, apikey.ErrInvalidValue},
		{"invalid id", apikey.Key{ID: "a b", Value: value2}, apikey.ErrInvalidID},
		{"long name", apikey.Key{Value: value2, Name: strings.Repeat("x", 1025)}, apikey.ErrInvalidName},
	} {
		_, err := s.Add(tc.key)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: Add = %v, want %v", tc.name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), value1) {
			t.Errorf("%s: error %q holds a key value", tc.name, err)
		}
	}
	if n := len(s.Keys()); n != 2 {
		t.Errorf("after refused adds the store holds %d keys, want 2", n)
	}

	full := apikey.Store{MaxKeys: 1}
	mustAdd(t, &full, apikey.Key{Value: value1})
	if _, err := full.Add(apikey.Key{Value: value2}); !errors.Is(err, apikey.ErrTooManyKeys) {
		t.Errorf("Add past MaxKeys = %v, want ErrTooManyKeys", err)
	}
}

func TestStoreCheckKey(t *testing.T) {
	var logs bytes.Buffer
	plans := &apikey.Stages{}
	failing := apikey.PlansFunc(func(context.Context, string, apikey.APIStage) (bool, error) {
		return false, errors.New("plan store unreachable")
	})
	plain := &apikey.Store{}
	planned := &apikey.Store{Plans: plans}
	broken := &apikey.Store{Plans: failing, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	brokenQuiet := &apikey.Store{Plans: failing} // no Logger: the same outcome, unlogged
	for _, s := range []*apikey.Store{plain, planned, broken, brokenQuiet} {
		mustAdd(t, s, apikey.Key{ID: "id1", Value: value1, Enabled: true})
		mustAdd(t, s, apikey.Key{ID: "id2", Value: value2, Enabled: false})
		mustAdd(t, s, apikey.Key{ID: "id3", Value: value3, Enabled: true})
	}
	plans.Allow("id1", apikey.APIStage{APIID: "api1", Stage: "prod"})
	plans.Allow("id2", apikey.APIStage{APIID: "api1", Stage: "prod"})

	for _, tc := range []struct {
		name   string
		store  *apikey.Store
		stage  string
		key    string
		id     string
		reason error
	}{
		{"enabled key", plain, "prod", value1, "id1", nil},
		{"enabled key, any stage without plans", plain, "beta", value3, "id3", nil},
		{"missing key", plain, "prod", "", "", apikey.ErrMissingKey},
		{"unknown key", plain, "prod", "Unknown0Unknown0Unknown0", "", apikey.ErrUnknownKey},
		{"too short", plain, "prod", "k1", "", apikey.ErrUnknownKey},
		{"too long", plain, "prod", strings.Repeat(value1, 6), "", apikey.ErrUnknownKey},
		{"other case", plain, "prod", strings.ToUpper(value1), "", apikey.ErrUnknownKey},
		{"prefix of a key", plain, "prod", value1[:len(value1)-1], "", apikey.ErrUnknownKey},
		{"key with a suffix", plain, "prod", value1 + "x", "", apikey.ErrUnknownKey},
		{"disabled key", plain, "prod", value2, "", apikey.ErrDisabledKey},
		{"key in a plan of the stage", planned, "prod", value1, "id1", nil},
		{"key in a plan of another stage", planned, "beta", value1, "", apikey.ErrNotInPlan},
		{"key in no plan", planned, "prod", value3, "", apikey.ErrNotInPlan},
		{"disabled key in a plan", planned, "prod", value2, "", apikey.ErrDisabledKey},
		{"unknown key with plans", planned, "prod", "Unknown0Unknown0Unknown0", "", apikey.ErrUnknownKey},
		{"plan check failure serves the request", broken, "prod", value1, "id1", nil},
		{"plan check failure does not serve a disabled key", broken, "prod", value2, "", apikey.ErrDisabledKey},
		{"plan check failure without a logger serves the request", brokenQuiet, "prod", value1, "id1", nil},
	} {
		id, err := tc.store.CheckKey(context.Background(), request("api1", tc.stage), tc.key)
		if id != tc.id {
			t.Errorf("%s: id %q, want %q", tc.name, id, tc.id)
		}
		switch {
		case tc.reason == nil && err != nil:
			t.Errorf("%s: CheckKey = %v, want success", tc.name, err)
		case tc.reason != nil && (!errors.Is(err, tc.reason) || !errors.Is(err, apigate.ErrInvalidAPIKey)):
			t.Errorf("%s: CheckKey = %v, want INVALID_API_KEY wrapping %v", tc.name, err, tc.reason)
		case err != nil && tc.key != "" && strings.Contains(err.Error(), tc.key):
			t.Errorf("%s: error %q holds the key", tc.name, err)
		}
	}
	log := logs.String()
	if !strings.Contains(log, `msg="Usage Plan check failed due to an internal error"`) || !strings.Contains(log, "apiKeyId=id1") ||
		!strings.Contains(log, `error="plan store unreachable"`) {
		t.Errorf("plan check failure logged %q", log)
	}
	if strings.Contains(log, value1) {
		t.Errorf("the log holds a key value: %q", log)
	}
}

func TestStoreLifecycle(t *testing.T) {
	var s apikey.Store
	mustAdd(t, &s, apikey.Key{ID: "id1", Value: value1, Enabled: true})
	check := func(step string, want error) {
		t.Helper()
		_, err := s.CheckKey(context.Background(), request("api1", "prod"), value1)
		if !errors.Is(err, want) || (err == nil) != (want == nil) {
			t.Errorf("%s: CheckKey = %v, want %v", step, err, want)
		}
	}
	check("added", nil)
	if err := s.Disable("id1"); err != nil {
		t.Fatal(err)
	}
	check("disabled", apikey.ErrDisabledKey)
	if k, _ := s.Get("id1"); k.Enabled {
		t.Error("Get after Disable: still enabled")
	}
	if err := s.Enable("id1"); err != nil {
		t.Fatal(err)
	}
	check("enabled again", nil)
	if err := s.Remove("id1"); err != nil {
		t.Fatal(err)
	}
	check("removed", apikey.ErrUnknownKey)
	for name, op := range map[string]func(string) error{"Enable": s.Enable, "Disable": s.Disable, "Remove": s.Remove} {
		if err := op("id1"); !errors.Is(err, apikey.ErrNotFound) {
			t.Errorf("%s of a removed key = %v, want ErrNotFound", name, err)
		}
	}
	// the value of a removed key may be used again
	mustAdd(t, &s, apikey.Key{ID: "id1b", Value: value1, Enabled: true})
	check("added again", nil)
}

// TestStoreConcurrent changes the store while requests check keys; run it with -race.
func TestStoreConcurrent(t *testing.T) {
	s := &apikey.Store{Plans: &apikey.Stages{}}
	plans := s.Plans.(*apikey.Stages)
	mustAdd(t, s, apikey.Key{ID: "stable", Value: value1, Enabled: true})
	plans.Allow("stable", apikey.APIStage{APIID: "api1", Stage: "prod"})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				id := fmt.Sprintf("w%dk%d", w, i)
				value := fmt.Sprintf("%s%020d", "Value", w*1000+i)
				if _, err := s.Add(apikey.Key{ID: id, Value: value, Enabled: true}); err != nil {
					t.Error(err)
					return
				}
				plans.Allow(id, apikey.APIStage{APIID: "api1", Stage: "prod"})
				s.CheckKey(context.Background(), request("api1", "prod"), value)
				s.Disable(id)
				s.Keys()
				plans.Revoke(id)
				s.Remove(id)
			}
		})
		wg.Go(func() {
			for range 400 {
				if id, err := s.CheckKey(context.Background(), request("api1", "prod"), value1); id != "stable" || err != nil {
					t.Errorf("stable key: %q, %v", id, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := len(s.Keys()); n != 1 {
		t.Errorf("the store holds %d keys, want 1", n)
	}
}
