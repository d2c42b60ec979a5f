package sigv4

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apigate/apigate"
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

// FuzzVerify feeds the verifier requests with any Authorization header, date and query: it
// never panics, and every refusal is an *apigate.Error of a 403 type.
func FuzzVerify(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", "20150830T123600Z", "a=1")
	f.Add("", "", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fexecute-api%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00")
	f.Add("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/execute-api/aws4_request, SignedHeaders=x;;host, Signature=zz", "Sun, 30 Aug 2015 12:36:00 GMT", "")
	v, err := New(Config{Region: "us-east-1", Now: func() time.Time { return time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC) },
		Credentials: StaticCredentials{"AKIDEXAMPLE": {SecretAccessKey: "secret"}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, authz, date, query string) {
		r := &http.Request{Method: "GET", Host: "example.com", URL: &url.URL{Path: "/prod/x", RawQuery: query}, Header: http.Header{}}
		if authz != "" {
			r.Header.Set("Authorization", authz)
		}
		if date != "" {
			r.Header.Set("X-Amz-Date", date)
		}
		_, _, err := v.Verify(context.Background(), r, nil)
		var e *apigate.Error
		if err == nil {
			return // a valid signature, found by chance
		}
		if !errors.As(err, &e) || e.Type.DefaultStatus() != http.StatusForbidden {
			t.Fatalf("%v", err)
		}
	})
}
