package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"sync"
)

// maxKeys bounds the signing key cache: at most this many access keys' keys are kept; when it
// is full, an arbitrary entry makes room.
const maxKeys = 1024

// signingKey derives the key of a day, region and service from a secret:
// HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request").
func signingKey(secret, date, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), date)
	k = hmacSHA256(k, region)
	k = hmacSHA256(k, service)
	return hmacSHA256(k, "aws4_request")
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// keyCache keeps each access key's latest derived signing key, as AWS's SDKs keep theirs: a
// key changes once a day, so four HMACs a request become one. An entry serves only the same
// secret, day and region.
type keyCache struct {
	mu   sync.Mutex
	keys map[string]cachedKey // by access key id
}

type cachedKey struct {
	secret, date, region string
	key                  []byte
}

// get returns the signing key of the access key id and secret for date and region.
func (c *keyCache) get(akid, secret, date, region, service string) []byte {
	c.mu.Lock()
	e, ok := c.keys[akid]
	c.mu.Unlock()
	if ok && e.date == date && e.region == region && subtle.ConstantTimeCompare([]byte(e.secret), []byte(secret)) == 1 {
		return e.key
	}
	key := signingKey(secret, date, region, service)
	c.mu.Lock()
	if c.keys == nil {
		c.keys = make(map[string]cachedKey)
	}
	if _, ok := c.keys[akid]; !ok && len(c.keys) >= maxKeys {
		for k := range c.keys {
			delete(c.keys, k)
			break
		}
	}
	c.keys[akid] = cachedKey{secret, date, region, key}
	c.mu.Unlock()
	return key
}
