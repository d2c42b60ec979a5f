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
// request's signature (awsVerifier) and answers temporary credentials, and loopback services
// that accept only those.

// awsSTS is a loopback STS. AssumeRole, signed with the test key, answers the temporary
// credentials of the role (awsRoleCreds), which expire after ttl; deny is a role it refuses to
// let the caller assume (AccessDenied).
type awsSTS struct {
	*awsFake
	mu    sync.Mutex
	ttl   time.Duration
	deny  string
	delay time.Duration
	calls []url.Values // the AssumeRole requests' forms
}

func awsNewSTS(t *testing.T, region string) *awsSTS {
	s := &awsSTS{ttl: time.Hour}
	s.awsFake = awsNewFake(t, "sts", region, "xml", s.handle)
	return s
}

func (s *awsSTS) handle(w http.ResponseWriter, r *http.Request, body []byte) {
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
		awsWriteQueryXMLError(w, 400, "InvalidAction", fmt.Sprintf("%s %s %q", r.Method, r.Header.Get("Content-Type"), body))
		return
	case !strings.HasPrefix(role, "arn:aws:iam::") || form.Get("RoleSessionName") == "":
		awsWriteQueryXMLError(w, 400, "ValidationError", "1 validation error detected: Value at 'roleArn' failed to satisfy constraint")
		return
	case role == deny:
		awsWriteQueryXMLError(w, 403, "AccessDenied", "User: arn:aws:iam::123456789012:user/apigate-test is not authorized to perform: sts:AssumeRole on resource: "+role)
		return
	}
	c := awsRoleCreds(role)
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
func (s *awsSTS) roles() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var roles []string
	for _, f := range s.calls {
		roles = append(roles, f.Get("RoleArn"))
	}
	return roles
}

// awsRoleCreds are the temporary credentials the loopback STS gives for a role.
func awsRoleCreds(role string) aws.Credentials {
	sum := sha256.Sum256([]byte(role))
	h := hex.EncodeToString(sum[:])
	return aws.Credentials{AccessKeyID: "ASIA" + strings.ToUpper(h[:16]), SecretAccessKey: "tmp/" + h[16:56],
		SessionToken: "IQoJb3JpZ2luX2VjE" + h}
}

// awsTrust makes a loopback service accept the temporary credentials of roles, with their
// session token, and refuse the test key.
func awsTrust(f *awsFake, roles ...string) {
	delete(f.v.secrets, awsTestKeyID)
	for _, role := range roles {
		c := awsRoleCreds(role)
		f.v.secrets[c.AccessKeyID] = c.SecretAccessKey
		f.v.tokens[c.AccessKeyID] = c.SessionToken
	}
}

// awsTestBaseConfig is the base configuration the tests assume roles with: the test key, and
// no retries.
func awsTestBaseConfig() (aws.Config, error) {
	return aws.Config{Credentials: awsTestCreds, Retryer: func() aws.Retryer { return aws.NopRetryer{} }}, nil
}

// roleService is an AWS service integration with a role, and the role, whose base
// configuration a test sets.
type roleService struct {
	*integration.NonProxyIntegration
	roles *roles
}

// awsRoleService is New, assuming its role with awsTestBaseConfig.
func awsRoleService(t *testing.T, uri string, opts Options) roleService {
	t.Helper()
	e := newEndpoint("POST", uri, opts)
	in := integration.NonProxy(e, opts.Options)
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	e.roles.config = awsTestBaseConfig
	return roleService{in, e.roles}
}

// awsRoleSQS is a loopback SQS whose SendMessage answers the access key id that signed it as
// the message id.
func awsRoleSQS(t *testing.T, region string) *awsFake {
	return awsNewFake(t, "sqs", region, "query", func(w http.ResponseWriter, r *http.Request, body []byte) {
		form, _ := url.ParseQuery(string(body))
		if form.Get("Action") != "SendMessage" {
			awsWriteJSON(w, 400, "application/json", map[string]any{"Error": map[string]string{"Code": "InvalidAction"}})
			return
		}
		key, _, _ := strings.Cut(strings.TrimPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential="), "/")
		awsWriteJSON(w, 200, "application/json", map[string]any{"SendMessageResponse": map[string]any{
			"SendMessageResult": map[string]any{"MessageId": key}}})
	})
}

// awsRoleOptions sends SendMessage to sqs, assuming role at sts.
func awsRoleOptions(role string, sqs, sts *awsFake) Options {
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

// TestAWSServiceRole assumes the integration's role: the AssumeRole request is signed with the
// base credentials for sts in the URI's region, and the service request with the temporary
// credentials and their session token; the credentials are kept for the requests that follow.
func TestAWSServiceRole(t *testing.T) {
	const role = "arn:aws:iam::123456789012:role/service-role/apigw-sqs-send"
	sts := awsNewSTS(t, "eu-west-1")
	sqs := awsRoleSQS(t, "eu-west-1")
	awsTrust(sqs, role)
	in := awsRoleService(t, "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders", awsRoleOptions(role, sqs, sts.awsFake))
	temp := awsRoleCreds(role)

	resp := itest.Integrate(t, in, itest.Request("POST", "/orders", `{"orderId":"o-1"}`, "Content-Type", "application/json"))
	awsCheck(t, resp, 200, temp.AccessKeyID)

	got := awsCheckVerified(t, sts.awsFake)
	date := got.Header.Get("X-Amz-Date")
	if want := "AWS4-HMAC-SHA256 Credential=" + awsTestKeyID + "/" + date[:8] + "/eu-west-1/sts/aws4_request,"; !strings.HasPrefix(got.Header.Get("Authorization"), want) {
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

	sent := awsCheckVerified(t, sqs)
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

// TestAWSServiceRoleStageVariables resolves the role's stage variables for each request: two
// stages, two roles, each assumed once and signing its own stage's requests; a stage without
// the variables resolves to no role ARN at all.
func TestAWSServiceRoleStageVariables(t *testing.T) {
	const (
		prod = "arn:aws:iam::111111111111:role/orders-prod"
		test = "arn:aws:iam::222222222222:role/orders-test"
	)
	sts := awsNewSTS(t, "us-east-1")
	sqs := awsRoleSQS(t, "us-east-1")
	awsTrust(sqs, prod, test)
	in := awsRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders",
		awsRoleOptions("arn:aws:iam::${stageVariables.account}:role/${stageVariables.role}", sqs, sts.awsFake))
	stages := map[string]map[string]string{
		prod: {"account": "111111111111", "role": "orders-prod"},
		test: {"account": "222222222222", "role": "orders-test"},
	}
	for range 2 {
		for _, role := range []string{prod, test} {
			r := itest.Request("POST", "/orders", `{}`, "Content-Type", "application/json")
			r.StageVariables = stages[role]
			awsCheck(t, itest.Integrate(t, in, r), 200, awsRoleCreds(role).AccessKeyID)
			if sent := awsCheckVerified(t, sqs); sent.Header.Get("X-Amz-Security-Token") != awsRoleCreds(role).SessionToken {
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

// TestAWSServiceRoleRefresh: credentials that expire within a minute are not used again; the
// role is assumed anew.
func TestAWSServiceRoleRefresh(t *testing.T) {
	const role = "arn:aws:iam::123456789012:role/short"
	sts := awsNewSTS(t, "us-east-1")
	sts.ttl = 30 * time.Second
	sqs := awsRoleSQS(t, "us-east-1")
	awsTrust(sqs, role)
	in := awsRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", awsRoleOptions(role, sqs, sts.awsFake))
	for range 3 {
		awsCheck(t, itest.Integrate(t, in, itest.Request("POST", "/", `{}`, "Content-Type", "application/json")), 200, awsRoleCreds(role).AccessKeyID)
	}
	if sts.Count() != 3 {
		t.Errorf("STS called %d times for 3 requests with credentials about to expire", sts.Count())
	}
}

// TestAWSServiceRoleFailures: a role that cannot be assumed fails the request as other
// credentials that cannot be had do, 500 API_CONFIGURATION_ERROR (504 INTEGRATION_TIMEOUT past
// the deadline), with no secret in the error, and nothing is sent to the service.
func TestAWSServiceRoleFailures(t *testing.T) {
	const role = "arn:aws:iam::123456789012:role/denied"
	sts := awsNewSTS(t, "us-east-1")
	sts.deny = role
	sqs := awsRoleSQS(t, "us-east-1")
	awsTrust(sqs, role)
	send := func(in roleService) error {
		t.Helper()
		_, err := in.Integrate(context.Background(), itest.Request("POST", "/", `{}`, "Content-Type", "application/json"))
		if err == nil {
			t.Fatal("no error")
		}
		if strings.Contains(err.Error(), awsTestSecret) || strings.Contains(err.Error(), "not-the-secret") {
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
	in := awsRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", awsRoleOptions(role, sqs, sts.awsFake))
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
	in = awsRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", awsRoleOptions("arn:aws:iam::123456789012:role/ok", sqs, sts.awsFake))
	in.roles.config = func() (aws.Config, error) {
		return aws.Config{Credentials: credentials.NewStaticCredentialsProvider(awsTestKeyID, "not-the-secret", "")}, nil
	}
	check("bad signature", send(in), "SignatureDoesNotMatch")
	if _, err := sts.Last(t); err == nil {
		t.Error("STS verified a bad signature")
	}

	// No base configuration.
	in = awsRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", awsRoleOptions("arn:aws:iam::123456789012:role/ok", sqs, sts.awsFake))
	in.roles.config = func() (aws.Config, error) {
		return aws.Config{}, errors.New("the default AWS configuration has no credentials")
	}
	check("no base config", send(in), "no credentials")

	// STS cannot be reached.
	closed := awsNewFake(t, "sts", "us-east-1", "xml", nil)
	closed.Close()
	in = awsRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", awsRoleOptions("arn:aws:iam::123456789012:role/ok", sqs, closed))
	check("STS unreachable", send(in), "assuming the role")

	if sqs.Count() != 0 {
		t.Errorf("the service got %d requests", sqs.Count())
	}

	// STS slower than the integration's timeout.
	slow := awsNewSTS(t, "us-east-1")
	slow.delay = 2 * time.Second
	opts := awsRoleOptions("arn:aws:iam::123456789012:role/ok", sqs, slow.awsFake)
	opts.Timeout = 50 * time.Millisecond
	in = awsRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", opts)
	if err := send(in); itest.ErrorType(err) != apigate.IntegrationTimeout {
		t.Errorf("slow STS: %v", err)
	}
}

// TestAWSServiceRoleLimit: an integration keeps the credentials of 64 roles; one more is
// refused, and the roles it has keep working.
func TestAWSServiceRoleLimit(t *testing.T) {
	sts := awsNewSTS(t, "us-east-1")
	sqs := awsRoleSQS(t, "us-east-1")
	roleN := func(i int) string { return "arn:aws:iam::123456789012:role/r" + strconv.Itoa(i) }
	for i := range maxRoles + 1 {
		awsTrust(sqs, roleN(i))
	}
	in := awsRoleService(t, "arn:aws:apigateway:us-east-1:sqs:path/1/q", awsRoleOptions("arn:aws:iam::123456789012:role/r${stageVariables.n}", sqs, sts.awsFake))
	req := func(i int) *apigate.Request {
		r := itest.Request("POST", "/", `{}`, "Content-Type", "application/json")
		r.StageVariables = map[string]string{"n": strconv.Itoa(i)}
		return r
	}
	for i := range maxRoles {
		awsCheck(t, itest.Integrate(t, in, req(i)), 200, awsRoleCreds(roleN(i)).AccessKeyID)
	}
	_, err := in.Integrate(context.Background(), req(maxRoles))
	if itest.ErrorType(err) != apigate.APIConfigurationError || !strings.Contains(err.Error(), "64 roles") {
		t.Errorf("role %d: %v", maxRoles+1, err)
	}
	awsCheck(t, itest.Integrate(t, in, req(0)), 200, awsRoleCreds(roleN(0)).AccessKeyID)
	if sts.Count() != maxRoles {
		t.Errorf("STS called %d times", sts.Count())
	}
}

// TestAWSServiceRoleValidate: the definition errors of a role, reported by Validate and
// answered 500.
func TestAWSServiceRoleValidate(t *testing.T) {
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
	for _, creds := range []aws.CredentialsProvider{awsTestCreds, aws.AnonymousCredentials{}} {
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
	sts := awsNewSTS(t, "us-east-1")
	in := awsRoleService(t, uri, Options{Options: integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}},
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
