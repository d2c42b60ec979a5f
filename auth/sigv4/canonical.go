package sigv4

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// emptyHash is hex(sha256("")), the payload hash of a request without a body.
const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// unreserved marks the bytes RFC 3986 leaves unencoded: A-Z a-z 0-9 - . _ ~. SigV4 encodes
// every other byte as %XX with upper-case hex digits.
var unreserved = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~'
	}
	return t
}()

// appendEncoded appends s URI-encoded as SigV4 wants it; with slash, '/' stays as it is (for
// the path).
func appendEncoded(b []byte, s string, slash bool) []byte {
	const hexdigits = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved[c] || slash && c == '/' {
			b = append(b, c)
		} else {
			b = append(b, '%', hexdigits[c>>4], hexdigits[c&15])
		}
	}
	return b
}

// wirePath returns the request's path as the client sent it: the path of the request line
// (RequestURI) for a server request, else the URL's escaped path. Empty is "/".
func wirePath(r *http.Request) string {
	p := r.RequestURI
	if p == "" || p[0] != '/' {
		p = r.URL.EscapedPath()
	} else if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	if p == "" {
		return "/"
	}
	return p
}

// queryParam is one name=value of the query, both URI-encoded the SigV4 way.
type queryParam struct{ name, value string }

// canonicalComponent returns a query name or value, as sent, decoded (+ is a space) and
// encoded again the SigV4 way. A component with a broken escape is encoded as it is.
func canonicalComponent(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if !unreserved[s[i]] {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	if d, err := url.QueryUnescape(s); err == nil {
		s = d
	}
	return string(appendEncoded(make([]byte, 0, len(s)+8), s, false))
}

// canonicalQuery returns the query's parameters, encoded and sorted by name then value,
// without X-Amz-Signature when presigned (the signature does not sign itself).
func canonicalQuery(raw string, presigned bool, into []queryParam) []queryParam {
	params := into[:0]
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		if presigned && name == "X-Amz-Signature" {
			continue
		}
		params = append(params, queryParam{canonicalComponent(name), canonicalComponent(value)})
	}
	slices.SortFunc(params, func(a, b queryParam) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	})
	return params
}

// appendHeaderValue appends a header value trimmed of spaces and tabs at both ends, its runs
// of spaces collapsed to one.
func appendHeaderValue(b []byte, v string) []byte {
	v = strings.Trim(v, " \t")
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' && i > 0 && v[i-1] == ' ' {
			continue
		}
		b = append(b, v[i])
	}
	return b
}

// headerValues returns the values of a header named in lower case (as in SignedHeaders).
func headerValues(h http.Header, lower string) []string {
	var buf [64]byte
	if len(lower) > len(buf) {
		return h.Values(lower)
	}
	k := buf[:len(lower)]
	upper := true
	for i := 0; i < len(lower); i++ {
		c := lower[i]
		if upper && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		} else if !upper && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		k[i] = c
		upper = c == '-'
	}
	if v, ok := h[string(k)]; ok {
		return v
	}
	return h[lower]
}

// appendCanonicalRequest appends the canonical request of r:
//
//	METHOD\nURI\nQUERY\nname:value\n...\n\nSIGNED;HEADERS\nPAYLOADHASH
func appendCanonicalRequest(b []byte, r *http.Request, names []string, signedHeaders string, params []queryParam, payloadHash string) []byte {
	b = append(b, r.Method...)
	b = append(b, '\n')
	b = appendEncoded(b, wirePath(r), true)
	b = append(b, '\n')
	for i, p := range params {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, p.name...)
		b = append(b, '=')
		b = append(b, p.value...)
	}
	b = append(b, '\n')
	for _, name := range names {
		b = append(b, name...)
		b = append(b, ':')
		switch vs := headerValues(r.Header, name); {
		case name == "host":
			b = appendHeaderValue(b, r.Host)
		case len(vs) == 0 && name == "content-length" && r.ContentLength > 0:
			b = strconv.AppendInt(b, r.ContentLength, 10)
		default:
			for i, v := range vs {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendHeaderValue(b, v)
			}
		}
		b = append(b, '\n')
	}
	b = append(b, '\n')
	b = append(b, signedHeaders...)
	b = append(b, '\n')
	return append(b, payloadHash...)
}

// payloadHash returns hex(sha256(body)).
func payloadHash(body []byte) string {
	if len(body) == 0 {
		return emptyHash
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// appendStringToSign appends the string to sign of a canonical request:
//
//	AWS4-HMAC-SHA256\nAMZDATE\nSCOPE\nhex(sha256(CANONICAL))
func appendStringToSign(b []byte, amzDate, credentialScope string, canonical []byte) []byte {
	b = append(b, algorithm...)
	b = append(b, '\n')
	b = append(b, amzDate...)
	b = append(b, '\n')
	b = append(b, credentialScope...)
	b = append(b, '\n')
	sum := sha256.Sum256(canonical)
	return hex.AppendEncode(b, sum[:])
}
