package apikey

import (
	"cmp"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/apigate/apigate"
)

// DefaultMaxKeys is the number of keys a Store holds at most unless told otherwise: AWS's quota
// of API keys per account and region.
const DefaultMaxKeys = 10000

// Why CheckKey refused a key. Each is wrapped in an *apigate.Error of type INVALID_API_KEY, so
// errors.Is matches both the reason and apigate.ErrInvalidAPIKey; the client sees only AWS's
// 403 {"message":"Forbidden"}.
var (
	ErrMissingKey  = errors.New("apikey: no API key in the request")
	ErrUnknownKey  = errors.New("apikey: unknown API key")
	ErrDisabledKey = errors.New("apikey: the API key is disabled")
	ErrNotInPlan   = errors.New("apikey: the API key is in no usage plan of the API stage")
)

// PlanCheckFailed is the message the store logs when Plans fails, AWS's execution log line.
const PlanCheckFailed = "Usage Plan check failed due to an internal error"

// Store is an in-memory key store: it implements the gateway's KeyStore (CheckKey) over keys
// added, enabled, disabled and removed at run time. Its zero value is an empty store that
// accepts its enabled keys on every stage. Set its fields before its first use; its methods
// are safe for concurrent use.
type Store struct {
	// Plans, when set, admits keys on API stages (see the package doc's "Usage plans"): a key
	// it does not admit on the request's stage is refused.
	Plans Plans
	// Logger receives the line logged when Plans fails; nil logs nothing (library code does not
	// write to the program's global logger).
	Logger *slog.Logger
	// MaxKeys bounds the number of keys; 0 means DefaultMaxKeys.
	MaxKeys int

	mu       sync.RWMutex
	byDigest map[[sha256.Size]byte]*entry // by the SHA-256 digest of the value
	byID     map[string]*entry
}

type entry struct {
	key    Key
	value  []byte // key.Value, for subtle.ConstantTimeCompare
	digest [sha256.Size]byte
}

// Add adds k to the store and returns it as stored: with an id, a value and a creation date
// generated when they were empty. It fails with an error matching ErrInvalidValue,
// ErrInvalidID, ErrInvalidName or ErrInvalidDescription for a key that breaks AWS's rules (see
// Key.Validate), ErrDuplicateID or ErrDuplicateValue for a key that clashes with one the store
// holds, and ErrTooManyKeys when the store is full.
func (s *Store) Add(k Key) (Key, error) {
	if k.ID == "" {
		k.ID = randomString(generatedIDLen, idAlphabet)
	}
	if k.Value == "" {
		k.Value = randomString(generatedValueLen, valueAlphabet)
	}
	if k.CreatedDate.IsZero() {
		k.CreatedDate = time.Now().UTC().Truncate(time.Second)
	}
	if err := k.Validate(); err != nil {
		return Key{}, err
	}
	e := &entry{key: k, value: []byte(k.Value), digest: sha256.Sum256([]byte(k.Value))}

	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[k.ID]; ok {
		return Key{}, ErrDuplicateID
	}
	if _, ok := s.byDigest[e.digest]; ok {
		return Key{}, ErrDuplicateValue
	}
	if len(s.byID) >= cmp.Or(s.MaxKeys, DefaultMaxKeys) {
		return Key{}, ErrTooManyKeys
	}
	if s.byID == nil {
		s.byID = make(map[string]*entry)
		s.byDigest = make(map[[sha256.Size]byte]*entry)
	}
	s.byID[k.ID], s.byDigest[e.digest] = e, e
	return k, nil
}

// Enable makes the key with the given id accepted again. It fails with ErrNotFound when the
// store has no such key.
func (s *Store) Enable(id string) error { return s.setEnabled(id, true) }

// Disable makes the key with the given id refused, as AWS refuses a disabled key, without
// removing it. It fails with ErrNotFound when the store has no such key.
func (s *Store) Disable(id string) error { return s.setEnabled(id, false) }

func (s *Store) setEnabled(id string, enabled bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byID[id]
	if !ok {
		return ErrNotFound
	}
	e.key.Enabled = enabled
	return nil
}

// Remove removes the key with the given id. It fails with ErrNotFound when the store has no
// such key.
func (s *Store) Remove(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byID[id]
	if !ok {
		return ErrNotFound
	}
	delete(s.byID, id)
	delete(s.byDigest, e.digest)
	return nil
}

// Get returns the key with the given id.
func (s *Store) Get(id string) (Key, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if e, ok := s.byID[id]; ok {
		return e.key, true
	}
	return Key{}, false
}

// Keys returns the store's keys, sorted by id.
func (s *Store) Keys() []Key {
	s.mu.RLock()
	keys := make([]Key, 0, len(s.byID))
	for _, id := range slices.Sorted(maps.Keys(s.byID)) {
		keys = append(keys, s.byID[id].key)
	}
	s.mu.RUnlock()
	return keys
}

// CheckKey checks the key a request presents and returns its id, which the gateway makes
// $context.identity.apiKeyId. It refuses a missing, unknown or disabled key, and, when Plans is
// set, a key that Plans does not admit on the request's API stage (r.Context.APIID and
// r.Context.Stage), with an *apigate.Error of type INVALID_API_KEY wrapping ErrMissingKey,
// ErrUnknownKey, ErrDisabledKey or ErrNotInPlan. The time it takes does not depend on how much
// of the key matches a stored one.
func (s *Store) CheckKey(ctx context.Context, r *apigate.Request, key string) (string, error) {
	id, err := s.lookup(key)
	if err != nil {
		return "", &apigate.Error{Type: apigate.InvalidAPIKey, Err: err}
	}
	if s.Plans == nil {
		return id, nil
	}
	var st APIStage
	if r != nil {
		st = APIStage{APIID: r.Context.APIID, Stage: r.Context.Stage}
	}
	ok, err := s.Plans.KeyInStage(ctx, id, st)
	switch {
	case err != nil: // AWS serves the request, logged or not
		if s.Logger != nil {
			s.Logger.LogAttrs(ctx, slog.LevelError, PlanCheckFailed,
				slog.String("apiKeyId", id), slog.String("apiId", st.APIID), slog.String("stage", st.Stage),
				slog.Any("error", err))
		}
	case !ok:
		return "", &apigate.Error{Type: apigate.InvalidAPIKey, Err: ErrNotInPlan}
	}
	return id, nil
}

// lookup finds the enabled key whose value is key and returns its id.
func (s *Store) lookup(key string) (string, error) {
	if key == "" {
		return "", ErrMissingKey
	}
	if len(key) < MinValueLen || len(key) > MaxValueLen {
		return "", ErrUnknownKey // no stored value has this length: AWS's rule, public
	}
	// The value goes through a stack buffer: hashing and comparing the string's bytes without
	// a conversion that would allocate.
	var buf [MaxValueLen]byte
	b := buf[:copy(buf[:], key)]
	digest := sha256.Sum256(b)
	s.mu.RLock()
	e := s.byDigest[digest]
	var (
		id      string
		enabled bool
		same    int
	)
	if e != nil {
		same = subtle.ConstantTimeCompare(e.value, b)
		id, enabled = e.key.ID, e.key.Enabled
	}
	s.mu.RUnlock()
	switch {
	case same != 1:
		return "", ErrUnknownKey
	case !enabled:
		return "", ErrDisabledKey
	}
	return id, nil
}

var _ interface {
	CheckKey(context.Context, *apigate.Request, string) (string, error)
} = (*Store)(nil)
