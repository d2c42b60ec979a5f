package jre

import (
	"container/list"
	"sync"
)

// CacheSize is how many compiled patterns a Cache keeps.
const CacheSize = 256

// Cache is a bounded, least-recently-used cache of compiled patterns (and of the syntax errors
// of invalid ones), so that a template calling split or replaceAll in a loop compiles its
// pattern once. The zero value is an empty cache ready to use; it is safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	entries map[string]*list.Element
	order   list.List // of *cacheEntry, most recently used first
}

type cacheEntry struct {
	regex   string
	pattern *Pattern
	err     error
}

// Compile returns the compiled pattern for regex, compiling it on a miss. A nil *Cache
// compiles without caching.
func (c *Cache) Compile(regex string) (*Pattern, error) {
	if c == nil {
		return Compile(regex)
	}
	c.mu.Lock()
	if e, ok := c.entries[regex]; ok {
		c.order.MoveToFront(e)
		entry := e.Value.(*cacheEntry)
		c.mu.Unlock()
		return entry.pattern, entry.err
	}
	c.mu.Unlock()

	p, err := Compile(regex)

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]*list.Element)
	}
	if _, ok := c.entries[regex]; !ok {
		c.entries[regex] = c.order.PushFront(&cacheEntry{regex: regex, pattern: p, err: err})
		if c.order.Len() > CacheSize {
			oldest := c.order.Back()
			c.order.Remove(oldest)
			delete(c.entries, oldest.Value.(*cacheEntry).regex)
		}
	}
	return p, err
}
