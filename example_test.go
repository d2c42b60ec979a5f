package apigate_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/apigate/apigate"
)

// A stage reports a failure as an *Error; errors.Is matches it by type, whatever its message or
// cause, through any wrapping.
func ExampleError() {
	err := fmt.Errorf("rate limiter: %w", &apigate.Error{Type: apigate.Throttled, Message: "Slow down", Err: errors.New("bucket empty")})
	fmt.Println(errors.Is(err, apigate.ErrThrottled), errors.Is(err, apigate.ErrQuotaExceeded))
	var ge *apigate.Error
	if errors.As(err, &ge) {
		msg, _ := ge.MessageText()
		fmt.Println(ge.Type.DefaultStatus(), ge.Type.ErrorType(), msg)
	}
	// Output:
	// true false
	// 429 TooManyRequestsException Slow down
}

// An integration is a function of the method request, as an http.HandlerFunc is of the
// client's request.
func ExampleIntegrationFunc() {
	hello := apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		if r.PathParameters["name"] == "" {
			return nil, &apigate.Error{Type: apigate.BadRequestParameters}
		}
		return &apigate.Response{StatusCode: http.StatusOK, Body: []byte("hello " + r.PathParameters["name"])}, nil
	})
	resp, err := hello.Integrate(context.Background(), &apigate.Request{PathParameters: map[string]string{"name": "Ada"}})
	fmt.Println(resp.StatusCode, string(resp.Body), err)
	_, err = hello.Integrate(context.Background(), &apigate.Request{})
	fmt.Println(err)
	// Output:
	// 200 hello Ada <nil>
	// BAD_REQUEST_PARAMETERS: Missing required request parameters
}

// A stage that works on after its call (a goroutine logging the request, a cache filling
// itself) keeps a clone: the gateway reuses the request once the response is written.
func ExampleRequest_Clone() {
	kept := make(chan *apigate.Request, 1)
	logRequest := apigate.IntegrationFunc(func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
		kept <- r.Clone() // r itself is the gateway's: valid only during the call
		return &apigate.Response{StatusCode: http.StatusAccepted}, nil
	})
	r := &apigate.Request{Method: "POST", Path: "/orders", Body: []byte(`{"id":1}`)}
	logRequest.Integrate(context.Background(), r)
	*r = apigate.Request{} // as the gateway clears it
	c := <-kept
	fmt.Println(c.Method, c.Path, string(c.Body))
	// Output:
	// POST /orders {"id":1}
}
