package awsservice

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/itest"
)

// TestDefinition: the integration keeps its definition, its role as the credentials.
func TestDefinition(t *testing.T) {
	const uri = "arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders"
	const role = "arn:aws:iam::123456789012:role/apigw-sqs-send"
	opts := integration.Options{RequestTemplates: map[string]string{"application/json": "Action=SendMessage"},
		Responses: []integration.IntegrationResponse{{StatusCode: 200}}}
	got := New("post", uri, Options{Options: opts, Role: role}).Definition()
	want := integration.Definition{Type: integration.TypeAWS, HTTPMethod: "POST", URI: uri, Credentials: role,
		RequestTemplates: opts.RequestTemplates, Timeout: integration.DefaultTimeout, Responses: opts.Responses}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
}

// TestTrace: the Trace sees the request as sent, signed, with the signature masked, and the
// service's answer.
func TestTrace(t *testing.T) {
	sns := newFakeService(t, "sns", "us-east-1", "query", func(w http.ResponseWriter, r *http.Request, body []byte) {
		writeJSON(w, 200, "application/json", map[string]any{"PublishResponse": map[string]any{}})
	})
	in := New("POST", "arn:aws:apigateway:us-east-1:sns:action/Publish", Options{
		Options:     integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}},
		Credentials: testCreds, Endpoints: map[string]string{"sns": sns.URL}})
	var req apigate.IntegrationRequestInfo
	var resp apigate.IntegrationResponseInfo
	r := itest.Request("POST", "/", "")
	r.Trace = &apigate.Trace{
		IntegrationRequest:  func(_ *apigate.Request, i *apigate.IntegrationRequestInfo) { req = *i; req.Header = i.Header.Clone() },
		IntegrationResponse: func(_ *apigate.Request, i *apigate.IntegrationResponseInfo) { resp = *i },
	}
	itest.Integrate(t, in, r)
	if req.Method != "POST" || req.URI != sns.URL+"/?Action=Publish" || !isMasked(req.Header.Get("Authorization")) || req.Header.Get("X-Amz-Date") == "" {
		t.Errorf("request %s %s %v", req.Method, req.URI, req.Header)
	}
	if resp.StatusCode != 200 || !strings.Contains(string(resp.Body), "PublishResponse") || resp.Err != nil {
		t.Errorf("response %+v", resp)
	}
}

// isMasked reports whether v is a secret header's value as a Trace sees it: asterisks but for
// the last six characters.
func isMasked(v string) bool {
	return len(v) > 24 && strings.Trim(v[:len(v)-6], "*") == "" && !strings.Contains(v[len(v)-6:], "*")
}
