package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth"
)

// Any authorizer guards a plain net/http handler with Middleware, and the handler reads what
// it learned with FromContext.
func ExampleMiddleware() {
	allow := auth.AuthorizerFunc(func(_ context.Context, r *apigate.Request) error {
		if r.Header.Get("Authorization") != "secret" {
			return &apigate.Error{Type: apigate.Unauthorized}
		}
		r.Context.Authorizer = &apigate.Authorizer{PrincipalID: "admin"}
		return nil
	})
	mux := http.NewServeMux()
	mux.HandleFunc("/admin", func(w http.ResponseWriter, r *http.Request) {
		a, _ := auth.FromContext(r.Context())
		fmt.Fprintf(w, "hello %s", a.PrincipalID)
	})
	h := auth.Middleware(allow, auth.MiddlewareOptions{APIID: "local", Stage: "dev"})(mux)

	for _, token := range []string{"secret", "guess"} {
		req := httptest.NewRequest("GET", "/admin", nil)
		req.Header.Set("Authorization", token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Body)
	}
	// Output:
	// 200 hello admin
	// 401 {"message":"Unauthorized"}
}
