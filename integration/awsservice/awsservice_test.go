package awsservice

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
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

// jsonBody decodes a JSON body, failing the test on error.
func jsonBody(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("body %q: %v", b, err)
	}
	return m
}

// writeJSON answers status with a JSON protocol body.
func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Amzn-Requestid", "4KJ5Q7B8CLRT2KVN0P4U9V1SVVVV4KQNSO5AEMVJF66Q9ASUAAJG")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// checkVerified fails the test unless the service verified the last request's signature.
func checkVerified(t *testing.T, f *fakeService) received {
	t.Helper()
	got, err := f.Last(t)
	if err != nil {
		t.Fatalf("the service refused the signature: %v", err)
	}
	return got
}

// checkResponse checks a method response's status and body.
func checkResponse(t *testing.T, resp *apigate.Response, status int, body string) {
	t.Helper()
	if resp.StatusCode != status || string(resp.Body) != body {
		t.Errorf("response %d %s, want %d %s", resp.StatusCode, resp.Body, status, body)
	}
}

// TestSQSSendMessage is the common SQS integration: a path-style URI naming the
// queue, a form body rendered by the template, Content-Type mapped to
// application/x-www-form-urlencoded; SQS answers in JSON since API Gateway asks for it.
func TestSQSSendMessage(t *testing.T) {
	sqs := newFakeService(t, "sqs", "us-east-1", "query", func(w http.ResponseWriter, r *http.Request, body []byte) {
		if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			writeJSON(w, 400, "application/json", map[string]any{"Error": map[string]string{"Code": "InvalidParameterValue", "Message": "Content-Type " + ct}})
			return
		}
		form, _ := url.ParseQuery(string(body))
		if form.Get("Action") != "SendMessage" || r.URL.Path != "/123456789012/orders" {
			writeJSON(w, 400, "application/json", map[string]any{"Error": map[string]string{"Code": "InvalidAction", "Message": form.Get("Action") + " " + r.URL.Path}})
			return
		}
		sum := md5.Sum([]byte(form.Get("MessageBody")))
		writeJSON(w, 200, "application/json", map[string]any{"SendMessageResponse": map[string]any{
			"ResponseMetadata": map[string]string{"RequestId": "f4c2b2a6-2f4b-5d4a-8b9e-0c1d2e3f4a5b"},
			"SendMessageResult": map[string]any{"MD5OfMessageAttributes": nil, "MD5OfMessageBody": hex.EncodeToString(sum[:]),
				"MessageId": "5fea7756-0ea4-451a-a703-a558b933e274", "SequenceNumber": nil},
		}})
	})
	in := New("POST", "arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders", Options{
		Options: integration.Options{
			RequestParameters: map[string]string{"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
			RequestTemplates: map[string]string{"application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)" +
				"&MessageAttribute.1.Name=requestId&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$util.urlEncode($context.requestId)"},
			Passthrough: integration.PassthroughNever,
			Responses: []integration.IntegrationResponse{
				{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `{"messageId":"$input.path('$.SendMessageResponse.SendMessageResult.MessageId')","md5":"$input.path('$.SendMessageResponse.SendMessageResult.MD5OfMessageBody')"}`}},
				{SelectionPattern: `4\d{2}`, StatusCode: 400, ResponseTemplates: map[string]string{"application/json": `{"error":"$input.path('$.Error.Code')"}`}},
			},
		},
		Credentials: testCreds,
		Endpoints:   map[string]string{"sqs": sqs.URL},
	})
	order := `{"orderId":"o-1","items":[{"sku":"A-1","qty":2}]}`
	resp := itest.Integrate(t, in, itest.Request("POST", "/orders", order, "Content-Type", "application/json"))
	sum := md5.Sum([]byte(order))
	checkResponse(t, resp, 200, `{"messageId":"5fea7756-0ea4-451a-a703-a558b933e274","md5":"`+hex.EncodeToString(sum[:])+`"}`)

	got := checkVerified(t, sqs)
	form, _ := url.ParseQuery(string(got.Body))
	want := url.Values{"Action": {"SendMessage"}, "MessageBody": {order}, "MessageAttribute.1.Name": {"requestId"},
		"MessageAttribute.1.Value.DataType": {"String"}, "MessageAttribute.1.Value.StringValue": {"c6af9ac6-7b61-11e6-9a41-93e8deadbeef"}}
	if !reflect.DeepEqual(form, want) {
		t.Errorf("form body %v, want %v", form, want)
	}
	// Exactly the headers API Gateway sends an AWS service, the signature's included.
	trace := got.Header.Get("X-Amzn-Trace-Id")
	if !itest.TraceIDPattern.MatchString(trace) || resp.Header.Get("X-Amzn-Trace-Id") != trace {
		t.Errorf("X-Amzn-Trace-Id %q sent, %q returned", trace, resp.Header.Get("X-Amzn-Trace-Id"))
	}
	auth := got.Header.Get("Authorization")
	date := got.Header.Get("X-Amz-Date")
	for _, h := range []string{"Authorization", "X-Amz-Date", "X-Amzn-Trace-Id"} {
		got.Header.Del(h)
	}
	wantHeader := http.Header{
		"Accept":                   {"application/json"},
		"Content-Type":             {"application/x-www-form-urlencoded"},
		"Content-Length":           {strconv.Itoa(len(got.Body))},
		"User-Agent":               {"AmazonAPIGateway_abc123"},
		"X-Amzn-Apigateway-Api-Id": {"abc123"},
	}
	if !reflect.DeepEqual(got.Header, wantHeader) {
		t.Errorf("headers %v\nwant %v", got.Header, wantHeader)
	}
	wantAuth := "AWS4-HMAC-SHA256 Credential=" + testKeyID + "/" + date[:8] + "/us-east-1/sqs/aws4_request, " +
		"SignedHeaders=accept;content-length;content-type;host;x-amz-date;x-amzn-apigateway-api-id, Signature="
	if !strings.HasPrefix(auth, wantAuth) {
		t.Errorf("Authorization %q, want %s...", auth, wantAuth)
	}
	if got.Method != "POST" || got.RawQuery != "" {
		t.Errorf("sent %s ?%s", got.Method, got.RawQuery)
	}
}

// TestSQSAction is the action style: Action=SendMessage in the query string, with
// the queue and the message mapped to query string parameters.
func TestSQSAction(t *testing.T) {
	sqs := newFakeService(t, "sqs", "us-east-1", "query", func(w http.ResponseWriter, r *http.Request, body []byte) {
		q := r.URL.Query()
		if q.Get("Action") != "SendMessage" || q.Get("QueueUrl") == "" {
			w.WriteHeader(400)
			return
		}
		writeJSON(w, 200, "application/json", map[string]any{"SendMessageResponse": map[string]any{
			"SendMessageResult": map[string]any{"MessageId": "m-" + q.Get("MessageBody")}}})
	})
	in := New("POST", "arn:aws:apigateway:us-east-1:sqs:action/SendMessage&Version=2012-11-05", Options{
		Options: integration.Options{
			RequestParameters: map[string]string{
				"integration.request.querystring.QueueUrl":    "'https://sqs.us-east-1.amazonaws.com/123456789012/orders'",
				"integration.request.querystring.MessageBody": "method.request.querystring.text",
			},
			Responses: []integration.IntegrationResponse{{StatusCode: 200, ResponseTemplates: map[string]string{
				"application/json": `$input.path('$.SendMessageResponse.SendMessageResult.MessageId')`}}},
		},
		Credentials: testCreds,
		Endpoints:   map[string]string{"sqs": sqs.URL},
	})
	resp := itest.Integrate(t, in, itest.Request("GET", "/send?text=hello+world%21", ""))
	checkResponse(t, resp, 200, "m-hello world!")
	got := checkVerified(t, sqs)
	// The query string as signed: canonical order, every reserved byte encoded.
	want := "Action=SendMessage&MessageBody=hello%20world%21&QueueUrl=https%3A%2F%2Fsqs.us-east-1.amazonaws.com%2F123456789012%2Forders&Version=2012-11-05"
	if got.Path != "/" || got.RawQuery != want || len(got.Body) != 0 {
		t.Errorf("sent %s?%s body %q\nwant /?%s", got.Path, got.RawQuery, got.Body, want)
	}
}

// TestSNSPublish publishes the request body to a topic, the action style SNS
// integrations use.
func TestSNSPublish(t *testing.T) {
	sns := newFakeService(t, "sns", "eu-central-1", "query", func(w http.ResponseWriter, r *http.Request, body []byte) {
		q := r.URL.Query()
		if q.Get("Action") != "Publish" || q.Get("TopicArn") != "arn:aws:sns:eu-central-1:123456789012:alerts" {
			writeJSON(w, 400, "application/json", map[string]any{"Error": map[string]string{"Code": "InvalidParameter", "Message": "Invalid parameter: TopicArn"}})
			return
		}
		if q.Get("Message") == "" {
			writeJSON(w, 400, "application/json", map[string]any{"Error": map[string]string{"Code": "InvalidParameter", "Message": "Invalid parameter: Empty message"}})
			return
		}
		writeJSON(w, 200, "application/json", map[string]any{"PublishResponse": map[string]any{
			"PublishResult":    map[string]any{"MessageId": "a7e0b6b1-1c5e-5b1a-9d2c-95e3d0d7f1c2", "SequenceNumber": nil},
			"ResponseMetadata": map[string]string{"RequestId": "0f9e8d7c-6b5a-4f3e-2d1c-0b9a8f7e6d5c"}}})
	})
	in := New("POST", "arn:aws:apigateway:eu-central-1:sns:action/Publish", Options{
		Options: integration.Options{
			RequestParameters: map[string]string{
				"integration.request.querystring.TopicArn": "'arn:aws:sns:eu-central-1:123456789012:alerts'",
				"integration.request.querystring.Message":  "method.request.body",
				"integration.request.querystring.Subject":  "method.request.header.X-Subject",
			},
			Responses: []integration.IntegrationResponse{
				{StatusCode: 202, ResponseTemplates: map[string]string{"application/json": `{"published":"$input.path('$.PublishResponse.PublishResult.MessageId')"}`}},
				{SelectionPattern: "400", StatusCode: 400, ResponseTemplates: map[string]string{"application/json": `{"message":"$input.path('$.Error.Message')"}`}},
			},
		},
		Credentials: testCreds,
		Endpoints:   map[string]string{"sns": sns.URL},
	})
	resp := itest.Integrate(t, in, itest.Request("POST", "/alerts", `{"level":"high"}`, "Content-Type", "application/json", "X-Subject", "disk full"))
	checkResponse(t, resp, 202, `{"published":"a7e0b6b1-1c5e-5b1a-9d2c-95e3d0d7f1c2"}`)
	got := checkVerified(t, sns)
	q := itest.Query(t, got.RawQuery)
	if q.Get("Message") != `{"level":"high"}` || q.Get("Subject") != "disk full" {
		t.Errorf("query %v", q)
	}
	// The body passes through too (WHEN_NO_MATCH), with the client's Content-Type.
	if string(got.Body) != `{"level":"high"}` || got.Header.Get("Content-Type") != "application/json" {
		t.Errorf("body %q, Content-Type %q", got.Body, got.Header.Get("Content-Type"))
	}

	resp = itest.Integrate(t, in, itest.Request("POST", "/alerts", ``, "Content-Type", "application/json"))
	checkResponse(t, resp, 400, `{"message":"Invalid parameter: Empty message"}`)
}

// fakeDynamo is a small DynamoDB: PutItem with attribute_not_exists, and Query on the hash key.
type fakeDynamo struct {
	mu    sync.Mutex
	items map[string][]map[string]map[string]string // by table, in insertion order
}

func (d *fakeDynamo) handle(w http.ResponseWriter, r *http.Request, body []byte) {
	const ct = "application/x-amz-json-1.0"
	fail := func(status int, typ, msg string) {
		writeJSON(w, status, ct, map[string]string{"__type": "com.amazonaws.dynamodb.v20120810#" + typ, "message": msg})
	}
	if r.Header.Get("Content-Type") != ct {
		fail(400, "SerializationException", "Content-Type "+r.Header.Get("Content-Type"))
		return
	}
	var req struct {
		TableName                 string
		Item                      map[string]map[string]string
		ConditionExpression       string
		KeyConditionExpression    string
		ExpressionAttributeValues map[string]map[string]string
	}
	if err := json.Unmarshal(body, &req); err != nil {
		fail(400, "SerializationException", err.Error())
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	switch r.Header.Get("X-Amz-Target") {
	case "DynamoDB_20120810.PutItem":
		for _, it := range d.items[req.TableName] {
			if it["id"]["S"] == req.Item["id"]["S"] && req.ConditionExpression == "attribute_not_exists(id)" {
				fail(400, "ConditionalCheckFailedException", "The conditional request failed")
				return
			}
		}
		d.items[req.TableName] = append(d.items[req.TableName], req.Item)
		writeJSON(w, 200, ct, map[string]any{})
	case "DynamoDB_20120810.Query":
		if req.KeyConditionExpression != "owner = :o" {
			fail(400, "ValidationException", "Query condition missed key schema element")
			return
		}
		var out []map[string]map[string]string
		for _, it := range d.items[req.TableName] {
			if it["owner"]["S"] == req.ExpressionAttributeValues[":o"]["S"] {
				out = append(out, it)
			}
		}
		writeJSON(w, 200, ct, map[string]any{"Count": len(out), "Items": out, "ScannedCount": len(d.items[req.TableName])})
	default:
		fail(400, "UnknownOperationException", r.Header.Get("X-Amz-Target"))
	}
}

// TestDynamoDB puts items (X-Amz-Target filled in by API Gateway for the action, a
// condition failure mapped to 409) and queries them back into a list.
func TestDynamoDB(t *testing.T) {
	db := &fakeDynamo{items: map[string][]map[string]map[string]string{}}
	f := newFakeService(t, "dynamodb", "us-west-2", "json", db.handle)
	opts := func(tmpl string, responses ...integration.IntegrationResponse) Options {
		return Options{
			Options: integration.Options{
				RequestParameters: map[string]string{"integration.request.header.Content-Type": "'application/x-amz-json-1.0'"},
				RequestTemplates:  map[string]string{"application/json": tmpl},
				Responses:         responses,
			},
			Credentials: testCreds,
			Endpoints:   map[string]string{"dynamodb": f.URL},
		}
	}
	put := New("POST", "arn:aws:apigateway:us-west-2:dynamodb:action/PutItem", opts(
		`{"TableName":"Pets","Item":{"id":{"S":"$input.path('$.id')"},"owner":{"S":"$input.params('owner')"},"name":{"S":"$util.escapeJavaScript($input.path('$.name'))"}},"ConditionExpression":"attribute_not_exists(id)"}`,
		integration.IntegrationResponse{StatusCode: 201, ResponseTemplates: map[string]string{"application/json": `{"created":"$context.requestId"}`}},
		integration.IntegrationResponse{SelectionPattern: "400", StatusCode: 409, ResponseTemplates: map[string]string{
			"application/json": `#set($type = $input.path('$.__type'))#if($type.endsWith("ConditionalCheckFailedException")){"message":"pet exists"}#else{"message":"$input.path('$.message')"}#end`}},
	))
	query := New("POST", "arn:aws:apigateway:us-west-2:dynamodb:action/Query", opts(
		`{"TableName":"Pets","KeyConditionExpression":"owner = :o","ExpressionAttributeValues":{":o":{"S":"$input.params('owner')"}}}`,
		integration.IntegrationResponse{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `#set($items = $input.path('$.Items'))` +
			`{"count":$input.path('$.Count'),"pets":[#foreach($it in $items){"id":"$it.id.S","name":"$util.escapeJavaScript($it.name.S)"}#if($foreach.hasNext),#end#end]}`}},
	))
	for _, pet := range []string{`{"id":"1","name":"Rex"}`, `{"id":"2","name":"Fido \"the dog\""}`} {
		r := itest.Request("POST", "/owners/ann/pets", pet, "Content-Type", "application/json")
		r.PathParameters = map[string]string{"owner": "ann"}
		checkResponse(t, itest.Integrate(t, put, r), 201, `{"created":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef"}`)
		got := checkVerified(t, f)
		if tgt := got.Header.Get("X-Amz-Target"); tgt != "DynamoDB_20120810.PutItem" {
			t.Errorf("X-Amz-Target %q", tgt)
		}
		if got.Path != "/" || got.RawQuery != "Action=PutItem" {
			t.Errorf("sent %s?%s", got.Path, got.RawQuery)
		}
	}
	r := itest.Request("POST", "/owners/ann/pets", `{"id":"1","name":"Rex again"}`, "Content-Type", "application/json")
	r.PathParameters = map[string]string{"owner": "ann"}
	checkResponse(t, itest.Integrate(t, put, r), 409, `{"message":"pet exists"}`)

	r = itest.Request("GET", "/owners/ann/pets", "")
	r.PathParameters = map[string]string{"owner": "ann"}
	checkResponse(t, itest.Integrate(t, query, r), 200, `{"count":2,"pets":[{"id":"1","name":"Rex"},{"id":"2","name":"Fido \"the dog\""}]}`)
	got := checkVerified(t, f)
	if got.Header.Get("X-Amz-Target") != "DynamoDB_20120810.Query" || got.Method != "POST" {
		t.Errorf("%s X-Amz-Target %q", got.Method, got.Header.Get("X-Amz-Target"))
	}
}

// TestStepFunctions starts an execution with the request as its input.
func TestStepFunctions(t *testing.T) {
	var input string
	f := newFakeService(t, "states", "us-east-1", "json", func(w http.ResponseWriter, r *http.Request, body []byte) {
		if r.Header.Get("X-Amz-Target") != "AWSStepFunctions.StartExecution" {
			writeJSON(w, 400, "application/x-amz-json-1.0", map[string]string{"__type": "UnknownOperationException"})
			return
		}
		var req struct{ StateMachineArn, Input, Name string }
		if err := json.Unmarshal(body, &req); err != nil || !strings.HasPrefix(req.StateMachineArn, "arn:aws:states:") {
			writeJSON(w, 400, "application/x-amz-json-1.0", map[string]string{"__type": "InvalidArn", "message": fmt.Sprint(err)})
			return
		}
		input = req.Input
		writeJSON(w, 200, "application/x-amz-json-1.0", map[string]any{
			"executionArn": "arn:aws:states:us-east-1:123456789012:execution:Orders:" + req.Name, "startDate": 1.7250093e9})
	})
	in := New("POST", "arn:aws:apigateway:us-east-1:states:action/StartExecution", Options{
		Options: integration.Options{
			RequestParameters: map[string]string{"integration.request.header.Content-Type": "'application/x-amz-json-1.0'"},
			RequestTemplates: map[string]string{"application/json": `{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:Orders",` +
				`"input":"$util.escapeJavaScript($input.json('$'))","name":"$context.requestId"}`},
			Responses: []integration.IntegrationResponse{{StatusCode: 200,
				ResponseParameters: map[string]string{"method.response.header.X-Request-Id": "integration.response.header.x-amzn-RequestId"},
				ResponseTemplates:  map[string]string{"application/json": `{"executionArn":"$input.path('$.executionArn')"}`}}},
		},
		Credentials: testCreds,
		Endpoints:   map[string]string{"states": f.URL},
	})
	resp := itest.Integrate(t, in, itest.Request("POST", "/orders", `{"orderId": "o-9", "total": 12.5}`, "Content-Type", "application/json"))
	checkResponse(t, resp, 200, `{"executionArn":"arn:aws:states:us-east-1:123456789012:execution:Orders:c6af9ac6-7b61-11e6-9a41-93e8deadbeef"}`)
	if resp.Header.Get("X-Request-Id") == "" {
		t.Errorf("headers %v", resp.Header)
	}
	checkVerified(t, f)
	if m := jsonBody(t, []byte(input)); m["orderId"] != "o-9" || m["total"] != 12.5 {
		t.Errorf("execution input %q", input)
	}
}

// TestEventBridge puts an event: EventBridge needs X-Amz-Target and its JSON 1.1
// Content-Type mapped, since API Gateway fills in neither for it.
func TestEventBridge(t *testing.T) {
	f := newFakeService(t, "events", "us-east-1", "json", func(w http.ResponseWriter, r *http.Request, body []byte) {
		const ct = "application/x-amz-json-1.1"
		if r.Header.Get("X-Amz-Target") != "AWSEvents.PutEvents" || r.Header.Get("Content-Type") != ct {
			writeJSON(w, 400, ct, map[string]string{"__type": "UnknownOperationException", "message": r.Header.Get("X-Amz-Target")})
			return
		}
		var req struct {
			Entries []struct{ Source, DetailType, Detail, EventBusName string }
		}
		if err := json.Unmarshal(body, &req); err != nil || len(req.Entries) != 1 || !json.Valid([]byte(req.Entries[0].Detail)) {
			writeJSON(w, 400, ct, map[string]string{"__type": "ValidationException", "message": fmt.Sprint(err)})
			return
		}
		writeJSON(w, 200, ct, map[string]any{"Entries": []map[string]string{{"EventId": "11710aed-b79e-4468-a20b-bb3c0c3b4860"}}, "FailedEntryCount": 0})
	})
	opts := Options{
		Options: integration.Options{
			RequestParameters: map[string]string{
				"integration.request.header.X-Amz-Target": "'AWSEvents.PutEvents'",
				"integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
			},
			RequestTemplates: map[string]string{"application/json": `{"Entries":[{"Source":"com.example.orders","DetailType":"OrderPlaced",` +
				`"Detail":"$util.escapeJavaScript($input.body)","EventBusName":"default"}]}`},
			Responses: []integration.IntegrationResponse{
				{StatusCode: 200, ResponseTemplates: map[string]string{"application/json": `{"eventId":"$input.path('$.Entries[0].EventId')","failed":$input.path('$.FailedEntryCount')}`}},
				{SelectionPattern: `4\d{2}`, StatusCode: 500, ResponseTemplates: map[string]string{"application/json": `{"error":"$input.path('$.__type')"}`}},
			},
		},
		Credentials: testCreds,
		Endpoints:   map[string]string{"events": f.URL},
	}
	in := New("POST", "arn:aws:apigateway:us-east-1:events:action/PutEvents", opts)
	resp := itest.Integrate(t, in, itest.Request("POST", "/orders", `{"orderId":"o-3"}`, "Content-Type", "application/json"))
	checkResponse(t, resp, 200, `{"eventId":"11710aed-b79e-4468-a20b-bb3c0c3b4860","failed":0}`)
	checkVerified(t, f)

	// Without the mapping, no X-Amz-Target: EventBridge cannot tell the operation.
	delete(opts.RequestParameters, "integration.request.header.X-Amz-Target")
	in = New("POST", "arn:aws:apigateway:us-east-1:events:action/PutEvents", opts)
	resp = itest.Integrate(t, in, itest.Request("POST", "/orders", `{"orderId":"o-3"}`, "Content-Type", "application/json"))
	checkResponse(t, resp, 500, `{"error":"UnknownOperationException"}`)
}

// fakeS3 is a small S3 bucket store.
type fakeS3 struct {
	mu      sync.Mutex
	objects map[string]s3Object // by /bucket/key, decoded
}

type s3Object struct {
	contentType string
	body        []byte
}

func (s *fakeS3) handle(w http.ResponseWriter, r *http.Request, body []byte) {
	key := r.URL.Path // decoded
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.Method {
	case "PUT":
		s.objects[key] = s3Object{contentType: r.Header.Get("Content-Type"), body: body}
		sum := md5.Sum(body)
		w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:])+`"`)
		w.Header().Set("X-Amz-Request-Id", "4442587FB7D0A2F9")
		w.WriteHeader(200)
	case "GET":
		o, ok := s.objects[key]
		if !ok {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(404)
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>%s</Key></Error>`, key)
			return
		}
		w.Header().Set("Content-Type", o.contentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(o.body)))
		w.Write(o.body)
	default:
		w.WriteHeader(405)
	}
}

// TestS3 puts an object and gets it back through path-style URIs whose bucket and key
// come from the method's path, a key that needs escaping included, and maps NoSuchKey to 404.
func TestS3(t *testing.T) {
	store := &fakeS3{objects: map[string]s3Object{}}
	f := newFakeService(t, "s3", "eu-west-1", "s3", store.handle)
	params := map[string]string{
		"integration.request.path.bucket": "method.request.path.folder",
		"integration.request.path.key":    "method.request.path.item",
	}
	put := New("PUT", "arn:aws:apigateway:eu-west-1:s3:path/{bucket}/{key}", Options{
		Options: integration.Options{
			RequestParameters: params,
			Responses: []integration.IntegrationResponse{{StatusCode: 200,
				ResponseParameters: map[string]string{"method.response.header.ETag": "integration.response.header.ETag"},
				ResponseTemplates:  map[string]string{"application/json": `{"stored":true}`}}},
		},
		Credentials: testCreds,
		Endpoints:   map[string]string{"s3": f.URL},
	})
	get := New("GET", "arn:aws:apigateway:eu-west-1:s3:path/{bucket}/{key}", Options{
		Options: integration.Options{
			RequestParameters: params,
			Responses: []integration.IntegrationResponse{
				{StatusCode: 200, ResponseParameters: map[string]string{
					"method.response.header.Content-Type":   "integration.response.header.Content-Type",
					"method.response.header.Content-Length": "integration.response.header.Content-Length"}},
				{SelectionPattern: "404", StatusCode: 404, ResponseTemplates: map[string]string{"application/json": `{"message":"no such file"}`}},
				{SelectionPattern: `(403|5\d{2})`, StatusCode: 500},
			},
		},
		Credentials: testCreds,
		Endpoints:   map[string]string{"s3": f.URL},
	})
	req := func(method, body, item string, header ...string) *apigate.Request {
		r := itest.Request(method, "/files/"+item, body, header...)
		r.PathParameters = map[string]string{"folder": "reports", "item": item}
		return r
	}
	const item = "2024%20Q1%20(final)!.csv" // as the client sent it: path parameters are not decoded
	content := "region,total\neu,12\n"
	resp := itest.Integrate(t, put, req("PUT", content, item, "Content-Type", "text/csv"))
	sum := md5.Sum([]byte(content))
	checkResponse(t, resp, 200, `{"stored":true}`)
	if etag := resp.Header["ETag"]; len(etag) != 1 || etag[0] != `"`+hex.EncodeToString(sum[:])+`"` {
		t.Errorf("ETag %q", etag)
	}
	got := checkVerified(t, f)
	if got.Path != "/reports/2024%20Q1%20%28final%29%21.csv" || got.Header.Get("X-Amz-Content-Sha256") == "" {
		t.Errorf("sent %s %s, x-amz-content-sha256 %q", got.Method, got.Path, got.Header.Get("X-Amz-Content-Sha256"))
	}
	if o := store.objects["/reports/2024 Q1 (final)!.csv"]; string(o.body) != content || o.contentType != "text/csv" {
		t.Errorf("stored %+v (objects %v)", o, store.objects)
	}

	resp = itest.Integrate(t, get, req("GET", "", item, "Accept", "text/csv"))
	checkResponse(t, resp, 200, content)
	if resp.Header.Get("Content-Type") != "text/csv" || resp.Header.Get("Content-Length") != strconv.Itoa(len(content)) {
		t.Errorf("headers %v", resp.Header)
	}
	got = checkVerified(t, f)
	if got.Method != "GET" || len(got.Body) != 0 || got.Header.Get("X-Amz-Content-Sha256") != emptyHash {
		t.Errorf("sent %s body %q x-amz-content-sha256 %q", got.Method, got.Body, got.Header.Get("X-Amz-Content-Sha256"))
	}

	// A constant answer still carries each request's own trace id.
	for range 2 {
		resp = itest.Integrate(t, get, req("GET", "", "missing.csv"))
		checkResponse(t, resp, 404, `{"message":"no such file"}`)
		if got = checkVerified(t, f); resp.Header.Get("X-Amzn-Trace-Id") != got.Header.Get("X-Amzn-Trace-Id") {
			t.Errorf("trace id %q returned, %q sent", resp.Header.Get("X-Amzn-Trace-Id"), got.Header.Get("X-Amzn-Trace-Id"))
		}
	}
}

// TestS3Subdomain sends a bucket.s3 URI to an S3 endpoint override in path style, and
// signs it for the region in a stage variable.
func TestS3Subdomain(t *testing.T) {
	store := &fakeS3{objects: map[string]s3Object{"/site-assets/css/main.css": {contentType: "text/css", body: []byte("body{}")}}}
	f := newFakeService(t, "s3", "ap-southeast-2", "s3", store.handle)
	in := New("GET", "arn:aws:apigateway:${stageVariables.region}:site-assets.s3:path/css/{file}", Options{
		Options: integration.Options{
			RequestParameters: map[string]string{"integration.request.path.file": "method.request.path.file"},
			Responses: []integration.IntegrationResponse{{StatusCode: 200, ResponseParameters: map[string]string{
				"method.response.header.Content-Type": "integration.response.header.Content-Type"}}},
		},
		Credentials: testCreds,
		Endpoints:   map[string]string{"s3": f.URL},
	})
	r := itest.Request("GET", "/css/main.css", "")
	r.PathParameters = map[string]string{"file": "main.css"}
	r.StageVariables = map[string]string{"region": "ap-southeast-2"}
	resp := itest.Integrate(t, in, r)
	checkResponse(t, resp, 200, "body{}")
	if got := checkVerified(t, f); got.Path != "/site-assets/css/main.css" {
		t.Errorf("path %s", got.Path)
	}
}

// TestWrongSecret: the service recomputes the signature with the real secret,
// refuses the request with 403 SignatureDoesNotMatch, and the integration responses select
// on that status like on any other.
func TestWrongSecret(t *testing.T) {
	sqs := newFakeService(t, "sqs", "us-east-1", "query", func(w http.ResponseWriter, r *http.Request, body []byte) {
		t.Error("a badly signed request reached the service")
	})
	opts := Options{
		Options: integration.Options{
			RequestParameters: map[string]string{"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
			RequestTemplates:  map[string]string{"application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"},
			Responses: []integration.IntegrationResponse{
				{StatusCode: 200},
				{SelectionPattern: "403", StatusCode: 502, ResponseTemplates: map[string]string{"application/json": `{"error":"$input.path('$.Error.Code')"}`}},
			},
		},
		Credentials: credentials.NewStaticCredentialsProvider(testKeyID, "not-the-secret", ""),
		Endpoints:   map[string]string{"sqs": sqs.URL},
	}
	in := New("POST", "arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders", opts)
	resp := itest.Integrate(t, in, itest.Request("POST", "/orders", `{"a":1}`, "Content-Type", "application/json"))
	checkResponse(t, resp, 502, `{"error":"SignatureDoesNotMatch"}`)
	if _, err := sqs.Last(t); err == nil || !strings.Contains(err.Error(), "SignatureDoesNotMatch") {
		t.Errorf("service verdict %v", err)
	}

	// An access key the service does not know.
	opts.Credentials = credentials.NewStaticCredentialsProvider("AKIDUNKNOWN", testSecret, "")
	opts.Responses[1].SelectionPattern = "40[0-9]"
	in = New("POST", "arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders", opts)
	resp = itest.Integrate(t, in, itest.Request("POST", "/orders", `{"a":1}`, "Content-Type", "application/json"))
	checkResponse(t, resp, 502, `{"error":"InvalidClientTokenId"}`)

	// Signed for the wrong region: the URI says eu-west-1, the queue is in us-east-1.
	opts.Credentials = testCreds
	in = New("POST", "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders", opts)
	resp = itest.Integrate(t, in, itest.Request("POST", "/orders", `{"a":1}`, "Content-Type", "application/json"))
	checkResponse(t, resp, 502, `{"error":"SignatureDoesNotMatch"}`)
}

// TestSessionToken: temporary credentials send their session token, signed.
func TestSessionToken(t *testing.T) {
	f := newFakeService(t, "sns", "us-east-1", "query", func(w http.ResponseWriter, r *http.Request, body []byte) {
		writeJSON(w, 200, "application/json", map[string]any{"PublishResponse": map[string]any{}})
	})
	f.v.tokens[testKeyID] = testToken
	in := New("POST", "arn:aws:apigateway:us-east-1:sns:action/Publish", Options{
		Options: integration.Options{
			RequestParameters: map[string]string{"integration.request.querystring.Message": "'hi'"},
			Responses:         []integration.IntegrationResponse{{StatusCode: 200}},
		},
		Credentials: credentials.NewStaticCredentialsProvider(testKeyID, testSecret, testToken),
		Endpoints:   map[string]string{"sns": f.URL},
	})
	itest.Integrate(t, in, itest.Request("POST", "/", ""))
	got := checkVerified(t, f)
	if got.Header.Get("X-Amz-Security-Token") != testToken || !strings.Contains(got.Header.Get("Authorization"), "x-amz-security-token") {
		t.Errorf("X-Amz-Security-Token %q, Authorization %q", got.Header.Get("X-Amz-Security-Token"), got.Header.Get("Authorization"))
	}
	// Without the token the service refuses the same key.
	in = New("POST", "arn:aws:apigateway:us-east-1:sns:action/Publish", Options{
		Options:     integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}, {SelectionPattern: "403", StatusCode: 403}}},
		Credentials: testCreds,
		Endpoints:   map[string]string{"sns": f.URL},
	})
	if resp := itest.Integrate(t, in, itest.Request("POST", "/", "")); resp.StatusCode != 403 {
		t.Errorf("status %d without the session token", resp.StatusCode)
	}
}

// TestNoCredentials: credentials that cannot be had fail the request with 500
// API_CONFIGURATION_ERROR, naming the cause, and nothing is sent.
func TestNoCredentials(t *testing.T) {
	f := newFakeService(t, "sqs", "us-east-1", "query", func(w http.ResponseWriter, r *http.Request, body []byte) {})
	for name, p := range map[string]aws.CredentialsProvider{
		"failing": aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{}, errors.New("no EC2 IMDS role found")
		}),
		"empty": credentials.NewStaticCredentialsProvider("", "", ""),
	} {
		in := New("POST", "arn:aws:apigateway:us-east-1:sqs:path/1/q", Options{
			Options: integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}}, Credentials: p, Endpoints: map[string]string{"sqs": f.URL}})
		_, err := in.Integrate(context.Background(), itest.Request("POST", "/", "{}"))
		if itest.ErrorType(err) != apigate.APIConfigurationError {
			t.Fatalf("%s: error %v", name, err)
		}
		if status, body := itest.ErrorResponse(t, err); status != 500 || body != `{"message":"Internal server error"}` {
			t.Errorf("%s: %d %s", name, status, body)
		}
		if name == "failing" && !strings.Contains(err.Error(), "no EC2 IMDS role found") {
			t.Errorf("the cause is lost: %v", err)
		}
	}
	if f.Count() != 0 {
		t.Errorf("the service got %d requests", f.Count())
	}
}

// TestDefaultChain signs with the SDK's default chain when the integration has no
// credentials of its own: here the environment's.
func TestDefaultChain(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", testKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", testSecret)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	f := newFakeService(t, "sqs", "us-east-1", "query", func(w http.ResponseWriter, r *http.Request, body []byte) {
		writeJSON(w, 200, "application/json", map[string]any{})
	})
	in := New("POST", "arn:aws:apigateway:us-east-1:sqs:path/1/q", Options{
		Options: integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}}, Endpoints: map[string]string{"sqs": f.URL}})
	itest.Integrate(t, in, itest.Request("POST", "/", "Action=SendMessage&MessageBody=x"))
	checkVerified(t, f)
}

// TestHeaders: what a mapping may and may not set in an AWS integration request.
func TestHeaders(t *testing.T) {
	f := newFakeService(t, "dynamodb", "us-east-1", "json", func(w http.ResponseWriter, r *http.Request, body []byte) {
		writeJSON(w, 200, "application/x-amz-json-1.0", map[string]any{})
	})
	mk := func(params map[string]string) *integration.NonProxyIntegration {
		return New("POST", "arn:aws:apigateway:us-east-1:dynamodb:action/GetItem", Options{
			Options:     integration.Options{RequestParameters: params, Responses: []integration.IntegrationResponse{{StatusCode: 200}}},
			Credentials: testCreds, Endpoints: map[string]string{"dynamodb": f.URL}})
	}
	for _, h := range []string{"Authorization", "connection", "Expect", "Proxy-Authenticate", "TE", "Content-Length", "X-Amzn-Trace-Id"} {
		_, err := mk(map[string]string{"integration.request.header." + h: "'x'"}).Integrate(context.Background(), itest.Request("POST", "/", "{}"))
		if itest.ErrorType(err) != apigate.APIConfigurationError {
			t.Errorf("mapped %s: error %v", h, err)
		}
	}
	// Mapped headers the signature or the connection sets are dropped; a mapped X-Amz-Target
	// replaces the one API Gateway fills in; the others are sent as mapped.
	in := mk(map[string]string{
		"integration.request.header.x-amz-date":   "'19700101T000000Z'",
		"integration.request.header.Host":         "'evil.example'",
		"integration.request.header.x-amz-target": "'DynamoDB_20120810.BatchGetItem'",
		"integration.request.header.X-Custom":     "method.request.header.x-custom",
	})
	itest.Integrate(t, in, itest.Request("POST", "/", "{}", "X-Custom", "c", "X-Forwarded-For", "203.0.113.9"))
	got := checkVerified(t, f)
	if got.Header.Get("X-Amz-Target") != "DynamoDB_20120810.BatchGetItem" || got.Header.Get("X-Custom") != "c" ||
		len(got.Header.Values("X-Amz-Date")) != 1 || !strings.HasPrefix(got.Host, "127.0.0.1:") {
		t.Errorf("host %s headers %v", got.Host, got.Header)
	}
	for _, h := range []string{"X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto", "X-Amz-Content-Sha256"} {
		if v := got.Header.Get(h); v != "" {
			t.Errorf("%s: %q sent", h, v)
		}
	}
}

// TestFailures: the service's deadline and a service that cannot be reached.
func TestFailures(t *testing.T) {
	slow := newFakeService(t, "sqs", "us-east-1", "query", func(w http.ResponseWriter, r *http.Request, body []byte) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	})
	in := New("POST", "arn:aws:apigateway:us-east-1:sqs:path/1/q", Options{
		Options:     integration.Options{Timeout: 50 * time.Millisecond, Responses: []integration.IntegrationResponse{{StatusCode: 200}}},
		Credentials: testCreds, Endpoints: map[string]string{"sqs": slow.URL}})
	_, err := in.Integrate(context.Background(), itest.Request("POST", "/", "{}"))
	if itest.ErrorType(err) != apigate.IntegrationTimeout {
		t.Errorf("slow service: %v", err)
	}

	closed := newFakeService(t, "sqs", "us-east-1", "query", nil)
	closed.Close()
	in = New("POST", "arn:aws:apigateway:us-east-1:sqs:path/1/q", Options{
		Options:     integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}}},
		Credentials: testCreds, Endpoints: map[string]string{"sqs": closed.URL}})
	_, err = in.Integrate(context.Background(), itest.Request("POST", "/", "{}"))
	if itest.ErrorType(err) != apigate.IntegrationFailure {
		t.Errorf("unreachable service: %v", err)
	}

	// A credential provider that outlives the deadline is a timeout, not a configuration error.
	in = New("POST", "arn:aws:apigateway:us-east-1:sqs:path/1/q", Options{
		Options: integration.Options{Timeout: 50 * time.Millisecond, Responses: []integration.IntegrationResponse{{StatusCode: 200}}},
		Credentials: aws.CredentialsProviderFunc(func(ctx context.Context) (aws.Credentials, error) {
			<-ctx.Done()
			return aws.Credentials{}, ctx.Err()
		}),
		Endpoints: map[string]string{"sqs": slow.URL}})
	_, err = in.Integrate(context.Background(), itest.Request("POST", "/", "{}"))
	if itest.ErrorType(err) != apigate.IntegrationTimeout {
		t.Errorf("slow credentials: %v", err)
	}
}

// TestValidate: definition errors, reported by Validate and answered 500.
func TestValidate(t *testing.T) {
	ok := []integration.IntegrationResponse{{StatusCode: 200}}
	for _, tc := range []struct {
		method, uri string
		endpoints   map[string]string
		want        string
	}{
		{"POST", "arn:aws:apigateway:us-east-1:sqs:foo/bar", nil, "AWS ARN for integration must contain path or action"},
		{"POST", "arn:aws:apigateway:us-east-1:sqs:path", nil, "AWS ARN for integration must contain path or action"},
		{"POST", "arn:aws:apigateway:us-east-1:sqs", nil, "AWS ARN for integration must contain path or action"},
		{"POST", "https://sqs.us-east-1.amazonaws.com/1/q", nil, "an AWS integration URI is"},
		{"POST", "arn:aws:lambda:us-east-1:sqs:path/x", nil, "an AWS integration URI is"},
		{"POST", "arn:aws:apigateway::sqs:path/x", nil, "invalid region"},
		{"POST", "arn:aws:apigateway:us-east-1::path/x", nil, "invalid service"},
		{"POST", "arn:aws:apigateway:us-east-1:SQS:path/x", nil, "invalid service"},
		{"POST", "arn:aws:apigateway:us-east-1:sqs:action/", nil, "the action has no name"},
		{"FETCH", "arn:aws:apigateway:us-east-1:sqs:path/x", nil, "httpMethod"},
		{"POST", "arn:aws:apigateway:us-east-1:sqs:path/x", map[string]string{"sqs": "127.0.0.1:4566"}, `endpoint for "sqs"`},
		{"POST", "arn:aws:apigateway:us-east-1:sqs:path/x", map[string]string{"sqs": "http://h/?a=b"}, `endpoint for "sqs"`},
	} {
		in := New(tc.method, tc.uri, Options{Options: integration.Options{Responses: ok}, Endpoints: tc.endpoints})
		err := in.Validate()
		if err == nil || !errors.Is(err, integration.ErrInvalidIntegration) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %s: %v, want %q", tc.method, tc.uri, err, tc.want)
			continue
		}
		_, ierr := in.Integrate(context.Background(), itest.Request("POST", "/", ""))
		if itest.ErrorType(ierr) != apigate.APIConfigurationError {
			t.Errorf("%s: Integrate %v", tc.uri, ierr)
		}
	}
	in := New("POST", "arn:aws:apigateway:us-east-1:sqs:path/x", Options{Options: integration.Options{
		Responses: []integration.IntegrationResponse{{StatusCode: 200, ResponseParameters: map[string]string{"method.response.header.X-Id": "'1'"}}, {SelectionPattern: "4..", StatusCode: 400}}}})
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := in.MethodResponses(); !reflect.DeepEqual(got, map[int][]string{200: {"X-Id"}, 400: nil}) {
		t.Errorf("MethodResponses %v", got)
	}
	// A stage variable that makes the region invalid fails at run time.
	in = New("POST", "arn:aws:apigateway:${stageVariables.region}:sqs:path/x", Options{Options: integration.Options{Responses: ok}, Credentials: testCreds})
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Integrate(context.Background(), itest.Request("POST", "/", "")); itest.ErrorType(err) != apigate.APIConfigurationError {
		t.Errorf("unset region: %v", err)
	}
}

// TestClientCopied: a client of one's own is used, copied, and never follows a
// redirect (a 307 from S3 is an answer, not a second signed request elsewhere).
func TestClientCopied(t *testing.T) {
	var hops int
	f := newFakeService(t, "s3", "us-east-1", "s3", func(w http.ResponseWriter, r *http.Request, body []byte) {
		hops++
		w.Header().Set("Location", "https://b.s3.eu-west-1.amazonaws.com/k")
		w.WriteHeader(307)
	})
	used := false
	client := &http.Client{Transport: itest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		used = true
		return http.DefaultTransport.RoundTrip(r)
	})}
	in := New("GET", "arn:aws:apigateway:us-east-1:s3:path/b/k", Options{
		Options:     integration.Options{Client: client, Responses: []integration.IntegrationResponse{{StatusCode: 200}, {SelectionPattern: "3\\d\\d", StatusCode: 301, ResponseParameters: map[string]string{"method.response.header.Location": "integration.response.header.Location"}}}},
		Credentials: testCreds, Endpoints: map[string]string{"s3": f.URL}})
	resp := itest.Integrate(t, in, itest.Request("GET", "/", ""))
	if resp.StatusCode != 301 || resp.Header.Get("Location") == "" || hops != 1 || !used || client.CheckRedirect != nil {
		t.Errorf("status %d, %d hops, client used %v", resp.StatusCode, hops, used)
	}
}

// TestBinaryBody: S3 stores a binary body as sent and returns it as bytes to a
// client that accepts the binary type.
func TestBinaryBody(t *testing.T) {
	store := &fakeS3{objects: map[string]s3Object{}}
	f := newFakeService(t, "s3", "us-east-1", "s3", store.handle)
	png := []byte{0x89, 'P', 'N', 'G', 0, 0xff, 0xfe, 1}
	mk := func(method string) *integration.NonProxyIntegration {
		return New(method, "arn:aws:apigateway:us-east-1:s3:path/img/logo.png", Options{
			Options: integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200,
				ResponseParameters: map[string]string{"method.response.header.Content-Type": "integration.response.header.Content-Type"}}}},
			Credentials: testCreds, Endpoints: map[string]string{"s3": f.URL}})
	}
	r := itest.Request("PUT", "/logo.png", string(png), "Content-Type", "image/png")
	r.BinaryMediaTypes = []string{"image/png"}
	itest.Integrate(t, mk("PUT"), r)
	checkVerified(t, f)
	r = itest.Request("GET", "/logo.png", "", "Accept", "image/png")
	r.BinaryMediaTypes = []string{"image/png"}
	resp := itest.Integrate(t, mk("GET"), r)
	if string(resp.Body) != string(png) || resp.Header.Get("Content-Type") != "image/png" {
		t.Errorf("got %q %v", resp.Body, resp.Header)
	}
}

// TestConcurrent signs many requests at once (run with -race).
func TestConcurrent(t *testing.T) {
	f := newFakeService(t, "sqs", "us-east-1", "query", func(w http.ResponseWriter, r *http.Request, body []byte) {
		writeJSON(w, 200, "application/json", map[string]any{"SendMessageResponse": map[string]any{"SendMessageResult": map[string]string{"MessageId": string(body)}}})
	})
	in := New("POST", "arn:aws:apigateway:us-east-1:sqs:path/1/q", Options{
		Options: integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200, ResponseTemplates: map[string]string{
			"application/json": `$input.path('$.SendMessageResponse.SendMessageResult.MessageId')`}}}},
		Credentials: aws.NewCredentialsCache(testCreds), Endpoints: map[string]string{"sqs": f.URL}})
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := "m" + strconv.Itoa(i)
			resp, err := in.Integrate(context.Background(), itest.Request("POST", "/", body))
			if err != nil || string(resp.Body) != body {
				t.Errorf("%s: %v %v", body, resp, err)
			}
		}()
	}
	wg.Wait()
	f.checkAllVerified(t)
}

// TestAnonymous: anonymous credentials send the request unsigned, as the SDK does.
func TestAnonymous(t *testing.T) {
	f := newFakeService(t, "s3", "us-east-1", "s3", func(w http.ResponseWriter, r *http.Request, body []byte) {})
	in := New("GET", "arn:aws:apigateway:us-east-1:s3:path/public/index.html", Options{
		Options:     integration.Options{Responses: []integration.IntegrationResponse{{StatusCode: 200}, {SelectionPattern: "403", StatusCode: 403}}},
		Credentials: aws.AnonymousCredentials{}, Endpoints: map[string]string{"s3": f.URL}})
	if resp := itest.Integrate(t, in, itest.Request("GET", "/", "")); resp.StatusCode != 403 {
		t.Errorf("status %d", resp.StatusCode)
	}
	got, err := f.Last(t)
	if err == nil || got.Header.Get("Authorization") != "" || got.Header.Get("X-Amz-Date") != "" || got.Path != "/public/index.html" {
		t.Errorf("sent %s %v (service: %v)", got.Path, got.Header, err)
	}
}
