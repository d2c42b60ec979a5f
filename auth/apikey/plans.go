package apikey

import (
	"context"
	"sync"
)

// APIStage names a stage of an API, as an entry of a usage plan's apiStages.
type APIStage struct {
	APIID string // $context.apiId
	Stage string // $context.stage
}

// Plans says which keys the usage plans admit on which API stages: the seam between the key
// store and the throttling stage, whose usage plans implement it. Store.CheckKey calls
// KeyInStage for a known, enabled key: false refuses the key (403 Forbidden, as AWS refuses a
// key in no usage plan of the stage); an error lets the request through and is logged, as AWS
// serves a request whose usage plan check failed internally.
//
// KeyInStage is called for many requests at once and must be safe for concurrent use.
type Plans interface {
	KeyInStage(ctx context.Context, keyID string, s APIStage) (bool, error)
}

// PlansFunc adapts a function to Plans.
type PlansFunc func(ctx context.Context, keyID string, s APIStage) (bool, error)

// KeyInStage calls f(ctx, keyID, s).
func (f PlansFunc) KeyInStage(ctx context.Context, keyID string, s APIStage) (bool, error) {
	return f(ctx, keyID, s)
}

// Stages is an in-memory Plans: for each key id, the API stages its usage plans cover. Its zero
// value admits no key anywhere. It is safe for concurrent use, and its methods may be called
// while it serves requests.
type Stages struct {
	mu sync.RWMutex
	m  map[string]map[APIStage]struct{}
}

// Allow admits the key with id keyID on the given stages.
func (s *Stages) Allow(keyID string, stages ...APIStage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string]map[APIStage]struct{})
	}
	set := s.m[keyID]
	if set == nil {
		set = make(map[APIStage]struct{}, len(stages))
		s.m[keyID] = set
	}
	for _, st := range stages {
		set[st] = struct{}{}
	}
}

// Revoke stops admitting the key with id keyID on the given stages, or on every stage when
// none is given.
func (s *Stages) Revoke(keyID string, stages ...APIStage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	set := s.m[keyID]
	if len(stages) == 0 {
		delete(s.m, keyID)
		return
	}
	for _, st := range stages {
		delete(set, st)
	}
	if len(set) == 0 {
		delete(s.m, keyID)
	}
}

// KeyInStage reports whether the key with id keyID is admitted on stage st. It never fails.
func (s *Stages) KeyInStage(_ context.Context, keyID string, st APIStage) (bool, error) {
	s.mu.RLock()
	_, ok := s.m[keyID][st]
	s.mu.RUnlock()
	return ok, nil
}

var (
	_ Plans = PlansFunc(nil)
	_ Plans = (*Stages)(nil)
)
