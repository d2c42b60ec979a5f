package sigv4

import "strings"

// algorithm is the only signing algorithm SigV4 verification accepts.
const algorithm = "AWS4-HMAC-SHA256"

// Bounds on what a request may claim, so that a hostile request costs little: an
// Authorization header or signed-header list longer than these is refused before any work.
const (
	maxAuthorization = 16 << 10
	maxSignedHeaders = 128
)

// authorization is the parsed Authorization header: the algorithm and its three parameters.
// A parameter that is absent is "" (a present but empty one is "" too: both are missing to
// AWS).
type authorization struct {
	algorithm     string
	credential    string
	signedHeaders string
	signature     string
}

// parseAuthorization reads an Authorization header of the form
//
//	AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=<hex>
//
// The algorithm is the text before the first space; the parameters follow, separated by
// commas with optional spaces, each Name=Value (names are case-sensitive; the first of a
// repeated name counts). Text that is not a known parameter is ignored. It never fails: what
// is missing is checked afterwards, so that every missing part is reported at once.
func parseAuthorization(h string) authorization {
	var a authorization
	h = strings.TrimLeft(h, " ")
	alg, rest, _ := strings.Cut(h, " ")
	a.algorithm = alg
	for rest != "" {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		part = strings.Trim(part, " ")
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		switch name {
		case "Credential":
			if a.credential == "" {
				a.credential = value
			}
		case "SignedHeaders":
			if a.signedHeaders == "" {
				a.signedHeaders = value
			}
		case "Signature":
			if a.signature == "" {
				a.signature = value
			}
		}
	}
	return a
}

// scope is a parsed credential: AKID/date/region/service/aws4_request.
type scope struct {
	accessKeyID, date, region, service, terminator string
}

// parseCredential splits a credential into its five slash-separated elements; ok is false
// when there are not exactly five.
func parseCredential(c string) (s scope, ok bool) {
	var parts [5]string
	for i := range 4 {
		var found bool
		parts[i], c, found = strings.Cut(c, "/")
		if !found {
			return scope{}, false
		}
	}
	if strings.IndexByte(c, '/') >= 0 {
		return scope{}, false
	}
	parts[4] = c
	return scope{parts[0], parts[1], parts[2], parts[3], parts[4]}, true
}

// splitSignedHeaders returns the names of a SignedHeaders value (a;b;c), or ok false when it
// names more than maxSignedHeaders headers or has an empty name.
func splitSignedHeaders(s string, into []string) (names []string, ok bool) {
	names = into[:0]
	for {
		name, rest, more := strings.Cut(s, ";")
		if name == "" || len(names) == maxSignedHeaders {
			return nil, false
		}
		names = append(names, name)
		if !more {
			return names, true
		}
		s = rest
	}
}
