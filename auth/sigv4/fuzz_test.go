package sigv4

import (
	"strings"
	"testing"
)

// FuzzParseAuthorization checks that the Authorization parser never panics, that what it
// returns comes from the header, and that the credential and signed-header splitters keep
// their bounds.
func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{
		"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
		"AWS4-HMAC-SHA256 Credential=a/b/c/d/e,SignedHeaders=host,Signature=00",
		"Bearer abc", "", " ", ",,,", "AWS4-HMAC-SHA256 Credential==, =x, Signature", "x Credential=a/b/c/d/e/f",
		"AWS4-HMAC-SHA256 SignedHeaders=;;;, Credential=////",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		a := parseAuthorization(h)
		for _, part := range []string{a.algorithm, a.credential, a.signedHeaders, a.signature} {
			if !strings.Contains(h, part) {
				t.Fatalf("%q is not from %q", part, h)
			}
		}
		if s, ok := parseCredential(a.credential); ok {
			if got := s.accessKeyID + "/" + s.date + "/" + s.region + "/" + s.service + "/" + s.terminator; got != a.credential {
				t.Fatalf("credential %q split as %q", a.credential, got)
			}
		}
		if names, ok := splitSignedHeaders(a.signedHeaders, nil); ok {
			if len(names) > maxSignedHeaders || strings.Join(names, ";") != a.signedHeaders {
				t.Fatalf("signed headers %q split as %q", a.signedHeaders, names)
			}
		}
	})
}

// FuzzCanonicalQuery checks that a query of any shape is encoded with unreserved characters
// and escapes only, sorted.
func FuzzCanonicalQuery(f *testing.F) {
	for _, s := range []string{"a=1&b=2", "x=%zz&&=&%E1%88%B4=v&b=a+b", "X-Amz-Signature=1&a", "%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		params := canonicalQuery(q, true, nil)
		for i, p := range params {
			for _, s := range []string{p.name, p.value} {
				for j := 0; j < len(s); j++ {
					if !unreserved[s[j]] && s[j] != '%' {
						t.Fatalf("%q: %q has %q", q, s, s[j])
					}
				}
			}
			if i > 0 && (params[i-1].name > p.name || params[i-1].name == p.name && params[i-1].value > p.value) {
				t.Fatalf("%q: not sorted: %v", q, params)
			}
		}
	})
}
