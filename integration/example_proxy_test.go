package integration_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/apigatetest"
	"github.com/apigate/apigate/integration"
)

// exampleRequest is the method request the gateway would build for GET /prod/pets/7?verbose=1
// on a resource /{proxy+}.
func exampleRequest() *apigate.Request {
	return apigatetest.NewRequest(http.MethodGet, "/pets/7?verbose=1", nil,
		apigatetest.Resource("/{proxy+}"),
		apigatetest.Header("Accept", "application/json"),
		apigatetest.StageVariables(map[string]string{"version": "v2"}))
}

// A greedy resource proxied to a backend, as the console sets it up: {proxy} in the URI
// mapped from the method request's proxy path parameter.
func ExampleHTTPProxy() {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"path":%q}`, r.URL.RequestURI())
	}))
	defer backend.Close()

	pets := integration.HTTPProxy("ANY", backend.URL+"/${stageVariables.version}/{proxy}", integration.ProxyOptions{
		RequestParameters: map[string]string{
			"integration.request.path.proxy": "method.request.path.proxy",
		},
		Timeout: 5 * time.Second,
	})
	if err := pets.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	resp, err := pets.Integrate(context.Background(), exampleRequest())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, string(resp.Body))
	fmt.Println(resp.Header["x-amzn-Remapped-Content-Length"])
	// Output:
	// 200 {"path":"/v2/pets/7?verbose=1"}
	// [31]
}

// An existing mux served in process behind the gateway: the mux sees the path without the
// stage.
func ExampleHandler() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /pets/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "pet %s, verbose=%s", r.PathValue("id"), r.URL.Query().Get("verbose"))
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		io.WriteString(w, "too late")
	})

	app := integration.Handler(mux, integration.HandlerOptions{Timeout: 50 * time.Millisecond})
	resp, err := app.Integrate(context.Background(), exampleRequest())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), string(resp.Body))

	slow := exampleRequest()
	slow.Path = "/slow"
	_, err = app.Integrate(context.Background(), slow)
	fmt.Println(err.(*apigate.Error).Type)
	// Output:
	// 200 text/plain; charset=utf-8 pet 7, verbose=1
	// INTEGRATION_TIMEOUT
}
