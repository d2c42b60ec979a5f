package apigate_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/apigate/apigate"
)

// An integration is any value with an Integrate method; IntegrationFunc makes one of a
// function. A failure it returns as an *apigate.Error becomes that gateway response.
func ExampleIntegrationFunc() {
	hello := apigate.IntegrationFunc(func(ctx context.Context, r *apigate.Request) (*apigate.Response, error) {
		name := r.Query.Get("name")
		if name == "" {
			return nil, &apigate.Error{Type: apigate.BadRequestParameters, Message: "Missing required request parameters: [name]"}
		}
		return &apigate.Response{
			StatusCode: http.StatusOK,
			Header:     http.Header{"Content-Type": {"text/plain"}},
			Body:       []byte("hello, " + name),
		}, nil
	})

	resp, _ := hello.Integrate(context.Background(), &apigate.Request{Query: url.Values{"name": {"gopher"}}})
	fmt.Println(resp.StatusCode, string(resp.Body))

	_, err := hello.Integrate(context.Background(), &apigate.Request{})
	var ge *apigate.Error
	if errors.As(err, &ge) {
		fmt.Println(ge.Type.DefaultStatus(), ge.Type.ErrorType(), errors.Is(err, apigate.ErrBadRequestParameters))
	}
	// Output:
	// 200 hello, gopher
	// 400 BadRequestException true
}

// errors.Is matches an *Error by its type, whatever its message or cause.
func ExampleError() {
	cause := errors.New("dial tcp 10.0.0.1:80: connection refused")
	err := fmt.Errorf("calling the backend: %w", &apigate.Error{Type: apigate.IntegrationFailure, Err: cause})

	fmt.Println(errors.Is(err, apigate.ErrIntegrationFailure))
	fmt.Println(errors.Is(err, apigate.ErrIntegrationTimeout))
	fmt.Println(errors.Is(err, cause))
	fmt.Println(err)
	// Output:
	// true
	// false
	// true
	// calling the backend: INTEGRATION_FAILURE: Network error communicating with endpoint: dial tcp 10.0.0.1:80: connection refused
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

// Each gateway response type has AWS's default status, error type and message.
func ExampleResponseType() {
	for _, t := range []apigate.ResponseType{apigate.MissingAuthenticationToken, apigate.Throttled, apigate.IntegrationTimeout} {
		fmt.Println(t, t.DefaultStatus(), t.ErrorType(), t.DefaultMessage(), t.Parent())
	}
	// Output:
	// MISSING_AUTHENTICATION_TOKEN 403 MissingAuthenticationTokenException Missing Authentication Token DEFAULT_4XX
	// THROTTLED 429 TooManyRequestsException Too Many Requests DEFAULT_4XX
	// INTEGRATION_TIMEOUT 504 InternalServerErrorException Endpoint request timed out DEFAULT_5XX
}
