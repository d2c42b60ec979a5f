package awsservice

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/internal/itest"
)

// BenchmarkSQS sends a signed SQS SendMessage (a form body rendered by a template) to
// a loopback service and maps its JSON answer. Compare BenchmarkSQSUnsigned, the same
// call as an integration.HTTP integration, for the cost of the signature.
func BenchmarkSQS(b *testing.B) {
	be := benchSQS(b)
	in := New("POST", "arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders", Options{
		Options:     benchOptions(),
		Credentials: aws.NewCredentialsCache(testCreds),
		Endpoints:   map[string]string{"sqs": be.URL},
	})
	itest.Bench(b, in, itest.Request("POST", "/orders", `{"orderId":"o-1","qty":2}`, "Content-Type", "application/json"))
}

// BenchmarkSQSUnsigned is BenchmarkSQS's call as an integration.HTTP integration: the
// same templates, mappings and loopback service, no signature.
func BenchmarkSQSUnsigned(b *testing.B) {
	be := benchSQS(b)
	in := integration.HTTP("POST", be.URL+"/123456789012/orders", benchOptions())
	itest.Bench(b, in, itest.Request("POST", "/orders", `{"orderId":"o-1","qty":2}`, "Content-Type", "application/json"))
}

func benchOptions() integration.Options {
	return integration.Options{
		RequestParameters: map[string]string{"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
		RequestTemplates:  map[string]string{"application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"},
		Responses: []integration.IntegrationResponse{{StatusCode: 200, ResponseTemplates: map[string]string{
			"application/json": `{"messageId":"$input.path('$.SendMessageResponse.SendMessageResult.MessageId')"}`}}},
	}
}

// benchSQS is a loopback SQS that answers every request as SendMessage does (it does not
// verify the signature: the benchmark measures the gateway's side).
func benchSQS(b *testing.B) *httptest.Server {
	be := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header()["Content-Type"] = []string{"application/json"}
		w.Write([]byte(`{"SendMessageResponse":{"ResponseMetadata":{"RequestId":"f4c2b2a6"},"SendMessageResult":{"MD5OfMessageBody":"3e2b0c1a","MessageId":"5fea7756-0ea4-451a-a703-a558b933e274"}}}`))
	}))
	b.Cleanup(be.Close)
	return be
}
