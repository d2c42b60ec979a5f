package sigv4_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/sigv4"
)

const (
	akid   = "AKIAIOSFODNN7EXAMPLE"
	secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	tmpKey = "ASIAIOSFODNN7EXAMPLE"
	token  = "IQoJb3JpZ2luX2VjEXAMPLETOKEN+/="
	region = "us-east-1"
)

// signedAt is when the tests' requests are signed; the verifier's clock reads it too unless a
// test moves it.
var signedAt = time.Date(2026, 12, 8, 3, 0, 0, 0, time.UTC)

var alice = sigv4.Identity{AccountID: "123456789012", Caller: "AIDAALICE", User: "AIDAALICE", UserArn: "arn:aws:iam::123456789012:user/alice"}

func credentials() sigv4.StaticCredentials {
	return sigv4.StaticCredentials{
		akid:   {SecretAccessKey: secret, Identity: alice},
		tmpKey: {SecretAccessKey: secret, SessionToken: token, Expires: signedAt.Add(time.Hour), Identity: alice},
	}
}

func newVerifier(t testing.TB, now time.Time, p sigv4.Policy) *sigv4.Verifier {
	v, err := sigv4.New(sigv4.Config{Region: region, Credentials: credentials(), Policy: p, Now: func() time.Time { return now },
		AccountID: "123456789012", APIID: "a1b2c3d4e5"})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func hashOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// sign signs a request with aws-sdk-go-v2's signer, as a client of execute-api does.
func sign(t testing.TB, r *http.Request, body []byte, key, tok string, at time.Time) {
	t.Helper()
	err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret, SessionToken: tok},
		r, hashOf(body), "execute-api", region, at)
	if err != nil {
		t.Fatal(err)
	}
}

// presign returns the SDK's presigned form of a request.
func presign(t testing.TB, r *http.Request, key, tok string, at time.Time) *http.Request {
	t.Helper()
	u, hdr, err := v4.NewSigner().PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret, SessionToken: tok},
		r, hashOf(nil), "execute-api", region, at)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := http.NewRequest(r.Method, u, nil)
	for k, v := range hdr {
		p.Header[k] = v
	}
	p.Host = r.Host
	return p
}

// server serves v's middleware in front of a handler that answers the caller's identity.
func server(t *testing.T, v *sigv4.Verifier) *httptest.Server {
	s := httptest.NewServer(v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := sigv4.FromContext(r.Context())
		body, _ := io.ReadAll(r.Body)
		json.NewEncoder(w).Encode(map[string]any{"ok": ok, "accessKey": id.AccessKey, "userArn": id.UserArn, "body": string(body)})
	})))
	t.Cleanup(s.Close)
	return s
}

func do(t *testing.T, r *http.Request) (int, string, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"), string(b)
}

// TestSDKSigned sends requests signed by aws-sdk-go-v2 (header and presigned forms) over
// HTTP to the middleware: every one verifies, and the handler sees the caller.
func TestSDKSigned(t *testing.T) {
	s := server(t, newVerifier(t, signedAt.Add(4*time.Minute), nil))
	for _, c := range []struct {
		name, method, path, body string
		key, tok                 string
		header                   map[string]string
		presigned                bool
	}{
		{name: "get", method: "GET", path: "/prod/pets"},
		{name: "root", method: "GET", path: "/prod/"},
		{name: "query", method: "GET", path: "/prod/pets?type=dog&b=x%2Fy&a=1&a=0&empty=&flag&sp=a+b&u=%E2%9C%93&t=~-._"},
		{name: "escaped path", method: "GET", path: "/prod/pets/a%20b/%E2%9C%93/c%2Fd"},
		{name: "post body", method: "POST", path: "/prod/pets", body: `{"name":"rex","tags":["a","b"]}`, header: map[string]string{"Content-Type": "application/json"}},
		{name: "signed headers", method: "PUT", path: "/prod/pets/1", body: "x", header: map[string]string{"X-Custom": "  a   b  ", "Accept": "*/*"}},
		{name: "session token", method: "GET", path: "/prod/pets", key: tmpKey, tok: token},
		{name: "presigned", method: "GET", path: "/prod/pets?type=dog", presigned: true},
		{name: "presigned token", method: "GET", path: "/prod/pets", key: tmpKey, tok: token, presigned: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			key := c.key
			if key == "" {
				key = akid
			}
			var body io.Reader
			if c.body != "" {
				body = strings.NewReader(c.body)
			}
			r, _ := http.NewRequest(c.method, s.URL+c.path, body)
			for k, v := range c.header {
				r.Header.Set(k, v)
			}
			if c.presigned {
				r = presign(t, r, key, c.tok, signedAt)
			} else {
				sign(t, r, []byte(c.body), key, c.tok, signedAt)
			}
			status, _, got := do(t, r)
			want := `{"accessKey":"` + key + `","body":` + quote(c.body) + `,"ok":true,"userArn":"arn:aws:iam::123456789012:user/alice"}` + "\n"
			if status != 200 || got != want {
				t.Fatalf("got %d %s, want 200 %s", status, got, want)
			}
		})
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestErrors checks AWS's answer to each way a request fails: status, x-amzn-ErrorType and
// body, exactly.
func TestErrors(t *testing.T) {
	const mismatchStart = `{"message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'`
	deny := sigv4.PolicyFunc(func(_ context.Context, id *apigate.Identity, arn string) (sigv4.Decision, error) {
		if strings.HasSuffix(arn, "/DELETE/pets/1") {
			return sigv4.ExplicitDeny, nil
		}
		if strings.HasSuffix(arn, "/GET/pets") {
			return sigv4.Allow, nil
		}
		return sigv4.ImplicitDeny, nil
	})
	for _, c := range []struct {
		name   string
		now    time.Time // the verifier's clock; zero is signedAt
		method string
		path   string
		change func(r *http.Request) // after signing
		key    string
		tok    string
		status int
		errTyp string
		body   string // exact, or a prefix when it ends with "..."
	}{
		{name: "no credentials", change: func(r *http.Request) { r.Header.Del("Authorization") },
			status: 403, errTyp: "MissingAuthenticationTokenException", body: `{"message":"Missing Authentication Token"}`},
		{name: "other scheme", change: func(r *http.Request) { r.Header.Del("X-Amz-Date"); r.Header.Set("Authorization", "Bearer abc") },
			status: 403, errTyp: "MissingAuthenticationTokenException", body: `{"message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc"}`},
		{name: "no signature", change: func(r *http.Request) {
			r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+akid+"/20261208/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date")
		}, status: 403, errTyp: "MissingAuthenticationTokenException", body: `{"message":"Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=` + akid + `/20261208/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date"}`},
		{name: "expired (replayed 6 minutes later)", now: signedAt.Add(6*time.Minute + 7*time.Second),
			status: 403, errTyp: "InvalidSignatureException", body: `{"message":"Signature expired: 20261208T030000Z is now earlier than 20261208T030107Z (20261208T030607Z - 5 min.)"}`},
		{name: "not yet current", now: signedAt.Add(-5*time.Minute - time.Second),
			status: 403, errTyp: "InvalidSignatureException", body: `{"message":"Signature not yet current: 20261208T030000Z is still later than 20261208T025959Z (20261208T025459Z + 5 min.)"}`},
		{name: "other region", change: func(r *http.Request) { replaceAuth(r, "/us-east-1/", "/eu-west-1/") },
			status: 403, errTyp: "InvalidSignatureException", body: `{"message":"Credential should be scoped to a valid Region, not 'eu-west-1'. "}`},
		{name: "other service", change: func(r *http.Request) { replaceAuth(r, "/execute-api/", "/s3/") },
			status: 403, errTyp: "InvalidSignatureException", body: `{"message":"Credential should be scoped to correct service: 'execute-api'. "}`},
		{name: "scope date", change: func(r *http.Request) { replaceAuth(r, "/20261208/", "/20261207/") },
			status: 403, errTyp: "InvalidSignatureException", body: `{"message":"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261207' != '20261208', from '20261208T030000Z'."}`},
		{name: "unknown key", key: "AKIAUNKNOWN000000000",
			status: 403, errTyp: "InvalidSignatureException", body: `{"message":"The security token included in the request is invalid."}`},
		{name: "wrong token", key: tmpKey, tok: "forged",
			status: 403, errTyp: "InvalidSignatureException", body: `{"message":"The security token included in the request is invalid."}`},
		{name: "missing token", key: tmpKey,
			status: 403, errTyp: "InvalidSignatureException", body: `{"message":"The security token included in the request is invalid."}`},
		{name: "expired token", key: tmpKey, tok: token, now: signedAt.Add(time.Hour),
			status: 403, errTyp: "InvalidSignatureException", body: `{"message":"Signature expired: 20261208T030000Z is now earlier than 20261208T035500Z (20261208T040000Z - 5 min.)"}`},
		{name: "tampered signature", change: func(r *http.Request) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:len(a)-1]+string("10"[a[len(a)-1]&1]))
		}, status: 403, errTyp: "InvalidSignatureException", body: mismatchStart + `GET\n/prod/pets\n\nhost:HOST\nx-amz-date:20261208T030000Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20261208T030000Z\n20261208/us-east-1/execute-api/aws4_request\n...`},
		{name: "upper-case signature", change: func(r *http.Request) {
			r.Header.Set("Authorization", strings.ToUpper(r.Header.Get("Authorization")[:0])+upperSig(r.Header.Get("Authorization")))
		},
			status: 403, errTyp: "InvalidSignatureException", body: mismatchStart + "..."},
		{name: "signed header changed", path: "/prod/pets?x=1", change: func(r *http.Request) { r.Header.Set("X-Amz-Date", "20261208T030001Z") },
			status: 403, errTyp: "InvalidSignatureException", body: mismatchStart + `GET\n/prod/pets\nx=1\nhost:HOST\nx-amz-date:20261208T030001Z\n\nhost;x-amz-date\n...`},
		{name: "query changed", path: "/prod/pets?x=1", change: func(r *http.Request) { r.URL.RawQuery = "x=2" },
			status: 403, errTyp: "InvalidSignatureException", body: mismatchStart + `GET\n/prod/pets\nx=2\n...`},
		{name: "path changed", change: func(r *http.Request) { r.URL.Path = "/prod/pets/1" },
			status: 403, errTyp: "InvalidSignatureException", body: mismatchStart + `GET\n/prod/pets/1\n...`},
		{name: "unsigned header added", change: func(r *http.Request) { r.Header.Set("X-Unsigned", "1") },
			status: 200, body: `{"accessKey":"` + akid + `","body":"","ok":true,"userArn":"arn:aws:iam::123456789012:user/alice"}` + "\n"},
		{name: "signed header given a second value", change: func(r *http.Request) { r.Header.Add("X-Amz-Date", "20261208T030000Z") },
			status: 403, errTyp: "InvalidSignatureException", body: mismatchStart + `GET\n/prod/pets\n\nhost:HOST\nx-amz-date:20261208T030000Z,20261208T030000Z\n...`},
		{name: "host not signed", change: func(r *http.Request) { replaceAuth(r, "SignedHeaders=host;x-amz-date", "SignedHeaders=x-amz-date") },
			status: 403, errTyp: "InvalidSignatureException", body: `{"message":"'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."}`},
		{name: "implicit deny", path: "/prod/pets/1",
			status: 403, errTyp: "AccessDeniedException", body: `{"Message":"User: arn:aws:iam::123456789012:user/alice is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets/1"}`},
		{name: "explicit deny", method: "DELETE", path: "/prod/pets/1",
			status: 403, errTyp: "AccessDeniedException", body: `{"Message":"User: arn:aws:iam::123456789012:user/alice is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/DELETE/pets/1 with an explicit deny"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			now := c.now
			if now.IsZero() {
				now = signedAt
			}
			s := server(t, newVerifier(t, now, deny))
			method, path, key := c.method, c.path, c.key
			if method == "" {
				method = "GET"
			}
			if path == "" {
				path = "/prod/pets"
			}
			if key == "" {
				key = akid
			}
			r, _ := http.NewRequest(method, s.URL+path, nil)
			sign(t, r, nil, key, c.tok, signedAt)
			if c.tok == "" && key == tmpKey {
				r.Header.Del("X-Amz-Security-Token")
			}
			if c.change != nil {
				c.change(r)
			}
			status, errTyp, body := do(t, r)
			want := strings.ReplaceAll(c.body, "HOST", r.URL.Host)
			if prefix, ok := strings.CutSuffix(want, "..."); ok {
				if !strings.HasPrefix(body, prefix) {
					t.Errorf("body\n%s\ndoes not start with\n%s", body, prefix)
				}
			} else if body != want {
				t.Errorf("body\n%s\nwant\n%s", body, want)
			}
			if status != c.status || errTyp != c.errTyp {
				t.Errorf("got %d %q, want %d %q", status, errTyp, c.status, c.errTyp)
			}
		})
	}
}

func replaceAuth(r *http.Request, old, new string) {
	r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), old, new, 1))
}

func upperSig(a string) string {
	i := strings.LastIndex(a, "=")
	return a[:i+1] + strings.ToUpper(a[i+1:])
}

// TestPresignedErrors checks the presigned form's own failures.
func TestPresignedErrors(t *testing.T) {
	v := newVerifier(t, signedAt.Add(16*time.Minute), nil)
	r, _ := http.NewRequest("GET", "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/pets", nil)
	r.URL.RawQuery = "X-Amz-Expires=900"
	p := presign(t, r, akid, "", signedAt)
	_, _, err := v.Verify(context.Background(), p, nil)
	var e *apigate.Error
	if !errors.As(err, &e) || e.Message != "Signature expired: 20261208T030000Z is now earlier than 20261208T030100Z (20261208T031600Z - 900 sec.)" || !errors.Is(err, sigv4.ErrRequestTime) {
		t.Errorf("expired: %v", err)
	}
	q := p.URL.Query()
	q.Del("X-Amz-Signature")
	q.Del("X-Amz-Date")
	p.URL.RawQuery = q.Encode()
	_, _, err = v.Verify(context.Background(), p, nil)
	if !errors.As(err, &e) || e.Type != apigate.MissingAuthenticationToken || e.Message != "AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters." {
		t.Errorf("incomplete: %v", err)
	}
}

// TestAuthorize checks the gateway form: the identity lands in $context.identity and the
// policy sees the method ARN with the stage and the method after any override.
func TestAuthorize(t *testing.T) {
	var arn string
	v := newVerifier(t, signedAt, sigv4.PolicyFunc(func(_ context.Context, id *apigate.Identity, a string) (sigv4.Decision, error) {
		arn = a
		return sigv4.Allow, nil
	}))
	body := []byte(`{"a":1}`)
	hr := httptest.NewRequest("POST", "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/pets/42", bytes.NewReader(body))
	sign(t, hr, body, tmpKey, token, signedAt)
	r := &apigate.Request{HTTP: hr, Method: "POST", Path: "/pets/42", Body: body, Header: hr.Header}
	r.Context.AccountID, r.Context.APIID, r.Context.Stage = "210987654321", "x9y8z7", "prod"
	if err := v.Authorize(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	want := apigate.Identity{AccessKey: tmpKey, AccountID: alice.AccountID, Caller: alice.Caller, User: alice.User, UserArn: alice.UserArn}
	if r.Context.Identity != want {
		t.Errorf("identity %+v, want %+v", r.Context.Identity, want)
	}
	if arn != "arn:aws:execute-api:us-east-1:210987654321:x9y8z7/prod/POST/pets/42" {
		t.Errorf("method ARN %s", arn)
	}
	// a temporary key that expires between signing and verifying
	late := newVerifier(t, signedAt.Add(time.Hour), nil)
	hr2 := httptest.NewRequest("GET", "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/pets", nil)
	sign(t, hr2, nil, tmpKey, token, signedAt.Add(58*time.Minute))
	_, _, err := late.Verify(context.Background(), hr2, nil)
	var e *apigate.Error
	if !errors.As(err, &e) || e.Type != apigate.ExpiredToken || e.Message != "The security token included in the request is expired" || !errors.Is(err, sigv4.ErrExpiredToken) {
		t.Errorf("expired token: %v", err)
	}
	// a body changed after signing, whatever X-Amz-Content-Sha256 claims
	for _, claim := range []string{hashOf(body), "UNSIGNED-PAYLOAD"} {
		hr := httptest.NewRequest("POST", "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/pets/42", nil)
		hr.Header.Set("X-Amz-Content-Sha256", claim)
		if err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: akid, SecretAccessKey: secret}, hr, claim, "execute-api", region, signedAt); err != nil {
			t.Fatal(err)
		}
		if _, _, err := v.Verify(context.Background(), hr, []byte(`{"a":2}`)); !errors.Is(err, sigv4.ErrSignatureMismatch) {
			t.Errorf("claimed payload hash %s: %v", claim, err)
		}
	}
	r.Body = []byte(`{"a":2}`)
	if err := v.Authorize(context.Background(), r); !errors.Is(err, apigate.ErrInvalidSignature) || !errors.Is(err, sigv4.ErrSignatureMismatch) {
		t.Errorf("changed body: %v", err)
	}
}
