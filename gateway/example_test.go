package gateway_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/stage"
)

// A REST API with one method, served on a stage with a variable, observed by an access log,
// then closed.
func Example() {
	api := gateway.NewRESTAPI("hello")
	api.Resource("/hello/{name}").Method(http.MethodGet, apigate.IntegrationFunc(
		func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
			body := r.StageVariables["greeting"] + ", " + r.PathParameters["name"]
			return &apigate.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte(body)}, nil
		}))
	d, err := api.Deploy()
	if err != nil {
		panic(err)
	}
	accessLog := &apigate.Trace{Done: func(r *apigate.Request, info *apigate.DoneInfo) {
		fmt.Printf("%s %s %s %d %s\n", r.Context.Stage, r.Context.HTTPMethod, r.Context.ResourcePath, info.StatusCode, info.Header.Get("Content-Length"))
	}}
	gw, err := gateway.New(d,
		gateway.Stage(stage.Config{Name: "prod", Variables: stage.Variables{"greeting": "Hello"}}),
		gateway.Observe(accessLog))
	if err != nil {
		panic(err)
	}

	for _, path := range []string{"/prod/hello/Ada", "/prod/bye"} {
		rec := httptest.NewRecorder()
		gw.ServeHTTP(rec, httptest.NewRequest("GET", path, nil)) // or gateway.NewServer(":8080", gw).ListenAndServe()
		fmt.Println(rec.Code, rec.Body)
	}
	fmt.Println(gw.Close(context.Background()))
	// Output:
	// prod GET /hello/{name} 200 10
	// 200 Hello, Ada
	// prod GET  403 42
	// 403 {"message":"Missing Authentication Token"}
	// <nil>
}

// Walk reads a deployed API's methods, as an OpenAPI export does.
func ExampleDeployment_Walk() {
	api := gateway.NewRESTAPI("walk")
	nop := apigate.IntegrationFunc(func(context.Context, *apigate.Request) (*apigate.Response, error) { return nil, nil })
	api.Resource("/pets").Method("GET", nop).Method("POST", nop, gateway.APIKeyRequired())
	api.Resource("/pets/{petId}").Method("GET", nop, gateway.RequestParameter("method.request.header.x-trace", false))
	d, err := api.Deploy()
	if err != nil {
		panic(err)
	}
	d.Walk(func(m *gateway.Method) error {
		fmt.Println(m.HTTPMethod(), m.ResourcePath(), m.APIKeyRequired(), m.RequestParameters())
		return nil
	})
	// Output:
	// GET /pets false map[]
	// POST /pets true map[]
	// GET /pets/{petId} false map[method.request.header.x-trace:false]
}
