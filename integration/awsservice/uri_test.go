package awsservice

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/itest"
)

// TestAWSParseHead: the endpoint, signing name and region, and style each URI head resolves to.
func TestAWSParseHead(t *testing.T) {
	local, _ := url.Parse("http://127.0.0.1:4566/prefix/")
	endpoints := map[string]*url.URL{"sqs": local, "s3": local, "special.appsync-api": local}
	for _, tc := range []struct {
		head                                  string
		base, prefix, signing, region, target string
		action, s3, local                     bool
	}{
		{head: "arn:aws:apigateway:us-east-1:sns:action", base: "https://sns.us-east-1.amazonaws.com", signing: "sns", region: "us-east-1", action: true},
		{head: "arn:aws:apigateway:eu-west-1:dynamodb:action", base: "https://dynamodb.eu-west-1.amazonaws.com", signing: "dynamodb", region: "eu-west-1", action: true, target: "DynamoDB_20120810"},
		{head: "arn:aws:apigateway:eu-west-1:dynamodb:path", base: "https://dynamodb.eu-west-1.amazonaws.com", signing: "dynamodb", region: "eu-west-1"},
		{head: "arn:aws:apigateway:us-east-2:states:action", base: "https://states.us-east-2.amazonaws.com", signing: "states", region: "us-east-2", action: true, target: "AWSStepFunctions"},
		{head: "arn:aws:apigateway:us-east-2:kinesis:action", base: "https://kinesis.us-east-2.amazonaws.com", signing: "kinesis", region: "us-east-2", action: true, target: "Kinesis_20131202"},
		{head: "arn:aws:apigateway:us-east-2:events:action", base: "https://events.us-east-2.amazonaws.com", signing: "events", region: "us-east-2", action: true},
		{head: "arn:aws:apigateway:us-west-2:s3:path", base: "https://s3.us-west-2.amazonaws.com", signing: "s3", region: "us-west-2", s3: true},
		{head: "arn:aws:apigateway:us-west-2:my.bucket.s3:path", base: "https://my.bucket.s3.us-west-2.amazonaws.com", signing: "s3", region: "us-west-2", s3: true},
		{head: "arn:aws:apigateway:cn-north-1:sqs:path", base: "https://sqs.cn-north-1.amazonaws.com.cn", signing: "sqs", region: "cn-north-1"},
		{head: "arn:aws-cn:apigateway:cn-north-1:sns:path", base: "https://sns.cn-north-1.amazonaws.com.cn", signing: "sns", region: "cn-north-1"},
		{head: "arn:aws:apigateway:eu-west-3:iam:action", base: "https://iam.amazonaws.com", signing: "iam", region: "us-east-1", action: true},
		{head: "arn:aws:apigateway:eu-west-3:sts:action", base: "https://sts.eu-west-3.amazonaws.com", signing: "sts", region: "eu-west-3", action: true},
		{head: "arn:aws:apigateway:eu-west-3:ses:path", base: "https://email.eu-west-3.amazonaws.com", signing: "ses", region: "eu-west-3"},
		{head: "arn:aws:apigateway:eu-west-3:runtime.sagemaker:path", base: "https://runtime.sagemaker.eu-west-3.amazonaws.com", signing: "sagemaker", region: "eu-west-3"},
		{head: "arn:aws:apigateway:eu-west-3:abc123.appsync-api:path", base: "https://abc123.appsync-api.eu-west-3.amazonaws.com", signing: "appsync", region: "eu-west-3"},
		// Overrides: by service, or by subdomain and service; a bucket moves into the path.
		{head: "arn:aws:apigateway:eu-west-1:sqs:path", base: "http://127.0.0.1:4566", prefix: "/prefix", signing: "sqs", region: "eu-west-1", local: true},
		{head: "arn:aws:apigateway:eu-west-1:assets.s3:path", base: "http://127.0.0.1:4566", prefix: "/prefix/assets", signing: "s3", region: "eu-west-1", s3: true, local: true},
		{head: "arn:aws:apigateway:eu-west-1:special.appsync-api:path", base: "http://127.0.0.1:4566", prefix: "/prefix", signing: "appsync", region: "eu-west-1", local: true},
		{head: "arn:aws:apigateway:eu-west-1:other.appsync-api:path", base: "https://other.appsync-api.eu-west-1.amazonaws.com", signing: "appsync", region: "eu-west-1", local: true},
	} {
		var eps map[string]*url.URL
		if tc.local {
			eps = endpoints
		}
		got, err := parseHead(tc.head, eps)
		if err != nil {
			t.Errorf("%s: %v", tc.head, err)
			continue
		}
		if got.base.String() != tc.base || got.prefix != tc.prefix || got.signingName != tc.signing || got.signingRegion != tc.region ||
			got.action != tc.action || got.s3 != tc.s3 || got.amzTarget != tc.target {
			t.Errorf("%s: %s %q signed %s/%s action %v s3 %v target %q", tc.head, got.base.String(), got.prefix,
				got.signingName, got.signingRegion, got.action, got.s3, got.amzTarget)
		}
	}
}

// TestAWSEscapePath: request paths are sent in the one form every service signs alike.
func TestAWSEscapePath(t *testing.T) {
	for _, tc := range []struct{ in, escaped, unescaped string }{
		{"/123456789012/orders", "/123456789012/orders", "/123456789012/orders"},
		{"/b/a b", "/b/a%20b", "/b/a b"},
		{"/b/a%20b", "/b/a%20b", "/b/a b"},
		{"/b/x(1)!'*+,;=:@$&.txt", "/b/x%281%29%21%27%2A%2B%2C%3B%3D%3A%40%24%26.txt", "/b/x(1)!'*+,;=:@$&.txt"},
		{"/b/dir%2Ffile", "/b/dir%2Ffile", "/b/dir/file"},
		{"/b/100%", "/b/100%25", "/b/100%"},
		{"/b/%zz", "/b/%25zz", "/b/%zz"},
		{"/b/caf%C3%A9/ü", "/b/caf%C3%A9/%C3%BC", "/b/café/ü"},
		{"/b//k/", "/b//k/", "/b//k/"},
		{"/-._~", "/-._~", "/-._~"},
	} {
		e, u := escapePath(tc.in)
		if e != tc.escaped || u != tc.unescaped {
			t.Errorf("%q: %q %q, want %q %q", tc.in, e, u, tc.escaped, tc.unescaped)
			continue
		}
		// Sent as the RawPath of a URL, the path goes out exactly so.
		if got := (&url.URL{Path: u, RawPath: e}).EscapedPath(); got != e {
			t.Errorf("%q: URL sends %q", tc.in, got)
		}
	}
}

// TestURL: the path or action, the URI's parameters and the mapped query string, as
// the request reaches the client's transport.
func TestURL(t *testing.T) {
	for _, tc := range []struct {
		uri    string
		params map[string]string
		want   string
	}{
		{"arn:aws:apigateway:us-east-1:sqs:action/SendMessage", nil, "https://sqs.us-east-1.amazonaws.com/?Action=SendMessage"},
		{"arn:aws:apigateway:us-west-2:s3:action/GetObject&Bucket={bucket}&Key={key}",
			map[string]string{"integration.request.path.bucket": "'b'", "integration.request.path.key": "method.request.path.key"},
			"https://s3.us-west-2.amazonaws.com/?Action=GetObject&Bucket=b&Key=a%26b"},
		{"arn:aws:apigateway:us-east-1:sns:action/Publish?TopicArn=${stageVariables.topic}",
			map[string]string{"integration.request.querystring.Message": "'hi there'"},
			"https://sns.us-east-1.amazonaws.com/?Action=Publish&TopicArn=arn:t&Message=hi+there"},
		{"arn:aws:apigateway:us-west-2:s3:path/{bucket}/{key}",
			map[string]string{"integration.request.path.bucket": "'b'", "integration.request.path.key": "method.request.path.key"},
			"https://s3.us-west-2.amazonaws.com/b/a%26b"},
		{"arn:aws:apigateway:us-west-2:s3:path/b/{key}?list-type=2",
			map[string]string{"integration.request.querystring.prefix": "'p/'"},
			"https://s3.us-west-2.amazonaws.com/b/%7Bkey%7D?list-type=2&prefix=p%2F"},
		{"arn:aws:apigateway:us-west-2:s3:path/", nil, "https://s3.us-west-2.amazonaws.com/"},
		{"arn:aws:apigateway:us-east-1:dynamodb:action/PutItem", nil, "https://dynamodb.us-east-1.amazonaws.com/?Action=PutItem"},
	} {
		var sent *http.Request
		client := &http.Client{Transport: itest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			sent = r
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		})}
		in := New("GET", tc.uri, Options{Options: integration.Options{Client: client, RequestParameters: tc.params,
			Responses: []integration.IntegrationResponse{{StatusCode: 200}}}, Credentials: aws.AnonymousCredentials{}})
		r := itest.Request("GET", "/", "")
		r.PathParameters = map[string]string{"key": "a&b"}
		r.StageVariables = map[string]string{"topic": "arn:t"}
		itest.Integrate(t, in, r)
		if sent == nil || sent.URL.String() != tc.want {
			t.Errorf("%s:\n got %v\nwant %s", tc.uri, sent.URL, tc.want)
		}
		if want := "DynamoDB_20120810.PutItem"; strings.Contains(tc.uri, "dynamodb") && sent.Header.Get("X-Amz-Target") != want {
			t.Errorf("%s: X-Amz-Target %q, want %q", tc.uri, sent.Header.Get("X-Amz-Target"), want)
		}
	}
}
