package lambdaauth

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/auth"
	"github.com/apigate/apigate/integration/invoke"
)

const (
	allowAll = `{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:*"}]}`
	denyAll  = `{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"*"}]}`
	getPets  = `{"Version":"2012-10-17","Statement":{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/test/GET/pets/*"}}`
)

// fake is an Invoker that answers res (or err) and records the events it got.
type fake struct {
	res    invoke.Result
	err    error
	calls  atomic.Int32
	events []string
}

func (f *fake) Invoke(_ context.Context, in *invoke.Invocation) (*invoke.Result, error) {
	f.calls.Add(1)
	f.events = append(f.events, string(in.Payload))
	if f.err != nil {
		return nil, f.err
	}
	r := f.res
	return &r, nil
}

func answer(payload string) *fake {
	return &fake{res: invoke.Result{StatusCode: 200, Payload: []byte(payload)}}
}

func failure(msg string) *fake {
	p, _ := json.Marshal(map[string]string{"errorMessage": msg, "errorType": "errorString"})
	return &fake{res: invoke.Result{StatusCode: 200, FunctionError: "Unhandled", Payload: p}}
}

func newToken(t testing.TB, inv invoke.Invoker, mod ...func(*Config)) *Authorizer {
	t.Helper()
	cfg := Config{Type: Token, Invoker: inv, Function: "auth", Region: "eu-west-1"}
	for _, m := range mod {
		m(&cfg)
	}
	l, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func request(method, target string, opts ...apigatetest.Option) *apigate.Request {
	return apigatetest.NewRequest(method, target, nil, append([]apigatetest.Option{apigatetest.Stage("test")}, opts...)...)
}

// rendered returns what WriteError answers for err: status, x-amzn-ErrorType and body.
func rendered(err error) (int, string, string) {
	w := httptest.NewRecorder()
	auth.WriteError(w, err)
	return w.Code, strings.Join(w.Header()["x-amzn-ErrorType"], ","), w.Body.String()
}

func TestTokenOutcomes(t *testing.T) {
	for _, c := range []struct {
		name    string
		inv     *fake
		status  int
		errType string
		body    string
	}{
		{"explicit deny", answer(`{"principalId":"u","policyDocument":` + denyAll + `}`), 403, "AccessDeniedException", `{"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"}`},
		{"implicit deny", answer(`{"principalId":"u","policyDocument":{"Statement":[]}}`), 403, "AccessDeniedException", `{"Message":"User is not authorized to access this resource"}`},
		{"other resource", answer(`{"principalId":"u","policyDocument":` + getPets + `}`), 403, "AccessDeniedException", `{"Message":"User is not authorized to access this resource"}`},
		{"Unauthorized", failure("Unauthorized"), 401, "UnauthorizedException", `{"message":"Unauthorized"}`},
		{"unauthorized", failure("unauthorized"), 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"other error", failure("Error: Invalid token"), 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"timeout", &fake{res: invoke.Result{StatusCode: 200, FunctionError: "Unhandled", Payload: []byte(`{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: x Error: Task timed out after 3.00 seconds"}`)}}, 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"invocation failed", &fake{err: invoke.ErrFunctionNotFound}, 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"not JSON", answer(`allow`), 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"no principalId", answer(`{"policyDocument":` + allowAll + `}`), 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"principalId a number", answer(`{"principalId":1,"policyDocument":` + allowAll + `}`), 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"no policy", answer(`{"principalId":"u"}`), 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"bad effect", answer(`{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":"Maybe","Resource":"*"}]}}`), 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"resource of 513", answer(`{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":"Allow","Resource":"*` + strings.Repeat("a", 512) + `"}]}}`), 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"context object", answer(`{"principalId":"u","policyDocument":` + allowAll + `,"context":{"a":{"b":1}}}`), 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"context array", answer(`{"principalId":"u","policyDocument":` + allowAll + `,"context":{"a":[1]}}`), 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"output too large", answer(`{"principalId":"u","policyDocument":` + allowAll + `,"context":{"a":"` + strings.Repeat("a", MaxOutputSize) + `"}}`), 500, "AuthorizerConfigurationException", `{"message":null}`},
		{"context null", answer(`{"principalId":"u","policyDocument":` + allowAll + `,"context":{"a":null}}`), 500, "AuthorizerConfigurationException", `{"message":null}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newToken(t, c.inv)
			r := request("GET", "/dogs", apigatetest.Header("Authorization", "tok"))
			err := l.Authorize(context.Background(), r)
			status, errType, body := rendered(err)
			if status != c.status || errType != c.errType || body != c.body {
				t.Errorf("got %d %s %s\nwant %d %s %s", status, errType, body, c.status, c.errType, c.body)
			}
			if r.Context.Authorizer != nil || r.UsageIdentifierKey != "" {
				t.Errorf("a refused request got %+v, %q", r.Context.Authorizer, r.UsageIdentifierKey)
			}
			if strings.Contains(err.Error(), "tok") {
				t.Errorf("the error %q shows the token", err)
			}
		})
	}
}

func TestTokenAllow(t *testing.T) {
	inv := answer(`{"principalId":"user|a1","policyDocument":` + allowAll + `,"context":{"s":"v","n":1,"f":-2.50,"t":true,"b":false},"usageIdentifierKey":"key-1234567890abcdefghij"}`)
	l := newToken(t, inv)
	r := request("GET", "/", apigatetest.Header("Authorization", "Bearer <tok>&"))
	if err := l.Authorize(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	a := r.Context.Authorizer
	want := map[string]any{"s": "v", "n": "1", "f": "-2.50", "t": "true", "b": "false"}
	if a == nil || a.PrincipalID != "user|a1" || len(a.Context) != len(want) {
		t.Fatalf("authorizer %+v", a)
	}
	for k, v := range want {
		if a.Context[k] != v {
			t.Errorf("context %s = %#v, want %#v", k, a.Context[k], v)
		}
	}
	if r.UsageIdentifierKey != "key-1234567890abcdefghij" {
		t.Errorf("usage identifier key %q", r.UsageIdentifierKey)
	}
	// The event: the raw header ("Bearer " kept), the method ARN of the root ending in /,
	// the account of $context, no HTML escaping.
	wantEvent := `{"type":"TOKEN","authorizationToken":"Bearer <tok>&","methodArn":"arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/test/GET/"}`
	if inv.events[0] != wantEvent {
		t.Errorf("event %s\nwant  %s", inv.events[0], wantEvent)
	}
}

func TestMethodARN(t *testing.T) {
	for _, c := range []struct{ method, target, account, want string }{
		{"GET", "/", "", "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/test/GET/"},
		{"DELETE", "/pets/42/toys?x=1", "", "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/test/DELETE/pets/42/toys"},
		{"GET", "/a%2Fb/c%20d", "", "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/test/GET/a%2Fb/c%20d"},
		{"GET", "/x", "999999999999", "arn:aws:execute-api:eu-west-1:999999999999:a1b2c3d4e5/test/GET/x"},
	} {
		l := newToken(t, answer(""), func(c2 *Config) { c2.AccountID = "999999999999" })
		r := request(c.method, c.target)
		if c.account != "" {
			r.Context.AccountID = ""
		}
		if got := l.methodARN(r); got != c.want {
			t.Errorf("%s %s: %s, want %s", c.method, c.target, got, c.want)
		}
	}
}

func TestMethodARNTooLong(t *testing.T) {
	inv := answer(`{"principalId":"u","policyDocument":` + allowAll + `}`)
	l := newToken(t, inv)
	prefix := len("arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/test/GET/")
	ok := request("GET", "/"+strings.Repeat("a", MaxMethodARN-prefix), apigatetest.Header("Authorization", "t"))
	if err := l.Authorize(context.Background(), ok); err != nil {
		t.Errorf("an ARN of 1600 bytes: %v", err)
	}
	long := request("GET", "/"+strings.Repeat("a", MaxMethodARN-prefix+1), apigatetest.Header("Authorization", "t"))
	status, _, body := rendered(l.Authorize(context.Background(), long))
	if status != 414 || body != `{"message":"Request URI too long"}` {
		t.Errorf("an ARN of 1601 bytes: %d %s", status, body)
	}
	if inv.calls.Load() != 1 {
		t.Errorf("%d invocations, want 1", inv.calls.Load())
	}
}

func TestTokenIdentity(t *testing.T) {
	for _, c := range []struct {
		name, header, expr string
		want               int // status; 0 allowed
	}{
		{"missing", "", "", 401},
		{"empty", "-", "", 401},
		{"valid", "Bearer abc", `Bearer [a-z]+`, 0},
		{"partial match", "Bearer abc!", `Bearer [a-z]+`, 401},
		{"no match", "abc", `Bearer [a-z]+`, 401},
		// Java's syntax: lookahead and a backreference, which RE2 lacks
		{"java lookahead", "Bearer ab1", `Bearer (?=.*\d)[a-z0-9]+`, 0},
		{"java lookahead fails", "Bearer abc", `Bearer (?=.*\d)[a-z0-9]+`, 401},
		{"java backreference", "Bearer abab", `Bearer (ab)\1`, 0},
	} {
		inv := answer(`{"principalId":"u","policyDocument":` + allowAll + `}`)
		l := newToken(t, inv, func(cfg *Config) {
			cfg.IdentitySource = "method.request.header.X-Token"
			cfg.IdentityValidationExpression = c.expr
		})
		var opts []apigatetest.Option
		switch c.header {
		case "":
		case "-":
			opts = append(opts, apigatetest.Header("X-Token", ""))
		default:
			opts = append(opts, apigatetest.Header("x-token", c.header))
		}
		err := l.Authorize(context.Background(), request("GET", "/", opts...))
		status, _, _ := rendered(err)
		if err == nil {
			status = 0
		}
		if status != c.want {
			t.Errorf("%s: %d, want %d", c.name, status, c.want)
		}
		if wantCalls := int32(map[bool]int{true: 1}[c.want == 0]); inv.calls.Load() != wantCalls {
			t.Errorf("%s: %d invocations, want %d", c.name, inv.calls.Load(), wantCalls)
		}
	}
}

func TestRequestAuthorizer(t *testing.T) {
	inv := answer(`{"principalId":"u","policyDocument":` + allowAll + `}`)
	l, err := New(Config{Type: Request, Invoker: inv, Function: "auth", Region: "us-east-1",
		IdentitySource: "method.request.header.HeaderAuth1, method.request.querystring.QueryString1,stageVariables.StageVar1,context.identity.sourceIp"})
	if err != nil {
		t.Fatal(err)
	}
	r := request("GET", "/request?QueryString1=queryValue1", apigatetest.Header("HeaderAuth1", "headerValue1"),
		apigatetest.StageVariables(map[string]string{"StageVar1": "stageValue1"}), apigatetest.Resource("/request"))
	r.Context.Identity.SourceIP = "203.0.113.1"
	if err := l.Authorize(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	var ev map[string]any
	if err := json.Unmarshal([]byte(inv.events[0]), &ev); err != nil {
		t.Fatal(err)
	}
	rc := ev["requestContext"].(map[string]any)
	for k, want := range map[string]any{
		"type":      "REQUEST",
		"methodArn": "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/test/GET/request",
		"resource":  "/request", "path": "/request", "httpMethod": "GET",
	} {
		if ev[k] != want {
			t.Errorf("%s = %v, want %v", k, ev[k], want)
		}
	}
	if ev["headers"].(map[string]any)["Headerauth1"] != "headerValue1" ||
		ev["queryStringParameters"].(map[string]any)["QueryString1"] != "queryValue1" ||
		ev["multiValueQueryStringParameters"].(map[string]any)["QueryString1"].([]any)[0] != "queryValue1" ||
		ev["stageVariables"].(map[string]any)["StageVar1"] != "stageValue1" {
		t.Errorf("event %s", inv.events[0])
	}
	if rc["stage"] != "test" || rc["apiId"] != "a1b2c3d4e5" || rc["accountId"] != "123456789012" || rc["resourcePath"] != "/request" ||
		rc["path"] != "/test/request" || rc["identity"].(map[string]any)["sourceIp"] != "203.0.113.1" {
		t.Errorf("requestContext %v", rc)
	}
	// Each source missing in turn is 401, without invoking.
	for _, drop := range []string{"header", "query", "stage", "context"} {
		opts := []apigatetest.Option{apigatetest.StageVariables(map[string]string{"StageVar1": "v"})}
		target := "/request?QueryString1=q"
		if drop != "header" {
			opts = append(opts, apigatetest.Header("HeaderAuth1", "h"))
		}
		if drop == "query" {
			target = "/request?QueryString1="
		}
		if drop == "stage" {
			opts[0] = apigatetest.StageVariables(nil)
		}
		r := request("GET", target, opts...)
		r.Context.Identity.SourceIP = "203.0.113.1"
		if drop == "context" {
			r.Context.Identity.SourceIP = ""
		}
		before := inv.calls.Load()
		if status, _, _ := rendered(l.Authorize(context.Background(), r)); status != 401 || inv.calls.Load() != before {
			t.Errorf("without the %s: %d after %d invocations", drop, status, inv.calls.Load()-before)
		}
	}
}

func TestCache(t *testing.T) {
	now := time.Unix(1e9, 0)
	cache := &MemoryCache{Now: func() time.Time { return now }}
	inv := answer(`{"principalId":"u","policyDocument":` + getPets + `}`)
	l := newToken(t, inv, func(c *Config) { c.Cache = cache; c.ResultTTL = 60 * time.Second })
	try := func(method, path, tok string) int {
		err := l.Authorize(context.Background(), request(method, path, apigatetest.Header("Authorization", tok)))
		if err == nil {
			return 200
		}
		s, _, _ := rendered(err)
		return s
	}
	steps := []struct {
		method, path, tok string
		status            int
		calls             int32
		advance           time.Duration
	}{
		{"GET", "/pets/1", "a", 200, 1, 0},
		{"GET", "/pets/2", "a", 200, 1, 0},    // a hit
		{"POST", "/pets/2", "a", 403, 1, 0},   // a hit, the policy evaluated for the new ARN
		{"GET", "/pets/1", "b", 200, 2, 0},    // another token: its own entry
		{"GET", "/pets/1", "a", 200, 2, 59e9}, // still there after 59 s
		{"GET", "/pets/1", "a", 200, 3, 1e9},  // expired at 60 s
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if got := try(s.method, s.path, s.tok); got != s.status || inv.calls.Load() != s.calls {
			t.Errorf("step %d: %d after %d invocations, want %d after %d", i, got, inv.calls.Load(), s.status, s.calls)
		}
	}
	// Failures are not cached.
	bad := failure("Unauthorized")
	l = newToken(t, bad)
	for range 2 {
		try("GET", "/pets/1", "a")
	}
	if bad.calls.Load() != 2 {
		t.Errorf("a 401 was cached: %d invocations", bad.calls.Load())
	}
	// Caching off invokes every time.
	inv = answer(`{"principalId":"u","policyDocument":` + allowAll + `}`)
	l = newToken(t, inv, func(c *Config) { c.ResultTTL = NoCache })
	for range 3 {
		try("GET", "/pets/1", "a")
	}
	if inv.calls.Load() != 3 {
		t.Errorf("with caching off: %d invocations", inv.calls.Load())
	}
}

// TestCachedContextOwned checks that a request served from the cache gets its own context
// map: what one request's later stages change does not reach the next one.
func TestCachedContextOwned(t *testing.T) {
	inv := answer(`{"principalId":"u","policyDocument":` + allowAll + `,"context":{"tier":"gold"}}`)
	l := newToken(t, inv)
	for i := range 2 {
		r := request("GET", "/pets/1", apigatetest.Header("Authorization", "a"))
		if err := l.Authorize(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		if got := r.Context.Authorizer.Context["tier"]; got != "gold" {
			t.Fatalf("request %d: tier %v", i, got)
		}
		r.Context.Authorizer.Context["tier"] = "changed by a later stage"
	}
	if inv.calls.Load() != 1 {
		t.Errorf("%d invocations, want 1 (the second request a cache hit)", inv.calls.Load())
	}
}

// TestCacheIdentities checks that two identities never share an entry: tokens that differ, and
// REQUEST identity values whose concatenations are equal.
func TestCacheIdentities(t *testing.T) {
	// The function allows the principal its identity names, so a shared entry would show.
	echo := invoke.InvokerFunc(func(_ context.Context, in *invoke.Invocation) (*invoke.Result, error) {
		var ev struct {
			AuthorizationToken string
			Headers            map[string]string `json:"headers"`
		}
		_ = json.Unmarshal(in.Payload, &ev)
		id := ev.AuthorizationToken + "|" + ev.Headers["A"] + "|" + ev.Headers["B"]
		q, _ := json.Marshal(id)
		return &invoke.Result{StatusCode: 200, Payload: []byte(`{"principalId":` + string(q) + `,"policyDocument":` + allowAll + `}`)}, nil
	})
	cache := new(MemoryCache)
	tok := newToken(t, echo, func(c *Config) { c.Cache = cache })
	req, err := New(Config{Type: Request, Invoker: echo, Function: "auth", Cache: cache, IdentitySource: "method.request.header.A,method.request.header.B"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		a      auth.Authorizer
		h      [][2]string
		wantID string
	}{
		{tok, [][2]string{{"Authorization", "x"}}, "x||"},
		{tok, [][2]string{{"Authorization", "x "}}, "x ||"},
		{tok, [][2]string{{"Authorization", "X"}}, "X||"},
		{req, [][2]string{{"A", "a,b"}, {"B", "c"}}, "|a,b|c"},
		{req, [][2]string{{"A", "a"}, {"B", "b,c"}}, "|a|b,c"},
		{req, [][2]string{{"A", "a\x00"}, {"B", "c"}}, "|a\x00|c"},
		{req, [][2]string{{"A", "x"}, {"B", "c"}}, "|x|c"}, // not the TOKEN entry of "x"
		{tok, [][2]string{{"Authorization", "x"}}, "x||"},
	} {
		var opts []apigatetest.Option
		for _, h := range c.h {
			opts = append(opts, apigatetest.Header(h[0], h[1]))
		}
		r := request("GET", "/", opts...)
		if err := c.a.Authorize(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		if got := r.Context.Authorizer.PrincipalID; got != c.wantID {
			t.Errorf("%v: principal %q, want %q", c.h, got, c.wantID)
		}
	}
}

func TestMemoryCacheBounded(t *testing.T) {
	now := time.Unix(0, 0)
	c := &MemoryCache{MaxEntries: 3, Now: func() time.Time { return now }}
	ctx := context.Background()
	out := &Output{PrincipalID: "p"}
	c.Put(ctx, "a", out, time.Second)
	c.Put(ctx, "b", out, time.Minute)
	c.Put(ctx, "c", out, time.Minute)
	now = now.Add(2 * time.Second)
	c.Put(ctx, "d", out, time.Minute) // drops the expired a
	if _, ok := c.Get(ctx, "a"); ok || c.Len() != 3 {
		t.Errorf("a kept, or %d entries", c.Len())
	}
	c.Put(ctx, "e", out, time.Minute) // full, none expired: drops one
	if _, ok := c.Get(ctx, "e"); !ok || c.Len() != 3 {
		t.Errorf("e missing, or %d entries", c.Len())
	}
	c.Put(ctx, "e", out, 0)
	// Bounded by bytes too.
	c = &MemoryCache{MaxBytes: 100}
	big := &Output{Payload: make([]byte, 40)}
	c.Put(ctx, "f", big, time.Minute)
	c.Put(ctx, "g", big, time.Minute)
	c.Put(ctx, "h", big, time.Minute) // 3 x 41 > 100: one is dropped
	if c.Len() != 2 || c.bytes != 82 {
		t.Errorf("%d entries, %d bytes", c.Len(), c.bytes)
	}
	c.Put(ctx, "h", big, time.Minute) // replacing an entry counts it once
	if c.Len() != 2 || c.bytes != 82 {
		t.Errorf("%d entries, %d bytes after a replacement", c.Len(), c.bytes)
	}
	c.Put(ctx, "i", &Output{Payload: make([]byte, 100)}, time.Minute) // larger than MaxBytes
	if _, ok := c.Get(ctx, "i"); ok {
		t.Error("an entry over MaxBytes was kept")
	}
	c.Flush()
	if c.Len() != 0 {
		t.Errorf("%d entries after Flush", c.Len())
	}
}

func TestNewLambdaErrors(t *testing.T) {
	inv := answer("")
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{Type: Token, Function: "f"}, "lambdaauth: a Lambda authorizer needs an Invoker and a Function"},
		{Config{Type: "COGNITO_USER_POOLS", Invoker: inv, Function: "f"}, `lambdaauth: Lambda authorizer type "COGNITO_USER_POOLS" is neither TOKEN nor REQUEST`},
		{Config{Type: Token, Invoker: inv, Function: "f", IdentitySource: "method.request.querystring.t"}, `lambdaauth: a TOKEN authorizer's identity source is one method.request.header.X, not "method.request.querystring.t"`},
		{Config{Type: Token, Invoker: inv, Function: "f", IdentitySource: "method.request.header.A,method.request.header.B"}, `lambdaauth: a TOKEN authorizer's identity source is one method.request.header.X, not "method.request.header.A,method.request.header.B"`},
		{Config{Type: Request, Invoker: inv, Function: "f"}, "lambdaauth: a cached REQUEST authorizer needs an identity source"},
		{Config{Type: Request, Invoker: inv, Function: "f", IdentitySource: "method.request.path.id"}, `lambdaauth: identity source "method.request.path.id" is not method.request.header.X, method.request.querystring.X, stageVariables.X or context.X`},
		{Config{Type: Request, Invoker: inv, Function: "f", IdentitySource: "context.nope"}, `lambdaauth: identity source "context.nope": no such $context variable`},
		{Config{Type: Request, Invoker: inv, Function: "f", IdentitySource: "stageVariables."}, `lambdaauth: identity source "stageVariables." names nothing`},
		{Config{Type: Request, Invoker: inv, Function: "f", IdentitySource: "stageVariables.a", IdentityValidationExpression: "x"}, "lambdaauth: identityValidationExpression is for TOKEN authorizers"},
		{Config{Type: Token, Invoker: inv, Function: "f", IdentityValidationExpression: "("}, "lambdaauth: identityValidationExpression: java.util.regex.PatternSyntaxException: Unclosed group near index 1\n("},
		{Config{Type: Token, Invoker: inv, Function: "f", ResultTTL: 3601 * time.Second}, "lambdaauth: result TTL 1h0m1s is not whole seconds from 0 to 1h0m0s"},
		{Config{Type: Token, Invoker: inv, Function: "f", ResultTTL: 1500 * time.Millisecond}, "lambdaauth: result TTL 1.5s is not whole seconds from 0 to 1h0m0s"},
		{Config{Type: Token, Invoker: inv, Function: "f", ResultTTL: -2}, "lambdaauth: result TTL -2ns is not whole seconds from 0 to 1h0m0s"},
	} {
		if _, err := New(c.cfg); err == nil || err.Error() != c.want {
			t.Errorf("error %v\nwant  %s", err, c.want)
		}
	}
	if _, err := New(Config{Type: Request, Invoker: inv, Function: "f", ResultTTL: NoCache}); err != nil {
		t.Errorf("a REQUEST authorizer without sources and caching: %v", err)
	}
	if _, err := New(Config{Type: Token, Invoker: inv, Function: "f", ResultTTL: MaxTTL}); err != nil {
		t.Errorf("TTL 3600 s: %v", err)
	}
}

// TestLocalTimeout runs a Go function through invoke.Local that outlives its timeout: 500.
func TestLocalTimeout(t *testing.T) {
	var fns invoke.Local
	defer fns.Close()
	slow := func(ctx context.Context, _ json.RawMessage) (json.RawMessage, error) {
		<-ctx.Done()
		return json.RawMessage(`{"principalId":"u","policyDocument":` + allowAll + `}`), nil
	}
	if err := fns.Register("slow", slow, invoke.WithTimeout(20*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	l, err := New(Config{Type: Token, Invoker: &fns, Function: "slow"})
	if err != nil {
		t.Fatal(err)
	}
	err = l.Authorize(context.Background(), request("GET", "/", apigatetest.Header("Authorization", "t")))
	if status, _, body := rendered(err); status != 500 || body != `{"message":null}` || !errors.Is(err, apigate.ErrAuthorizerConfiguration) {
		t.Errorf("%d %s %v", status, body, err)
	}
}

func TestMiddleware(t *testing.T) {
	inv := answer(`{"principalId":"me","policyDocument":` + getPets + `,"context":{"tier":"gold","n":2}}`)
	l := newToken(t, inv)
	var got *apigate.Authorizer
	h := auth.Middleware(l, auth.MiddlewareOptions{APIID: "a1b2c3d4e5", Stage: "test", AccountID: "123456789012"})(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got, _ = auth.FromContext(r.Context())
			_, _ = w.Write([]byte("ok"))
		}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, c := range []struct {
		method, path, token string
		status              int
		errType, body       string
	}{
		{"GET", "/pets/1", "t", 200, "", "ok"},
		{"POST", "/pets/1", "t", 403, "AccessDeniedException", `{"Message":"User is not authorized to access this resource"}`},
		{"GET", "/pets/1", "", 401, "UnauthorizedException", `{"message":"Unauthorized"}`},
	} {
		req, _ := http.NewRequest(c.method, srv.URL+c.path, nil)
		if c.token != "" {
			req.Header.Set("Authorization", c.token)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		_, _ = io.Copy(&b, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || resp.Header.Get("x-amzn-ErrorType") != c.errType || b.String() != c.body {
			t.Errorf("%s %s: %d %q %s", c.method, c.path, resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"), b.String())
		}
	}
	if got == nil || got.PrincipalID != "me" || got.Context["tier"] != "gold" || got.Context["n"] != "2" {
		t.Errorf("FromContext: %+v", got)
	}
	if _, ok := auth.FromContext(context.Background()); ok {
		t.Error("FromContext of a bare context")
	}
}

// TestCacheShared checks that authorizers sharing a cache keep their entries apart when they
// read different identity sources.
func TestCacheShared(t *testing.T) {
	cache := new(MemoryCache)
	inv := answer(`{"principalId":"u","policyDocument":` + allowAll + `}`)
	a := newToken(t, inv, func(c *Config) { c.Cache = cache })
	b := newToken(t, inv, func(c *Config) { c.Cache = cache; c.IdentitySource = "method.request.header.X-Other" })
	for _, l := range []*Authorizer{a, b, a, b} {
		r := request("GET", "/", apigatetest.Header("Authorization", "t"), apigatetest.Header("X-Other", "t"))
		if err := l.Authorize(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	if inv.calls.Load() != 2 || cache.Len() != 2 {
		t.Errorf("%d invocations, %d entries; want 2 and 2", inv.calls.Load(), cache.Len())
	}
}

// TestCachePerStage checks that an authorizer's cache is per API stage, as AWS's is: one
// Authorizer (or one shared Cache) in front of two stages or two APIs does not answer one
// from an output the function gave for the other.
func TestCachePerStage(t *testing.T) {
	for _, typ := range []Type{Token, Request} {
		inv := answer(`{"principalId":"u","policyDocument":` + allowAll + `}`)
		l := newToken(t, inv, func(c *Config) { c.Type, c.IdentitySource = typ, "method.request.header.Authorization" })
		for _, at := range [...][2]string{{"a1b2c3d4e5", "test"}, {"a1b2c3d4e5", "prod"}, {"zzzzzzzzzz", "test"}, {"a1b2c3d4e5", "test"}, {"a1b2c3d4e5", "prod"}} {
			r := request("GET", "/", apigatetest.Header("Authorization", "t"), apigatetest.Stage(at[1]))
			r.Context.APIID = at[0]
			if err := l.Authorize(context.Background(), r); err != nil {
				t.Fatal(err)
			}
		}
		if inv.calls.Load() != 3 {
			t.Errorf("%s: %d invocations, want 3 (one per API stage)", typ, inv.calls.Load())
		}
	}
}
