package awsservice_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/awsservice"
)

// An AWS service integration sends an SQS queue the method request as a message: the request
// template renders SendMessage's form body, a mapping sets its Content-Type, and the request is
// signed with Signature Version 4 for sqs in the URI's region. The endpoint override points
// SQS at a local service (LocalStack, ElasticMQ; here a stand-in that prints what it got); the
// response template maps SQS's JSON answer.
func ExampleNew() {
	sqs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		// Authorization: AWS4-HMAC-SHA256 Credential={key id}/{date}/{region}/{service}/aws4_request, ...
		auth, _, _ := strings.Cut(r.Header.Get("Authorization"), ",")
		credential := strings.Split(strings.TrimPrefix(auth, "AWS4-HMAC-SHA256 Credential="), "/")
		fmt.Printf("sqs: %s %s %s Action=%s MessageBody=%s\n", r.Method, r.URL.Path, r.Header.Get("Content-Type"), form.Get("Action"), form.Get("MessageBody"))
		fmt.Printf("sqs: signed by %s for %s\n", credential[0], strings.Join(credential[2:], "/"))
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"SendMessageResponse":{"SendMessageResult":{"MessageId":"5fea7756-0ea4-451a-a703-a558b933e274"}}}`)
	}))
	defer sqs.Close()

	send := awsservice.New("POST", "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders", awsservice.Options{
		Options: integration.Options{
			RequestParameters: map[string]string{"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
			RequestTemplates:  map[string]string{"application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"},
			Responses: []integration.IntegrationResponse{
				{StatusCode: 202, ResponseTemplates: map[string]string{
					"application/json": `{"queued":"$input.path('$.SendMessageResponse.SendMessageResult.MessageId')"}`}},
				{SelectionPattern: `4\d{2}`, StatusCode: 500, ResponseTemplates: map[string]string{
					"application/json": `{"message":"$input.path('$.Error.Message')"}`}},
			},
		},
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""),
		Endpoints:   map[string]string{"sqs": sqs.URL},
	})
	if err := send.Validate(); err != nil {
		panic(err)
	}
	// the method request as the gateway hands it to the integration
	r := apigatetest.NewRequest("POST", "/orders", strings.NewReader(`{"orderId":"o-1"}`),
		apigatetest.Header("Content-Type", "application/json"))
	resp, err := send.Integrate(context.Background(), r)
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, string(resp.Body))
	// Output:
	// sqs: POST /123456789012/orders application/x-www-form-urlencoded Action=SendMessage MessageBody={"orderId":"o-1"}
	// sqs: signed by AKIDEXAMPLE for eu-west-1/sqs/aws4_request
	// 202 {"queued":"5fea7756-0ea4-451a-a703-a558b933e274"}
}

// An integration's Role is the IAM role API Gateway's credentials field names: the integration
// assumes it with STS AssumeRole, signed with the SDK's default credentials, and signs the
// service requests with the temporary credentials it gets, until a minute before they expire.
// Stage variables may choose the role, one per stage; the "sts" endpoint override sends the
// AssumeRole requests to LocalStack along with the SQS ones. The caller's credentials
// (arn:aws:iam::*:user/*) are not supported.
func ExampleOptions_role() {
	opts := awsservice.Options{
		Options: integration.Options{
			RequestParameters: map[string]string{"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
			RequestTemplates:  map[string]string{"application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"},
			Responses:         []integration.IntegrationResponse{{StatusCode: 202}},
		},
		Role:      "arn:aws:iam::${stageVariables.account}:role/apigw-sqs-send",
		Endpoints: map[string]string{"sqs": "http://localhost:4566", "sts": "http://localhost:4566"},
	}
	send := awsservice.New("POST", "arn:aws:apigateway:eu-west-1:sqs:path/${stageVariables.account}/orders", opts)
	fmt.Println("role:", send.Validate())

	opts.Role = "arn:aws:iam::*:user/*"
	err := awsservice.New("POST", "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders", opts).Validate()
	fmt.Println("caller's credentials unsupported:", errors.Is(err, errors.ErrUnsupported))
	// Output:
	// role: <nil>
	// caller's credentials unsupported: true
}
