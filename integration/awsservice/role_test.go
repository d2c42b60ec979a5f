package awsservice

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/itest"
)

// This file tests Options.Role against a loopback STS that verifies the AssumeRole
// request's signature (verifier) and answers temporary credentials, and loopback services
// that accept only those.

// fakeSTS is a loopback STS. AssumeRole, signed with the test key, answers the temporary
// credentials of the role (roleCreds), which expire after ttl; deny is a role it refuses to
// let the caller assume (AccessDenied).
type fakeSTS struct {
	*fakeService
	mu    sync.Mutex
	ttl   time.Duration
	deny  string
	delay time.Duration
	calls []url.Values // the AssumeRole requests' forms
}

func newFakeSTS(t *testing.T, region string) *fakeSTS {
	s := &fakeSTS{ttl: time.Hour}
	s.fakeService = newFakeService(t, "sts", region, "xml", s.handle)
	return s
}

func (s *fakeSTS) handle(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	s.mu.Lock()
	s.calls = append(s.calls, form)
	ttl, deny, delay := s.ttl, s.deny, s.delay
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-r.Context().Done():
		case <-time.After(delay):
		}
	}
	role := form.Get("RoleArn")
	switch {
	case err != nil || r.Method != "POST" || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" ||
		form.Get("Action") != "AssumeRole" || form.Get("Version") != "2011-06-15":
		writeQueryXMLError(w, 400, "InvalidAction", fmt.Sprintf("%s %s %q", r.Method, r.Header.Get("Content-Type"), body))
		return
	case !strings.HasPrefix(role, "arn:aws:iam::") || form.Get("RoleSessionName") == "":
		writeQueryXMLError(w, 400, "ValidationError", "1 validation error detected: Value at 'roleArn' failed to satisfy constraint")
		return
	case role == deny:
		writeQueryXMLError(w, 403, "AccessDenied", "User: arn:aws:iam::123456789012:user/apigate-test is not authorized to perform: sts:AssumeRole on resource: "+role)
		return
	}
	c := roleCreds(role)
	account := strings.Split(role, ":")[4]
	name := role[strings.LastIndexByte(role, '/')+1:]
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::%s:assumed-role/%s/%s</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:%[3]s</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>%s</AccessKeyId>
      <SecretAccessKey>%s</SecretAccessKey>
      <SessionToken>%s</SessionToken>
      <Expiration>%s</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>`, account, name, form.Get("RoleSessionName"), c.AccessKeyID, c.SecretAccessKey, c.SessionToken,
		time.Now().Add(ttl).UTC().Format(time.RFC3339))
}

// roles returns the RoleArn of each AssumeRole request STS got.
func (s *fakeSTS) roles() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var roles []string
	for _, f := range s.calls {
		roles = append(roles, f.Get("RoleArn"))
	}
	return roles
}

// roleCreds are the temporary credentials the loopback STS gives for a role.
func roleCreds(role string) aws.Credentials {
	sum := sha256.Sum256([]byte(role))
	h := hex.EncodeToString(sum[:])
	return aws.Credentials{AccessKeyID: "ASIA" + strings.ToUpper(h[:16]), SecretAccessKey: "tmp/" + h[16:56],
		SessionToken: "IQoJb3JpZ2luX2VjE" + h}
}

// trust makes a loopback service accept the temporary credentials of roles, with their
// session token, and refuse the test key.
func trust(f *fakeService, roles ...string) {
	delete(f.v.secrets, testKeyID)
	for _, role := range roles {
		c := roleCreds(role)
		f.v.secrets[c.AccessKeyID] = c.SecretAccessKey
		f.v.tokens[c.AccessKeyID] = c.SessionToken
	}
}

// testBaseConfig is the base configuration the tests assume roles with: the test key, and
// no retries.
func testBaseConfig() (aws.Config, error) {
	return aws.Config{Credentials: testCreds, Retryer: func() aws.Retryer { return aws.NopRetryer{} }}, nil
}

// roleService is an AWS service integration with a role, and the role, whose base
// configuration a test sets.
type roleService struct {
	*integration.NonProxyIntegration
	roles *roles
}

// newRoleService is New, assuming its role with testBaseConfig.
func newRoleService(t *testing.T, uri string, opts Options) roleService {
	t.Helper()
	e := newEndpoint("POST", uri, opts)
	in := integration.NonProxy(e, opts.Options)
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	e.roles.config = testBaseConfig
	return roleService{in, e.roles}
}

// roleSQS is a loopback SQS whose SendMessage answers the access key id that signed it as
// the message id.
func roleSQS(t *testing.T, region string) *fakeService {
	return newFakeService(t, "sqs", region, "query", func(w http.ResponseWriter, r *http.Request, body []byte) {
		form, _ := url.ParseQuery(string(body))
		if form.Get("Action") != "SendMessage" {
			writeJSON(w, 400, "application/json", map[string]any{"Error": map[string]string{"Code": "InvalidAction"}})
			return
		}
		key, _, _ := strings.Cut(strings.TrimPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential="), "/")
		writeJSON(w, 200, "application/json", map[string]any{"SendMessageResponse": map[string]any{
			"SendMessageResult": map[string]any{"MessageId": key}}})
	})
}

// roleOptions sends SendMessage to sqs, assuming role at sts.
func roleOptions(role string, sqs, sts *fakeService) Options {
	return Options{
		Options: integration.Options{
			RequestParameters: map[string]string{"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
			RequestTemplates:  map[string]string{"application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"},
			Responses: []integration.IntegrationResponse{{StatusCode: 200, ResponseTemplates: map[string]string{
				"application/json": `$input.path('$.SendMessageResponse.SendMessageResult.MessageId')`}}},
		},
		Role:      role,
		Endpoints: map[string]string{"sqs": sqs.URL, "sts": sts.URL},
	}
}

// TestRole assumes the integration's role: the AssumeRole request is signed with the
// base credentials for sts in the URI's region, and the service request with the temporary
// credentials and their session token; the credentials are kept for the requests that follow.
func TestRole(t *testing.T) {
	const role = "arn:aws:iam::123456789012:role/service-role/apigw-sqs-send"
	sts := newFakeSTS(t, "eu-west-1")
	sqs := roleSQS(t, "eu-west-1")
	trust(sqs, role)
	in := newRoleService(t, "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders", roleOptions(role, sqs, sts.fakeService))
	temp := roleCreds(role)

	r := itest.Request("POST", "/orders", `{"orderId":"o-1"}`, "Content-Type", "application/json")
	var traced []http.Header // the trace sees the SQS request alone, its credentials masked
	r.Trace = &apigate.Trace{IntegrationRequest: func(_ *apigate.Request, i *apigate.IntegrationRequestInfo) {
		traced = append(traced, i.Header.Clone())
	}}
	resp := itest.Integrate(t, in, r)
	checkResponse(t, resp, 200, temp.AccessKeyID)
	if len(traced) != 1 || !isMasked(traced[0].Get("Authorization")) || !isMasked(traced[0].Get("X-Amz-Security-Token")) ||
		!strings.HasSuffix(temp.SessionToken, traced[0].Get("X-Amz-Security-Token")[len(temp.SessionToken)-6:]) {
		t.Errorf("traced %v", traced)
	}

	got := checkVerified(t, sts.fakeService)
	date := got.Header.Get("X-Amz-Date")
	if want := "AWS4-HMAC-SHA256 Credential=" + testKeyID + "/" + date[:8] + "/eu-west-1/sts/aws4_request,"; !strings.HasPrefix(got.Header.Get("Authorization"), want) {
		t.Errorf("AssumeRole Authorization %q, want %s...", got.Header.Get("Authorization"), want)
	}
	if got.Header.Get("X-Amz-Security-Token") != "" {
		t.Errorf("AssumeRole sent a session token")
	}
	form := itest.Query(t, string(got.Body))
	if form.Get("Action") != "AssumeRole" || form.Get("RoleArn") != role || form.Get("RoleSessionName") != "apigate" ||
		form.Get("DurationSeconds") != "900" || got.Method != "POST" || got.Path != "/" {
		t.Errorf("AssumeRole: %s %s %v", got.Method, got.Path, form)
	}

	sent := checkVerified(t, sqs)
	if want := "AWS4-HMAC-SHA256 Credential=" + temp.AccessKeyID + "/"; !strings.HasPrefix(sent.Header.Get("Authorization"), want) ||
		!strings.Contains(sent.Header.Get("Authorization"), "x-amz-security-token") {
		t.Errorf("SendMessage Authorization %q, want %s...", sent.Header.Get("Authorization"), want)
	}
	if sent.Header.Get("X-Amz-Security-Token") != temp.SessionToken {
		t.Errorf("X-Amz-Security-Token %q, want %q", sent.Header.Get("X-Amz-Security-Token"), temp.SessionToken)
	}

	// Many requests at once (run with -race), all signed with the credentials already had.
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			resp, err := in.Integrate(context.Background(), itest.Request("POST", "/orders", strconv.Itoa(i), "Content-Type", "application/json"))
			if err != nil || string(resp.Body) != temp.AccessKeyID {
				t.Errorf("request %d: %v %v", i, resp, err)
			}
		})
	}
	wg.Wait()
	if n := sts.Count(); n != 1 {
		t.Errorf("STS called %d times for 17 requests", n)
	}
	sqs.checkAllVerified(t)
}

// TestRoleStageVariables resolves the role's stage variables for each request: two
// stages, two roles, each assumed once and signing its own stage's requests; a stage without
// the variables resolves to no role ARN at all.
func TestRoleStageVariables(t *testing.T) {
	const (
		prod = "arn:aws:iam::111111111111:role/orders-prod"
		test = "arn:aws:iam::222222222222:role/orders-test"
	)
	sts := newFakeSTS(t, "us-east-1")
	sqs := roleSQS(t, "us-east-1")
	trust(sqs, prod, test)
	in := newRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders",
		roleOptions("arn:aws:iam::${stageVariables.account}:role/${stageVariables.role}", sqs, sts.fakeService))
	stages := map[string]map[string]string{
		prod: {"account": "111111111111", "role": "orders-prod"},
		test: {"account": "222222222222", "role": "orders-test"},
	}
	for range 2 {
		for _, role := range []string{prod, test} {
			r := itest.Request("POST", "/orders", `{}`, "Content-Type", "application/json")
			r.StageVariables = stages[role]
			checkResponse(t, itest.Integrate(t, in, r), 200, roleCreds(role).AccessKeyID)
			if sent := checkVerified(t, sqs); sent.Header.Get("X-Amz-Security-Token") != roleCreds(role).SessionToken {
				t.Errorf("%s: X-Amz-Security-Token %q", role, sent.Header.Get("X-Amz-Security-Token"))
			}
		}
	}
	if got := sts.roles(); len(got) != 2 || got[0] != prod || got[1] != test {
		t.Errorf("roles assumed %q, want %q and %q once each", got, prod, test)
	}

	// No stage variables: arn:aws:iam:::role/, which no role is.
	_, err := in.Integrate(context.Background(), itest.Request("POST", "/orders", `{}`, "Content-Type", "application/json"))
	if itest.ErrorType(err) != apigate.APIConfigurationError || !errors.Is(err, integration.ErrInvalidIntegration) ||
		!strings.Contains(err.Error(), `"arn:aws:iam:::role/"`) {
		t.Errorf("no stage variables: %v", err)
	}
	if sts.Count() != 2 {
		t.Errorf("STS called %d times", sts.Count())
	}
}

// TestRoleRefresh: credentials that expire within a minute are not used again; the
// role is assumed anew.
func TestRoleRefresh(t *testing.T) {
	const role = "arn:aws:iam::123456789012:role/short"
	sts := newFakeSTS(t, "us-east-1")
	sts.ttl = 30 * time.Second
	sqs := roleSQS(t, "us-east-1")
	trust(sqs, role)
	in := newRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", roleOptions(role, sqs, sts.fakeService))
	for range 3 {
		checkResponse(t, itest.Integrate(t, in, itest.Request("POST", "/", `{}`, "Content-Type", "application/json")), 200, roleCreds(role).AccessKeyID)
	}
	if sts.Count() != 3 {
		t.Errorf("STS called %d times for 3 requests with credentials about to expire", sts.Count())
	}
}

// TestRoleFailures: a role that cannot be assumed fails the request as other
// credentials that cannot be had do, 500 API_CONFIGURATION_ERROR (504 INTEGRATION_TIMEOUT past
// the deadline), with no secret in the error, and nothing is sent to the service.
func TestRoleFailures(t *testing.T) {
	const role = "arn:aws:iam::123456789012:role/denied"
	sts := newFakeSTS(t, "us-east-1")
	sts.deny = role
	sqs := roleSQS(t, "us-east-1")
	trust(sqs, role)
	send := func(in roleService) error {
		t.Helper()
		_, err := in.Integrate(context.Background(), itest.Request("POST", "/", `{}`, "Content-Type", "application/json"))
		if err == nil {
			t.Fatal("no error")
		}
		if strings.Contains(err.Error(), testSecret) || strings.Contains(err.Error(), "not-the-secret") {
			t.Errorf("a secret in the error: %v", err)
		}
		return err
	}
	check := func(name string, err error, cause string) {
		t.Helper()
		if itest.ErrorType(err) != apigate.APIConfigurationError || !strings.Contains(err.Error(), cause) {
			t.Errorf("%s: %v, want API_CONFIGURATION_ERROR saying %q", name, err, cause)
		}
		if status, body := itest.ErrorResponse(t, err); status != 500 || body != `{"message":"Internal server error"}` {
			t.Errorf("%s: %d %s", name, status, body)
		}
	}

	// STS refuses the role, each time it is asked: a failure is not kept.
	in := newRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", roleOptions(role, sqs, sts.fakeService))
	for range 2 {
		check("AccessDenied", send(in), "assuming the role "+role+" in us-east-1")
	}
	if err := send(in); !strings.Contains(err.Error(), "AccessDenied") {
		t.Errorf("the cause is lost: %v", err)
	}
	if sts.Count() != 3 {
		t.Errorf("STS called %d times for 3 requests", sts.Count())
	}

	// STS refuses the base credentials' signature.
	in = newRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", roleOptions("arn:aws:iam::123456789012:role/ok", sqs, sts.fakeService))
	in.roles.config = func() (aws.Config, error) {
		return aws.Config{Credentials: credentials.NewStaticCredentialsProvider(testKeyID, "not-the-secret", "")}, nil
	}
	check("bad signature", send(in), "SignatureDoesNotMatch")
	if _, err := sts.Last(t); err == nil {
		t.Error("STS verified a bad signature")
	}

	// No base configuration.
	in = newRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", roleOptions("arn:aws:iam::123456789012:role/ok", sqs, sts.fakeService))
	in.roles.config = func() (aws.Config, error) {
		return aws.Config{}, errors.New("the default AWS configuration has no credentials")
	}
	check("no base config", send(in), "no credentials")

	// STS cannot be reached.
	closed := newFakeService(t, "sts", "us-east-1", "xml", nil)
	closed.Close()
	in = newRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", roleOptions("arn:aws:iam::123456789012:role/ok", sqs, closed))
	check("STS unreachable", send(in), "assuming the role")

	if sqs.Count() != 0 {
		t.Errorf("the service got %d requests", sqs.Count())
	}

	// STS slower than the integration's timeout.
	slow := newFakeSTS(t, "us-east-1")
	slow.delay = 2 * time.Second
	opts := roleOptions("arn:aws:iam::123456789012:role/ok", sqs, slow.fakeService)
	opts.Timeout = 50 * time.Millisecond
	in = newRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", opts)
	if err := send(in); itest.ErrorType(err) != apigate.IntegrationTimeout {
		t.Errorf("slow STS: %v", err)
	}
}

// TestRoleLimit: an integration keeps the credentials of 64 roles; one more is
// refused, and the roles it has keep working.
func TestRoleLimit(t *testing.T) {
	sts := newFakeSTS(t, "us-east-1")
	sqs := roleSQS(t, "us-east-1")
	roleN := func(i int) string { return "arn:aws:iam::123456789012:role/r" + strconv.Itoa(i) }
	for i := range maxRoles + 1 {
		trust(sqs, roleN(i))
	}
	in := newRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", roleOptions("arn:aws:iam::123456789012:role/r${stageVariables.n}", sqs, sts.fakeService))
	req := func(i int) *apigate.Request {
		r := itest.Request("POST", "/", `{}`, "Content-Type", "application/json")
		r.StageVariables = map[string]string{"n": strconv.Itoa(i)}
		return r
	}
	for i := range maxRoles {
		checkResponse(t, itest.Integrate(t, in, req(i)), 200, roleCreds(roleN(i)).AccessKeyID)
	}
	_, err := in.Integrate(context.Background(), req(maxRoles))
	if itest.ErrorType(err) != apigate.APIConfigurationError || !strings.Contains(err.Error(), "64 roles") {
		t.Errorf("role %d: %v", maxRoles+1, err)
	}
	checkResponse(t, itest.Integrate(t, in, req(0)), 200, roleCreds(roleN(0)).AccessKeyID)
	if sts.Count() != maxRoles {
		t.Errorf("STS called %d times", sts.Count())
	}
}

// TestRoleValidate: the definition errors of a role, reported by Validate and
// answered 500.
func TestRoleValidate(t *testing.T) {
	opts := func(role string, creds aws.CredentialsProvider) Options {
		return Options{Options: integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}}, Role: role, Credentials: creds}
	}
	const uri = "arn:aws:apigateway:us-east-1:sqs:path/1/q"
	for _, role := range []string{
		"arn:aws:iam::123456789012:role/apigw",
		"arn:aws:iam::123456789012:role/service-role/team/a.b@c=d,e+f_g-h",
		"arn:aws-cn:iam::123456789012:role/apigw",
		"arn:aws:iam::${stageVariables.account}:role/apigw",
		"arn:aws:iam::1234${stageVariables.rest}:role/apigw",
		"arn:aws:iam::123456789012:role/${stageVariables.role}",
		"arn:aws:iam::123456789012:role/${stageVariables.path}/apigw-${stageVariables.env}",
		"arn:${stageVariables.partition}:iam::123456789012:role/apigw",
		"${stageVariables.role}",
		"${stageVariables.a}${stageVariables.b}",
	} {
		if err := New("POST", uri, opts(role, nil)).Validate(); err != nil {
			t.Errorf("%s: %v", role, err)
		}
	}
	for _, role := range []string{
		"apigw",
		"arn:aws:iam::123456789012:user/alice",
		"arn:aws:iam::123456789012:role/",
		"arn:aws:iam::123456789012:role",
		"arn:aws:iam::123456789012:role//apigw",
		"arn:aws:iam::12345678901:role/apigw",
		"arn:aws:iam::1234567890123:role/apigw",
		"arn:aws:iam::12345678901x:role/apigw",
		"arn:aws:iam:us-east-1:123456789012:role/apigw",
		"arn:aws:sts::123456789012:role/apigw",
		"arn:aws:iam::123456789012:role/a b",
		"arn:aws:iam::123456789012:role/" + strings.Repeat("n", 65),
		"arn:aws:iam::123456789012:role/apigw:x",
		"arn:AWS:iam::123456789012:role/apigw",
		"arn:aws:iam::1234567890123${stageVariables.x}:role/apigw",
		"arn:aws:iam::${stageVariables.account}:user/${stageVariables.x}",
		"arn:aws:iam::123456789012:role/ap gw${stageVariables.x}",
		"arn:aws:iam::123456789012:role/apigw\x00",
	} {
		in := New("POST", uri, opts(role, nil))
		err := in.Validate()
		if !errors.Is(err, integration.ErrInvalidIntegration) || !strings.Contains(err.Error(), "not the ARN of an IAM role") {
			t.Errorf("%q: %v", role, err)
			continue
		}
		if _, err := in.Integrate(context.Background(), itest.Request("POST", "/", "")); itest.ErrorType(err) != apigate.APIConfigurationError {
			t.Errorf("%q: Integrate %v", role, err)
		}
	}

	// Both a role and credentials: which would sign?
	for _, creds := range []aws.CredentialsProvider{testCreds, aws.AnonymousCredentials{}} {
		err := New("POST", uri, opts("arn:aws:iam::123456789012:role/apigw", creds)).Validate()
		if !errors.Is(err, integration.ErrInvalidIntegration) || !strings.Contains(err.Error(), "both Credentials and Role") {
			t.Errorf("%T and a role: %v", creds, err)
		}
	}

	// The caller's credentials: API Gateway's IAM authorization, not passed on.
	err := New("POST", uri, opts("arn:aws:iam::*:user/*", nil)).Validate()
	if !errors.Is(err, errors.ErrUnsupported) || !errors.Is(err, integration.ErrInvalidIntegration) || !strings.Contains(err.Error(), "IAM authorization") {
		t.Errorf("the caller's credentials: %v", err)
	}
	// The same, from a stage variable: when the request comes.
	sts := newFakeSTS(t, "us-east-1")
	in := newRoleService(t, uri, Options{Options: integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}},
		Role: "${stageVariables.role}", Endpoints: map[string]string{"sts": sts.URL}})
	r := itest.Request("POST", "/", "")
	r.StageVariables = map[string]string{"role": "arn:aws:iam::*:user/*"}
	if _, err := in.Integrate(context.Background(), r); itest.ErrorType(err) != apigate.APIConfigurationError || !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("the caller's credentials from a stage variable: %v", err)
	}
	if sts.Count() != 0 {
		t.Errorf("STS called %d times", sts.Count())
	}
}
