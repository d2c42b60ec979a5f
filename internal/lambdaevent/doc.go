// Package lambdaevent holds API Gateway's Lambda proxy events (payload formats 1.0 and 2.0)
// and the reading of a proxy function's answer: what travels between the gateway and a Lambda
// function whichever way the function is reached.
//
// On the request path it sits inside the Lambda proxy integration (integration/lambda): New
// builds the event of a method request, which AppendJSON writes as the JSON API Gateway sends
// (byte for byte what encoding/json writes for the same keys and values, in AWS's key order)
// and V1 and V2 fill into the github.com/aws/aws-lambda-go/events structs an in-process Go
// function takes; ParseResponse reads the JSON a function answers, and Response.ReadV1 and
// ReadV2 the structs, into a Response the integration turns into the method response.
//
// It is kept out of integration/lambda so that the other direction (running the gateway inside
// a Lambda function, which gets these events and answers these responses) can use the same
// field rules.
//
// The JSON is written and read by hand: an event is built and an answer read for every request
// a Lambda proxy method serves, and encoding/json (reflection, a map per object) costs several
// times what the rest of the request does. The fuzz tests hold both to encoding/json.
package lambdaevent
