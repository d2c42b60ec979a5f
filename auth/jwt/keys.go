package jwt

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// AWS's limits on fetching an issuer's keys, and the package's bounds on what it accepts.
const (
	// FetchTimeout bounds each of the two requests of a key fetch (the OpenID configuration
	// and the JWKS), as API Gateway does.
	FetchTimeout = 1500 * time.Millisecond
	// MaxDocumentSize is the largest OpenID configuration or JWKS accepted, in bytes, as
	// API Gateway's limit on a JWKS.
	MaxDocumentSize = 150000
	// MaxKeys is the most RSA keys kept from one JWKS; later keys are ignored.
	MaxKeys = 100
	// DefaultKeyTTL is how long fetched keys are used before they are fetched again.
	DefaultKeyTTL = time.Hour
	// DefaultRefetchInterval is the least time between two fetches caused by tokens whose
	// kid is not among the cached keys.
	DefaultRefetchInterval = time.Minute
)

// retryAfterFailure is how long a failed fetch's error is returned before the next attempt,
// so an unreachable issuer is not asked once per request.
const retryAfterFailure = 5 * time.Second

// minKeyBits and maxKeyBits bound the RSA moduli accepted: smaller keys are unsafe, larger
// ones make every verification slow.
const (
	minKeyBits = 2048
	maxKeyBits = 8192
)

// keyMap is one fetch's keys by kid. It is never changed once published.
type keyMap struct {
	keys    map[string]*rsa.PublicKey
	fetched time.Time
}

// keySource fetches and caches the signing keys of one issuer: discovery, JWKS, a TTL and a
// rate-limited refetch when a token names a kid the cache does not hold. Concurrent fetches
// are coalesced into one.
type keySource struct {
	issuer   string
	jwksURL  string // fixed JWKS URL, or "" for OIDC discovery
	client   *http.Client
	now      func() time.Time
	ttl      time.Duration
	interval time.Duration

	cur atomic.Pointer[keyMap]

	mu       sync.Mutex
	inflight *fetchCall // the fetch under way, or nil
	last     time.Time  // when the last fetch started
	lastErr  error      // the last fetch's failure, or nil
}

// fetchCall is a fetch other callers wait for.
type fetchCall struct {
	done chan struct{}
	keys *keyMap
	err  error
}

// key returns the public key named kid. It fetches the keys when none are cached or they
// are older than the TTL, and refetches when kid is unknown, at most once per interval. After
// a failed fetch it answers with that failure, without fetching, for retryAfterFailure.
func (s *keySource) key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	m := s.cur.Load()
	now := s.now()
	fresh := m != nil && now.Sub(m.fetched) < s.ttl
	if fresh {
		if k, ok := m.keys[kid]; ok {
			return k, nil
		}
	}
	s.mu.Lock()
	idle, since, lastErr := s.inflight == nil, now.Sub(s.last), s.lastErr
	s.mu.Unlock()
	switch {
	case idle && fresh && since < s.interval:
		// An unknown kid soon after a fetch: a flood of random kids stops here.
		return nil, ErrUnknownKey
	case idle && lastErr != nil && since < retryAfterFailure:
		return nil, lastErr
	}
	m, err := s.refresh(ctx, now)
	if err != nil {
		return nil, err
	}
	if k, ok := m.keys[kid]; ok {
		return k, nil
	}
	return nil, ErrUnknownKey
}

// refresh fetches the keys, or waits for the fetch under way.
func (s *keySource) refresh(ctx context.Context, now time.Time) (*keyMap, error) {
	s.mu.Lock()
	c := s.inflight
	if c == nil {
		c = &fetchCall{done: make(chan struct{})}
		s.inflight = c
		s.last = now
		// The fetch outlives a caller that gives up: others may be waiting for it.
		go s.fetchInto(context.WithoutCancel(ctx), c)
	}
	s.mu.Unlock()
	select {
	case <-c.done:
		return c.keys, c.err
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: %w", ErrKeyFetch, ctx.Err())
	}
}

// fetchInto runs one fetch and publishes its result.
func (s *keySource) fetchInto(ctx context.Context, c *fetchCall) {
	keys, err := s.fetch(ctx)
	if err == nil {
		c.keys = &keyMap{keys: keys, fetched: s.now()}
		s.cur.Store(c.keys)
	} else {
		c.err = fmt.Errorf("%w: %w", ErrKeyFetch, err)
	}
	s.mu.Lock()
	s.inflight, s.lastErr = nil, c.err
	s.mu.Unlock()
	close(c.done)
}

// fetch reads the issuer's JWKS, through its OpenID configuration unless the URL is fixed.
func (s *keySource) fetch(ctx context.Context) (map[string]*rsa.PublicKey, error) {
	jwksURL := s.jwksURL
	if jwksURL == "" {
		body, err := s.get(ctx, strings.TrimSuffix(s.issuer, "/")+"/.well-known/openid-configuration")
		if err != nil {
			return nil, err
		}
		var doc struct {
			JWKSURI string `json:"jwks_uri"`
		}
		if err := json.Unmarshal(body, &doc); err != nil {
			return nil, fmt.Errorf("openid configuration: %w", err)
		}
		if !strings.HasPrefix(doc.JWKSURI, "https://") && !strings.HasPrefix(doc.JWKSURI, "http://") {
			return nil, errors.New("openid configuration: no http(s) jwks_uri")
		}
		jwksURL = doc.JWKSURI
	}
	body, err := s.get(ctx, jwksURL)
	if err != nil {
		return nil, err
	}
	return parseJWKS(body)
}

// get reads a document of at most MaxDocumentSize bytes within FetchTimeout.
func (s *keySource) get(ctx context.Context, url string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, FetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxDocumentSize+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	if len(body) > MaxDocumentSize {
		return nil, fmt.Errorf("GET %s: %w", url, ErrDocumentTooLarge)
	}
	return body, nil
}

// jwk is the part of a JSON Web Key the package reads.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// parseJWKS reads the RSA signing keys of a JWKS by kid. Keys of other types or uses, keys
// it cannot read and keys beyond MaxKeys are skipped; the first key of a kid wins. A JWKS
// with no usable key is an error.
func parseJWKS(body []byte) (map[string]*rsa.PublicKey, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, fmt.Errorf("jwks: %w", err)
	}
	keys := make(map[string]*rsa.PublicKey, min(len(set.Keys), MaxKeys))
	for _, raw := range set.Keys {
		if len(keys) == MaxKeys {
			break
		}
		var k jwk
		if json.Unmarshal(raw, &k) != nil || k.Kty != "RSA" || (k.Use != "" && k.Use != "sig") {
			continue
		}
		if k.Alg != "" && k.Alg != "RS256" && k.Alg != "RS384" && k.Alg != "RS512" {
			continue
		}
		if _, dup := keys[k.Kid]; dup {
			continue
		}
		if pub, err := rsaKey(k.N, k.E); err == nil {
			keys[k.Kid] = pub
		}
	}
	if len(keys) == 0 {
		return nil, errors.New("jwks: no RSA signing key")
	}
	return keys, nil
}

// rsaKey builds a public key from a JWK's base64url modulus and exponent.
func rsaKey(n, e string) (*rsa.PublicKey, error) {
	nb, err := base64URL(n)
	if err != nil {
		return nil, err
	}
	eb, err := base64URL(e)
	if err != nil {
		return nil, err
	}
	eb = bytes.TrimLeft(eb, "\x00")
	if len(eb) == 0 || len(eb) > 4 {
		return nil, errors.New("jwk: bad exponent")
	}
	var exp int64
	for _, b := range eb {
		exp = exp<<8 | int64(b)
	}
	if exp < 3 || exp > 1<<31-1 || exp%2 == 0 {
		return nil, errors.New("jwk: bad exponent")
	}
	mod := new(big.Int).SetBytes(nb)
	if bits := mod.BitLen(); bits < minKeyBits || bits > maxKeyBits {
		return nil, fmt.Errorf("jwk: %d-bit modulus", bits)
	}
	return &rsa.PublicKey{N: mod, E: int(exp)}, nil
}

// base64URL decodes base64url with or without padding.
func base64URL(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}
