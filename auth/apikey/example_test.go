package apikey_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/apikey"
	"github.com/apigate/apigate/gateway"
)

// A method that requires an API key, served by a gateway whose keys are in a Store. A key is
// accepted on a stage when a usage plan admits it there (here the in-memory Stages).
func ExampleStore() {
	api := gateway.NewRESTAPI("pets").SetID("a1b2c3d4e5")
	api.Resource("/pets").Method("GET", apigate.IntegrationFunc(
		func(_ context.Context, r *apigate.Request) (*apigate.Response, error) {
			return &apigate.Response{StatusCode: 200, Body: []byte("hello " + r.Context.Identity.APIKeyID)}, nil
		}), gateway.APIKeyRequired())
	d, err := api.Deploy()
	if err != nil {
		panic(err)
	}

	plans := &apikey.Stages{}
	keys := &apikey.Store{Plans: plans}
	partner, err := keys.Add(apikey.Key{ID: "partner01", Name: "partner", Value: "PartnerKey0123456789", Enabled: true})
	if err != nil {
		panic(err)
	}
	plans.Allow(partner.ID, apikey.APIStage{APIID: api.ID(), Stage: "prod"})
	gw, err := gateway.New(d, gateway.Keys(keys))
	if err != nil {
		panic(err)
	}
	defer gw.Close(context.Background())

	get := func(key string) {
		req := httptest.NewRequest("GET", "/prod/pets", nil)
		if key != "" {
			req.Header.Set("X-API-Key", key)
		}
		rec := httptest.NewRecorder()
		gw.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Header()["x-amzn-ErrorType"], rec.Body)
	}
	get("PartnerKey0123456789")
	get("")
	get("SomeOtherKey01234567")
	keys.Disable(partner.ID)
	get("PartnerKey0123456789")
	// Output:
	// 200 [] hello partner01
	// 403 [ForbiddenException] {"message":"Forbidden"}
	// 403 [ForbiddenException] {"message":"Forbidden"}
	// 403 [ForbiddenException] {"message":"Forbidden"}
}

// The key check in front of a plain net/http mux; the handler reads the key's id from the
// request's context.
func ExampleMiddleware() {
	keys := &apikey.Store{}
	if _, err := keys.Add(apikey.Key{ID: "k1", Value: "ClientKey01234567890", Enabled: true}); err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /pets", func(w http.ResponseWriter, r *http.Request) {
		id, _ := apikey.FromContext(r.Context())
		fmt.Fprintf(w, "pets for %s", id.APIKeyID)
	})
	h := apikey.Middleware(keys, apikey.MiddlewareOptions{})(mux)

	for _, key := range []string{"ClientKey01234567890", "WrongKey012345678901"} {
		req := httptest.NewRequest("GET", "/pets", nil)
		req.Header.Set("X-API-Key", key)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Body)
	}
	// Output:
	// 200 pets for k1
	// 403 {"message":"Forbidden"}
}
