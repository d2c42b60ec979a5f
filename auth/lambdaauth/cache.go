package lambdaauth

import (
	"context"
	"sync"
	"time"
)

// Cache keeps Lambda authorizers' outputs for their result TTL, so that a request with the
// same identity does not invoke the function again. Keys are made by the authorizer (see
// Lambda): they hold the token or the identity values, so a Cache must not log them.
// Implementations are safe for concurrent use. The in-memory one is MemoryCache; one shared by
// several gateways (Redis, say) can store Output.Payload and read it back with ParseOutput.
type Cache interface {
	// Get returns the output kept under key, if one is there and has not expired.
	Get(ctx context.Context, key string) (*Output, bool)
	// Put keeps out under key for ttl.
	Put(ctx context.Context, key string, out *Output, ttl time.Duration)
}

// Default bounds of a MemoryCache.
const (
	// DefaultCacheEntries is the number of entries a MemoryCache keeps when MaxEntries is 0.
	DefaultCacheEntries = 10000
	// DefaultCacheBytes is the size of the entries a MemoryCache keeps when MaxBytes is 0.
	DefaultCacheBytes = 64 << 20
)

// MemoryCache is a Cache in memory, bounded and expiring: it keeps at most MaxEntries
// entries and MaxBytes bytes (each entry counted as its key and its output's payload), each
// entry until its TTL runs out. When it is full, Put first drops the expired entries and then,
// if that is not enough, arbitrary entries (a cache miss costs one function invocation). Its zero value is ready to use. Flush empties it, as deleting a stage's
// authorizer cache does on AWS.
type MemoryCache struct {
	// MaxEntries bounds the entries kept; 0 is DefaultCacheEntries.
	MaxEntries int
	// MaxBytes bounds the size of the entries kept; 0 is DefaultCacheBytes. An entry larger
	// than MaxBytes is not kept.
	MaxBytes int
	// Now is the clock; nil is time.Now.
	Now func() time.Time

	mu      sync.RWMutex
	entries map[string]cacheEntry
	bytes   int // the size of the entries
}

type cacheEntry struct {
	out     *Output
	expires time.Time
	size    int
}

var _ Cache = (*MemoryCache)(nil)

func (c *MemoryCache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Get returns the output kept under key, if one is there and has not expired.
func (c *MemoryCache) Get(_ context.Context, key string) (*Output, bool) {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	if !ok || !c.now().Before(e.expires) {
		return nil, false
	}
	return e.out, true
}

// Put keeps out under key for ttl; a ttl of 0 or less keeps nothing.
func (c *MemoryCache) Put(_ context.Context, key string, out *Output, ttl time.Duration) {
	if ttl <= 0 {
		return
	}
	now := c.now()
	maxEntries, maxBytes := c.MaxEntries, c.MaxBytes
	if maxEntries <= 0 {
		maxEntries = DefaultCacheEntries
	}
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	size := len(key) + len(out.Payload)
	if size > maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]cacheEntry)
	}
	c.drop(key)
	full := func() bool { return len(c.entries) >= maxEntries || c.bytes+size > maxBytes }
	if full() {
		for k, e := range c.entries {
			if !now.Before(e.expires) {
				c.drop(k)
			}
		}
		for k := range c.entries {
			if !full() {
				break
			}
			c.drop(k)
		}
	}
	c.entries[key] = cacheEntry{out: out, expires: now.Add(ttl), size: size}
	c.bytes += size
}

// drop deletes the entry of key, if there is one.
func (c *MemoryCache) drop(key string) {
	if e, ok := c.entries[key]; ok {
		c.bytes -= e.size
		delete(c.entries, key)
	}
}

// Len returns the number of entries kept, expired ones included until Put drops them.
func (c *MemoryCache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// Flush drops every entry.
func (c *MemoryCache) Flush() {
	c.mu.Lock()
	clear(c.entries)
	c.bytes = 0
	c.mu.Unlock()
}
