package sigv4

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apigate/apigate"
)

// shared is the project's shared conformance folder, which testdata copies (a clone of the
// repository alone does not have it).
const shared = "../../../shared/conformance/sigv4"

// The suites' cases this verifier does not pass, and why.
// refused are the cases the verifier refuses by a documented choice (the map's values); each
// must be refused, with INVALID_SIGNATURE.
var refused = map[string]string{
	// The normalized cases sign the path with its dot segments and repeated slashes removed;
	// the verifier signs the path exactly as sent, as aws-sdk-go-v2's signer does for
	// execute-api (the unnormalized twins of these cases pass).
	"get-relative-normalized":                "path normalization",
	"get-relative-relative-normalized":       "path normalization",
	"get-slash-dot-slash-normalized":         "path normalization",
	"get-slash-pointless-dot-normalized":     "path normalization",
	"get-slashes-normalized":                 "path normalization",
	"normalize-path/get-relative":            "path normalization",
	"normalize-path/get-relative-relative":   "path normalization",
	"normalize-path/get-slash":               "path normalization",
	"normalize-path/get-slash-dot-slash":     "path normalization",
	"normalize-path/get-slash-pointless-dot": "path normalization",
	"normalize-path/get-slashes":             "path normalization",
	"get-slash-normalized":                   "path normalization",
	// The session token is added to the query after signing, unsigned: the verifier wants
	// every query parameter but X-Amz-Signature signed (the header form of the case passes).
	"query/post-sts-header-after": "unsigned query parameter",
}

// folded are the cases with an obsolete line folding (a header value continued on the next
// line), which the test's own reader does not take: they are read as net/http's server reads
// them (the lines joined with a space).
var folded = map[string]bool{"get-header-value-multiline": true}

// wrongSignature are the cases whose signed request carries a wrong signature (botocore's
// get-vanilla-with-session-token has get-vanilla's): the verifier must refuse them, reporting
// the suite's canonical request and string to sign.
var wrongSignature = map[string]bool{"botocore/get-vanilla-with-session-token": true}

// TestCopiesAreCurrent checks that testdata holds the shared folder's suites unchanged.
func TestCopiesAreCurrent(t *testing.T) {
	root := shared
	if _, err := os.Stat(shared); errors.Is(err, fs.ErrNotExist) {
		root = "testdata" // a clone without the shared folder: the copies must be there, whole
	}
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		want, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		got, err := os.ReadFile(filepath.Join("testdata", rel))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("testdata/%s differs from %s (%v)", rel, path, err)
		}
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("walked %d files: %v", n, err)
	}
}

// suiteCase is one signed request of a suite, with what the verifier must compute for it.
type suiteCase struct {
	name, form              string
	request                 []byte // the signed request as sent
	canonical, stringToSign string
	secret, token           string
	region, service         string
	now                     time.Time
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// suiteCases reads both suites: aws-c-auth's header and presigned forms and botocore's
// header forms.
func suiteCases(t *testing.T) []suiteCase {
	var cases []suiteCase
	dirs, _ := filepath.Glob("testdata/aws-c-auth-v4/*")
	for _, dir := range dirs {
		var ctx struct {
			Credentials struct {
				Secret string `json:"secret_access_key"`
				Token  string `json:"token"`
			}
			Region, Service string
			Timestamp       time.Time
		}
		if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "context.json"))), &ctx); err != nil {
			t.Fatal(dir, err)
		}
		for _, form := range []string{"header", "query"} {
			cases = append(cases, suiteCase{
				name: filepath.Base(dir), form: form,
				request:      []byte(readFile(t, filepath.Join(dir, form+"-signed-request.txt"))),
				canonical:    readFile(t, filepath.Join(dir, form+"-canonical-request.txt")),
				stringToSign: readFile(t, filepath.Join(dir, form+"-string-to-sign.txt")),
				secret:       ctx.Credentials.Secret, token: ctx.Credentials.Token,
				region: ctx.Region, service: ctx.Service, now: ctx.Timestamp,
			})
		}
	}
	dirs, _ = filepath.Glob("testdata/aws4_testsuite/*")
	nested, _ := filepath.Glob("testdata/aws4_testsuite/normalize-path/*")
	for _, dir := range append(dirs, nested...) {
		base := filepath.Base(dir)
		name := base
		if _, err := os.Stat(filepath.Join(dir, base+".sreq")); err != nil {
			continue // LICENSE, NOTICE, post-sts-token's readme, the normalize-path folder
		}
		if filepath.Base(filepath.Dir(dir)) == "normalize-path" {
			name = "normalize-path/" + name
		}
		c := suiteCase{
			name: name, form: "botocore",
			request:      []byte(readFile(t, filepath.Join(dir, base+".sreq"))),
			canonical:    readFile(t, filepath.Join(dir, base+".creq")),
			stringToSign: readFile(t, filepath.Join(dir, base+".sts")),
			secret:       "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
			region:       "us-east-1", service: "service",
			now: time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC),
		}
		if m := strings.Index(string(c.request), "X-Amz-Security-Token:"); m >= 0 {
			line, _, _ := strings.Cut(string(c.request[m+len("X-Amz-Security-Token:"):]), "\n")
			c.token = line
		}
		cases = append(cases, c)
	}
	return cases
}

// readRequest reads a suite's request as net/http's server would present it, except that the
// request line's target is taken as it is (the suites put spaces and UTF-8 in it, which a real
// client would have escaped).
// readFolded reads a request with folded header lines as net/http's server does.
func readFolded(t *testing.T, raw []byte) (*http.Request, []byte) {
	t.Helper()
	head, body, _ := bytes.Cut(raw, []byte("\n\n"))
	wire := strings.ReplaceAll(string(head), "\n", "\r\n") + "\r\n\r\n"
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(wire)))
	if err != nil {
		t.Fatal(err)
	}
	return r, bytes.TrimRight(body, "\n")
}

func readRequest(t *testing.T, raw []byte) (*http.Request, []byte) {
	t.Helper()
	head, body, _ := bytes.Cut(raw, []byte("\n\n"))
	sc := bufio.NewScanner(bytes.NewReader(head))
	sc.Scan()
	line := sc.Text()
	method, rest, _ := strings.Cut(line, " ")
	target := rest[:strings.LastIndex(rest, " ")]
	r := &http.Request{Method: method, RequestURI: target, Header: http.Header{}, URL: &url.URL{}}
	p, q, _ := strings.Cut(target, "?")
	r.URL.Path, r.URL.RawQuery = p, q
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			t.Fatalf("header line %q", sc.Text())
		}
		value = strings.Trim(value, " \t")
		if strings.EqualFold(name, "Host") {
			r.Host = value
			continue
		}
		r.Header.Add(name, value)
	}
	body = bytes.TrimRight(body, "\n")
	r.ContentLength = int64(len(body))
	return r, body
}

// TestSuites verifies every request of AWS's published SigV4 suites, and checks, by tampering
// its signature, that the canonical request and string to sign the verifier reports are the
// suite's.
func TestSuites(t *testing.T) {
	for _, c := range suiteCases(t) {
		t.Run(c.form+"/"+c.name, func(t *testing.T) {
			why, isRefused := refused[c.name]
			if !isRefused {
				why, isRefused = refused[c.form+"/"+c.name]
			}
			v, err := New(Config{
				Region: c.region, Now: func() time.Time { return c.now },
				Credentials: StaticCredentials{"AKIDEXAMPLE": {SecretAccessKey: c.secret, SessionToken: c.token}},
			})
			if err != nil {
				t.Fatal(err)
			}
			v.service = c.service
			read := readRequest
			if folded[c.name] {
				read = readFolded
			}
			r, body := read(t, c.request)
			if isRefused {
				if _, _, err := v.Verify(context.Background(), r, body); !errors.Is(err, apigate.ErrInvalidSignature) {
					t.Fatalf("%s: verify = %v, want INVALID_SIGNATURE", why, err)
				}
				return
			}
			if !wrongSignature[c.form+"/"+c.name] {
				if _, _, err := v.Verify(context.Background(), r, body); err != nil {
					t.Fatalf("verify: %v", err)
				}
				tamper(r)
			}
			// a wrong signature: the message shows the suite's canonical request and string to sign
			_, _, err = v.Verify(context.Background(), r, body)
			want := mismatch([]byte(c.canonical), []byte(c.stringToSign)).(*apigate.Error).Message
			var e *apigate.Error
			if !errors.As(err, &e) || e.Message != want || !errors.Is(err, ErrSignatureMismatch) {
				t.Fatalf("tampered: got\n%v\nwant\n%s", err, want)
			}
		})
	}
}

// tamper flips the last hex digit of the request's signature.
func tamper(r *http.Request) {
	flip := func(s string) string {
		last := s[len(s)-1]
		if last == '0' {
			last = '1'
		} else {
			last = '0'
		}
		return s[:len(s)-1] + string(last)
	}
	if a := r.Header.Get("Authorization"); a != "" {
		r.Header.Set("Authorization", flip(a))
		return
	}
	r.URL.RawQuery = flip(r.URL.RawQuery)
}
