package lambdaapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/apigate/apigate/integration/invoke"
)

var testCreds = aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}

// invokeRequest is what the test Invoke API server received.
type invokeRequest struct {
	function, qualifier, invocationType, region string
	payload                                     string
}

// invokeAPI is a loopback Lambda Invoke API: it checks each request the way Lambda would (path,
// SigV4 signature recomputed with the test credentials) and answers for a few functions.
type invokeAPI struct {
	t    *testing.T
	mu   sync.Mutex
	reqs []invokeRequest
}

func (s *invokeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	name, ok := strings.CutPrefix(r.URL.Path, "/2015-03-31/functions/")
	name, ok2 := strings.CutSuffix(name, "/invocations")
	if r.Method != http.MethodPost || !ok || !ok2 {
		s.t.Errorf("request %s %s", r.Method, r.URL)
		http.Error(w, "unexpected request", http.StatusBadRequest)
		return
	}
	region, err := verifySigV4(r, body)
	if err != nil {
		s.t.Errorf("%s: %v", name, err)
		w.Header().Set("X-Amzn-Errortype", "InvalidSignatureException")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"message":"The request signature we calculated does not match the signature you provided."}`)
		return
	}
	req := invokeRequest{
		function: name, qualifier: r.URL.Query().Get("Qualifier"), region: region,
		invocationType: r.Header.Get("X-Amz-Invocation-Type"), payload: string(body),
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	s.mu.Unlock()

	h := w.Header()
	h.Set("X-Amzn-Requestid", "4a9c6e4b-0000-4000-8000-0000000000"+map[bool]string{true: "01", false: "02"}[req.invocationType != "Event"])
	h.Set("Content-Type", "application/json")
	switch {
	case strings.HasSuffix(name, "nope"):
		h.Set("X-Amzn-Errortype", "ResourceNotFoundException")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"Type":"User","Message":"Function not found: arn:aws:lambda:`+region+`:123456789012:function:`+name+`"}`)
	case strings.HasSuffix(name, "busy"):
		h.Set("X-Amzn-Errortype", "TooManyRequestsException")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}`)
	case req.invocationType == "Event":
		w.WriteHeader(http.StatusAccepted)
	case strings.HasSuffix(name, "fails"):
		h.Set("X-Amz-Executed-Version", "$LATEST")
		h.Set("X-Amz-Function-Error", "Unhandled")
		_, _ = io.WriteString(w, `{"errorMessage":"boom","errorType":"errorString"}`)
	default:
		h.Set("X-Amz-Executed-Version", "$LATEST")
		_, _ = io.WriteString(w, `{"echo":`+string(body)+`}`)
	}
}

// verifySigV4 recomputes the request's signature from its signed headers and the test
// credentials, and returns the region it was signed for.
func verifySigV4(r *http.Request, body []byte) (string, error) {
	auth := r.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(auth, "AWS4-HMAC-SHA256 ")
	if !ok {
		return "", errors.New("no SigV4 Authorization header: " + auth)
	}
	fields := map[string]string{}
	for _, f := range strings.Split(rest, ", ") {
		k, v, _ := strings.Cut(f, "=")
		fields[k] = v
	}
	scope := strings.Split(fields["Credential"], "/") // AKID/date/region/service/aws4_request
	if len(scope) != 5 || scope[0] != testCreds.AccessKeyID || scope[3] != "lambda" || scope[4] != "aws4_request" {
		return "", errors.New("credential scope " + fields["Credential"])
	}
	when, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return "", err
	}
	// The request as the client signed it: its signed headers only.
	signed, _ := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), strings.NewReader(string(body)))
	for _, name := range strings.Split(fields["SignedHeaders"], ";") {
		if name != "host" && name != "content-length" {
			signed.Header[http.CanonicalHeaderKey(name)] = r.Header.Values(name)
		}
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(context.Background(), testCreds, signed, hex.EncodeToString(sum[:]), "lambda", scope[2], when); err != nil {
		return "", err
	}
	if got := signed.Header.Get("Authorization"); got != auth {
		return "", errors.New("signature mismatch:\n got " + auth + "\nwant " + got)
	}
	return scope[2], nil
}

func newTestInvoker(t *testing.T) (*Invoker, *invokeAPI) {
	t.Helper()
	// Nothing from the machine's AWS configuration.
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	api := &invokeAPI{t: t}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	r, err := New(context.Background(), Config{
		Region:           "us-east-1",
		Endpoint:         srv.URL,
		Credentials:      credentials.NewStaticCredentialsProvider(testCreds.AccessKeyID, testCreds.SecretAccessKey, ""),
		RetryMaxAttempts: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return r, api
}

func TestInvoke(t *testing.T) {
	remote, api := newTestInvoker(t)
	for _, tc := range []struct {
		in      invoke.Invocation
		want    invokeRequest
		status  int
		payload string
		fnErr   string
	}{
		{
			in:     invoke.Invocation{Function: "app:live", Payload: []byte(`{"a":1}`)},
			want:   invokeRequest{function: "app", qualifier: "live", invocationType: "RequestResponse", region: "us-east-1", payload: `{"a":1}`},
			status: 200, payload: `{"echo":{"a":1}}`,
		},
		{
			in:     invoke.Invocation{Function: "123456789012:function:app", Payload: []byte(`[]`)},
			want:   invokeRequest{function: "123456789012:function:app", invocationType: "RequestResponse", region: "us-east-1", payload: `[]`},
			status: 200, payload: `{"echo":[]}`,
		},
		{
			in: invoke.Invocation{Function: "arn:aws:lambda:eu-west-1:111122223333:function:app:7", Payload: []byte(`"x"`)},
			want: invokeRequest{
				function: "arn:aws:lambda:eu-west-1:111122223333:function:app", qualifier: "7",
				invocationType: "RequestResponse", region: "eu-west-1", payload: `"x"`,
			},
			status: 200, payload: `{"echo":"x"}`,
		},
		{
			in:     invoke.Invocation{Function: "fails", Payload: []byte(`{}`)},
			want:   invokeRequest{function: "fails", invocationType: "RequestResponse", region: "us-east-1", payload: `{}`},
			status: 200, payload: `{"errorMessage":"boom","errorType":"errorString"}`, fnErr: "Unhandled",
		},
		{
			in:     invoke.Invocation{Function: "app:live", Payload: []byte(`{"b":2}`), Async: true},
			want:   invokeRequest{function: "app", qualifier: "live", invocationType: "Event", region: "us-east-1", payload: `{"b":2}`},
			status: 202,
		},
	} {
		api.reqs = nil
		r, err := remote.Invoke(context.Background(), &tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in.Function, err)
			continue
		}
		if len(api.reqs) != 1 || api.reqs[0] != tc.want {
			t.Errorf("%s: the server got %+v, want %+v", tc.in.Function, api.reqs, tc.want)
		}
		if r.StatusCode != tc.status || string(r.Payload) != tc.payload || r.FunctionError != tc.fnErr || !strings.HasPrefix(r.RequestID, "4a9c6e4b-") {
			t.Errorf("%s: got %d %q %s %s, want %d %q %s", tc.in.Function, r.StatusCode, r.FunctionError, r.Payload, r.RequestID, tc.status, tc.fnErr, tc.payload)
		}
	}

	_, err := remote.Invoke(context.Background(), &invoke.Invocation{Function: "nope", Payload: []byte(`{}`)})
	var rnf *types.ResourceNotFoundException
	if !errors.Is(err, invoke.ErrFunctionNotFound) || !errors.As(err, &rnf) {
		t.Errorf("unknown function: %v", err)
	}
	_, err = remote.Invoke(context.Background(), &invoke.Invocation{Function: "busy", Payload: []byte(`{}`)})
	var tmr *types.TooManyRequestsException
	if !errors.Is(err, invoke.ErrTooManyRequests) || !errors.As(err, &tmr) {
		t.Errorf("throttled function: %v", err)
	}
}

func TestNewNeedsRegion(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_PROFILE", "")
	if _, err := New(context.Background(), Config{}); err == nil || !strings.Contains(err.Error(), "region") {
		t.Errorf("got %v, want an error about the region", err)
	}
	t.Setenv("AWS_REGION", "ap-southeast-2")
	r, err := New(context.Background(), Config{})
	if err != nil {
		t.Fatal(err)
	}
	if region := r.Client.(*lambda.Client).Options().Region; region != "ap-southeast-2" {
		t.Errorf("region %s", region)
	}
}

// TestRegistry: the same registry runs a local function in-process and another through an
// Invoker against the loopback Invoke API.
func TestRegistry(t *testing.T) {
	remote, api := newTestInvoker(t)
	local := &invoke.Local{}
	t.Cleanup(func() { _ = local.Close() })
	if err := local.Register("local-fn", func(v any) (any, error) { return v, nil }); err != nil {
		t.Fatal(err)
	}
	reg := &invoke.Registry{Local: local, Fallback: remote}
	call := func(fn, payload string) *invoke.Result {
		r, err := reg.Invoke(context.Background(), &invoke.Invocation{Function: fn, Payload: []byte(payload)})
		if err != nil {
			t.Fatalf("%s: %v", fn, err)
		}
		return r
	}
	if r := call("local-fn", `{"name":"here"}`); string(r.Payload) != `{"name":"here"}` || len(api.reqs) != 0 {
		t.Errorf("local: %s, the server got %v", r.Payload, api.reqs)
	}
	if r := call("remote-fn:prod", `{"name":"there"}`); string(r.Payload) != `{"echo":{"name":"there"}}` ||
		len(api.reqs) != 1 || api.reqs[0].function != "remote-fn" || api.reqs[0].qualifier != "prod" {
		t.Errorf("remote: %s, the server got %v", r.Payload, api.reqs)
	}
}
