package awsservice

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// This file is the service side of the AWS integration tests: a Signature Version 4 verifier
// written from the specification (not the SDK's signer, which the integration uses), and a
// loopback service that refuses any request whose signature it cannot verify, answering as
// the real service would.

// The test credentials.
const (
	testKeyID  = "AKIDAPIGATETEST"
	testSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	testToken  = "FQoGZXIvYXdzEXAMPLETOKEN//////////wEaDM"
)

// testCreds are static credentials with the test key, as a provider.
var testCreds = credentials.NewStaticCredentialsProvider(testKeyID, testSecret, "")

// sigError is a request the service refuses before reading it: its status and error code.
type sigError struct {
	status int
	code   string
	msg    string
}

func (e *sigError) Error() string { return e.code + ": " + e.msg }

// verifier checks a request's Signature Version 4 as the service does.
type verifier struct {
	service, region string
	s3              bool              // the path is signed as sent, the payload hash is a header
	secrets         map[string]string // access key id -> secret access key
	tokens          map[string]string // access key id -> the session token it needs, if any
	now             func() time.Time
}

func newVerifier(service, region string) *verifier {
	return &verifier{service: service, region: region, s3: service == "s3",
		secrets: map[string]string{testKeyID: testSecret}, tokens: map[string]string{}, now: time.Now}
}

// verify recomputes the signature of r, whose body was body, and compares it with the one in
// its Authorization header.
func (v *verifier) verify(r *http.Request, body []byte) error {
	bad := func(status int, code, format string, args ...any) error {
		return &sigError{status: status, code: code, msg: fmt.Sprintf(format, args...)}
	}
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return bad(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
	}
	rest, ok := strings.CutPrefix(auth, "AWS4-HMAC-SHA256 ")
	if !ok {
		return bad(400, "IncompleteSignature", "unsupported algorithm in %q", auth)
	}
	fields := map[string]string{}
	for _, f := range strings.Split(rest, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(f), "=")
		if !ok {
			return bad(400, "IncompleteSignature", "malformed Authorization field %q", f)
		}
		fields[k] = val
	}
	cred, signedList, sig := fields["Credential"], fields["SignedHeaders"], fields["Signature"]
	scope := strings.Split(cred, "/")
	if len(scope) != 5 || scope[4] != "aws4_request" || signedList == "" || len(sig) != 64 {
		return bad(400, "IncompleteSignature", "Authorization header requires Credential, SignedHeaders and Signature: %q", auth)
	}
	keyID, date, region, service := scope[0], scope[1], scope[2], scope[3]
	secret, ok := v.secrets[keyID]
	if !ok {
		return bad(403, "InvalidClientTokenId", "The security token included in the request is invalid.")
	}
	if region != v.region || service != v.service {
		return bad(403, "SignatureDoesNotMatch", "Credential should be scoped to region %q and service %q, not %q and %q", v.region, v.service, region, service)
	}
	amzDate := r.Header.Get("X-Amz-Date")
	at, err := time.Parse("20060102T150405Z", amzDate)
	if err != nil {
		return bad(400, "IncompleteSignature", "X-Amz-Date %q", amzDate)
	}
	if !strings.HasPrefix(amzDate, date) {
		return bad(403, "SignatureDoesNotMatch", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP")
	}
	if d := v.now().Sub(at); d > 15*time.Minute || d < -15*time.Minute {
		return bad(403, "SignatureDoesNotMatch", "Signature expired: %s is now earlier than %s", amzDate, v.now().UTC().Format("20060102T150405Z"))
	}
	signed := strings.Split(signedList, ";")
	if !slices.IsSorted(signed) || !slices.Contains(signed, "host") || !slices.Contains(signed, "x-amz-date") {
		return bad(403, "SignatureDoesNotMatch", "SignedHeaders %q must be sorted and include host and x-amz-date", signedList)
	}
	if tok := v.tokens[keyID]; tok != "" || r.Header.Get("X-Amz-Security-Token") != "" {
		if r.Header.Get("X-Amz-Security-Token") != tok || !slices.Contains(signed, "x-amz-security-token") {
			return bad(403, "InvalidClientTokenId", "The security token included in the request is invalid.")
		}
	}

	// The canonical request.
	rawPath, rawQuery, _ := strings.Cut(r.RequestURI, "?")
	var canonURI string
	if v.s3 {
		escaped, _ := verifierEscapePath(rawPath)
		canonURI = escaped
	} else {
		canonURI = verifierEncode(rawPath, false) // the path as sent, escaped once more
	}
	canonQuery, err := verifierQuery(rawQuery)
	if err != nil {
		return bad(400, "MalformedQueryString", "%v", err)
	}
	var canonHeaders strings.Builder
	for _, name := range signed {
		var vals []string
		switch name {
		case "host":
			vals = []string{r.Host}
		case "content-length":
			vals = []string{fmt.Sprint(r.ContentLength)}
		default:
			vals = slices.Clone(r.Header.Values(name))
		}
		if len(vals) == 0 {
			return bad(403, "SignatureDoesNotMatch", "signed header %q is missing", name)
		}
		for i, val := range vals {
			vals[i] = strings.Join(strings.Fields(val), " ")
		}
		canonHeaders.WriteString(name + ":" + strings.Join(vals, ",") + "\n")
	}
	sum := sha256.Sum256(body)
	payload := hex.EncodeToString(sum[:])
	if v.s3 {
		h := r.Header.Get("X-Amz-Content-Sha256")
		switch {
		case h == "":
			return bad(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256")
		case !slices.Contains(signed, "x-amz-content-sha256"):
			return bad(403, "SignatureDoesNotMatch", "x-amz-content-sha256 must be signed")
		case h != payload:
			return bad(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
		}
	}
	canonical := strings.Join([]string{r.Method, canonURI, canonQuery, canonHeaders.String(), signedList, payload}, "\n")
	crSum := sha256.Sum256([]byte(canonical))
	stringToSign := strings.Join([]string{"AWS4-HMAC-SHA256", amzDate, strings.Join(scope[1:], "/"), hex.EncodeToString(crSum[:])}, "\n")

	key := []byte("AWS4" + secret)
	for _, part := range []string{date, region, service, "aws4_request"} {
		key = hmacSHA256(key, part)
	}
	want := hex.EncodeToString(hmacSHA256(key, stringToSign))
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return bad(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.\n\nThe Canonical String for this request should have been\n'%s'\n\nThe String-to-Sign should have been\n'%s'", canonical, stringToSign)
	}
	return nil
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// verifierEncode percent-encodes every byte but the unreserved characters (and '/', unless
// slash), as SigV4's UriEncode does.
func verifierEncode(s string, slash bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 || c == '/' && !slash {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// verifierEscapePath is S3's canonical URI: each segment of the path decoded and encoded
// again, and the object key it names.
func verifierEscapePath(raw string) (string, error) {
	segs := strings.Split(raw, "/")
	for i, s := range segs {
		d, err := url.PathUnescape(s)
		if err != nil {
			return "", err
		}
		segs[i] = verifierEncode(d, true)
	}
	return strings.Join(segs, "/"), nil
}

// verifierQuery is the canonical query string: each name and value decoded and encoded
// again, sorted by name, then value.
func verifierQuery(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	var pairs []string
	for _, p := range strings.Split(raw, "&") {
		k, val, _ := strings.Cut(p, "=")
		dk, err := url.QueryUnescape(k)
		if err != nil {
			return "", err
		}
		dv, err := url.QueryUnescape(val)
		if err != nil {
			return "", err
		}
		pairs = append(pairs, verifierEncode(dk, true)+"="+verifierEncode(dv, true))
	}
	slices.Sort(pairs) // '=' sorts before every encoded character, so name then value
	return strings.Join(pairs, "&"), nil
}

// fakeService is a loopback AWS service: it verifies every request's signature, refuses the
// unsigned and the badly signed in the service's own error format, and passes the others to
// handle.
type fakeService struct {
	*httptest.Server
	v      *verifier
	format string // the error format: "query" (SQS, SNS), "xml" (the query protocol in XML: STS), "json" (DynamoDB, Step Functions, EventBridge) or "s3"
	mu     sync.Mutex
	got    []received
	errs   []error
}

// received is a request the fake service got.
type received struct {
	Method, Path, RawQuery, Host string
	Header                       http.Header
	Body                         []byte
}

func newFakeService(t testing.TB, service, region, format string, handle func(w http.ResponseWriter, r *http.Request, body []byte)) *fakeService {
	f := &fakeService{v: newVerifier(service, region), format: format}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		err := f.v.verify(r, body)
		f.mu.Lock()
		path, query, _ := strings.Cut(r.RequestURI, "?")
		f.got = append(f.got, received{Method: r.Method, Path: path, RawQuery: query, Host: r.Host, Header: r.Header.Clone(), Body: body})
		f.errs = append(f.errs, err)
		f.mu.Unlock()
		if err != nil {
			f.refuse(w, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		handle(w, r, body)
	}))
	t.Cleanup(f.Close)
	return f
}

// last returns the last request the service got and whether its signature was verified.
func (f *fakeService) Last(t *testing.T) (received, error) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.got) == 0 {
		t.Fatal("the service got no request")
	}
	return f.got[len(f.got)-1], f.errs[len(f.errs)-1]
}

// count returns how many requests the service got.
func (f *fakeService) Count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.got)
}

// checkAllVerified fails the test unless the service verified the signature of every request
// it got.
func (f *fakeService) checkAllVerified(t *testing.T) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, err := range f.errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// refuse answers a request whose signature does not verify as the service would.
func (f *fakeService) refuse(w http.ResponseWriter, err error) {
	var se *sigError
	if !errors.As(err, &se) {
		se = &sigError{status: 500, code: "InternalFailure", msg: err.Error()}
	}
	switch f.format {
	case "s3":
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(se.status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<Error><Code>%s</Code><Message>%s</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`, se.code, xMLText(se.msg))
	case "xml":
		writeQueryXMLError(w, se.status, se.code, se.msg)
	case "json":
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amzn-ErrorType", se.code)
		w.WriteHeader(se.status)
		json.NewEncoder(w).Encode(map[string]string{"__type": se.code, "message": se.msg})
	default: // the query protocol, answering in JSON for Accept: application/json
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(se.status)
		json.NewEncoder(w).Encode(map[string]any{
			"Error":     map[string]string{"Code": se.code, "Message": se.msg, "Type": "Sender"},
			"RequestId": "ea0a8d1c-7b55-5d5f-9e58-0c6c53e0b0f4",
		})
	}
}

// writeQueryXMLError answers a query protocol error in XML, as STS does.
func writeQueryXMLError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>`, code, xMLText(msg))
}

func xMLText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestAWSVerifierTestSuite checks the verifier against the get-vanilla and post-vanilla cases
// of AWS's Signature Version 4 test suite, so that it does not merely agree with the SDK.
func TestAWSVerifierTestSuite(t *testing.T) {
	for _, tc := range []struct {
		method, sig string
	}{
		{"GET", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
		{"POST", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
	} {
		v := &verifier{service: "service", region: "us-east-1",
			secrets: map[string]string{"AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
			now:     func() time.Time { return time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC) }}
		r := httptest.NewRequest(tc.method, "/", nil)
		r.Host = "example.amazonaws.com"
		r.Header.Set("X-Amz-Date", "20150830T123600Z")
		r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature="+tc.sig)
		if err := v.verify(r, nil); err != nil {
			t.Errorf("%s-vanilla: %v", strings.ToLower(tc.method), err)
		}
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), tc.sig[:4], "0000", 1))
		if err := v.verify(r, nil); err == nil {
			t.Errorf("%s-vanilla with a wrong signature verified", strings.ToLower(tc.method))
		}
	}
}

// TestAWSVerifierSDK checks that the verifier accepts what the SDK's signer signs, over the
// network, and refuses it when anything signed changes on the way.
func TestAWSVerifierSDK(t *testing.T) {
	for _, service := range []string{"sqs", "s3"} {
		t.Run(service, func(t *testing.T) {
			f := newFakeService(t, service, "eu-west-1", "query", func(w http.ResponseWriter, r *http.Request, body []byte) {
				w.WriteHeader(204)
			})
			send := func(tamper func(*http.Request), body string) error {
				req, _ := http.NewRequest("PUT", f.URL+"/a%20b/c(d)?x=1&b=a+b&b=%2F", strings.NewReader(body))
				req.Header.Set("Content-Type", "text/plain")
				req.Header.Set("X-Amz-Meta-Colour", "  blue   green ")
				sum := sha256.Sum256([]byte(body))
				hash := hex.EncodeToString(sum[:])
				var opts []func(*v4.SignerOptions)
				if service == "s3" {
					req.Header.Set("X-Amz-Content-Sha256", hash)
					opts = append(opts, signS3)
					req.URL.RawPath = "/a%20b/c%28d%29"
				}
				creds, _ := testCreds.Retrieve(context.Background())
				if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hash, service, "eu-west-1", time.Now(), opts...); err != nil {
					t.Fatal(err)
				}
				if tamper != nil {
					tamper(req)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				_, verr := f.Last(t)
				return verr
			}
			if err := send(nil, "hello"); err != nil {
				t.Fatalf("SDK-signed request refused: %v", err)
			}
			for name, tamper := range map[string]func(*http.Request){
				"header": func(r *http.Request) { r.Header.Set("Content-Type", "text/html") },
				"query":  func(r *http.Request) { r.URL.RawQuery += "&y=2" },
				"body": func(r *http.Request) {
					r.Body = io.NopCloser(strings.NewReader("hellO"))
				},
				"method": func(r *http.Request) { r.Method = "POST" },
			} {
				if err := send(tamper, "hello"); err == nil {
					t.Errorf("a request with its %s changed after signing verified", name)
				}
			}
		})
	}
}
