package apikey_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/apikey"
)

func TestMiddleware(t *testing.T) {
	plans := &apikey.Stages{}
	keys := &apikey.Store{Plans: plans}
	mustAdd(t, keys, apikey.Key{ID: "id1", Value: value1, Enabled: true})
	mustAdd(t, keys, apikey.Key{ID: "id2", Value: value2, Enabled: false})
	mustAdd(t, keys, apikey.Key{ID: "id3", Value: value3, Enabled: true})
	plans.Allow("id1", apikey.APIStage{APIID: "api1", Stage: "prod"})
	plans.Allow("id2", apikey.APIStage{APIID: "api1", Stage: "prod"})

	whoami := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := apikey.FromContext(r.Context())
		if !ok {
			http.Error(w, "no identity", 500)
			return
		}
		w.Write([]byte(id.APIKey + "/" + id.APIKeyID))
	})
	mux := http.NewServeMux()
	mux.Handle("/pets", whoami)
	header := apikey.Middleware(keys, apikey.MiddlewareOptions{APIID: "api1", Stage: "prod"})(mux)
	query := apikey.Middleware(keys, apikey.MiddlewareOptions{
		APIID: "api1", Stage: "prod",
		Key: func(r *http.Request) string { return r.URL.Query().Get("key") },
	})(mux)
	custom := apikey.Middleware(keys, apikey.MiddlewareOptions{
		APIID: "api1", Stage: "prod",
		Error: func(w http.ResponseWriter, _ *http.Request, err error) {
			w.WriteHeader(http.StatusUnauthorized)
			switch {
			case errors.Is(err, apikey.ErrMissingKey):
				w.Write([]byte("missing"))
			case errors.Is(err, apikey.ErrDisabledKey):
				w.Write([]byte("disabled"))
			default:
				w.Write([]byte("refused"))
			}
		},
	})(mux)
	anyKey := apikey.Middleware(apikey.CheckerFunc(func(_ context.Context, r *apigate.Request, key string) (string, error) {
		switch key {
		case "throttle":
			return "", apigate.ErrThrottled
		case "fail":
			return "", errors.New("store down")
		}
		return r.Context.Stage + ":" + r.Context.HTTPMethod + ":" + r.Context.Path, nil
	}), apikey.MiddlewareOptions{Stage: "beta"})(mux)

	for _, tc := range []struct {
		name      string
		h         http.Handler
		target    string
		header    []string
		status    int
		errorType string
		body      string
	}{
		{"header key", header, "/pets", []string{"X-API-Key", value1}, 200, "", value1 + "/id1"},
		{"no key", header, "/pets", nil, 403, "ForbiddenException", forbidden},
		{"unknown key", header, "/pets", []string{"X-API-Key", "Unknown0Unknown0Unknown0"}, 403, "ForbiddenException", forbidden},
		{"disabled key", header, "/pets", []string{"X-API-Key", value2}, 403, "ForbiddenException", forbidden},
		{"key in no plan", header, "/pets", []string{"X-API-Key", value3}, 403, "ForbiddenException", forbidden},
		{"key checked before the mux", header, "/nowhere", nil, 403, "ForbiddenException", forbidden},
		{"known key, mux 404", header, "/nowhere", []string{"X-API-Key", value1}, 404, "", "404 page not found\n"},
		{"query key", query, "/pets?key=" + value1, nil, 200, "", value1 + "/id1"},
		{"query source ignores the header", query, "/pets", []string{"X-API-Key", value1}, 403, "ForbiddenException", forbidden},
		{"custom error, missing", custom, "/pets", nil, 401, "", "missing"},
		{"custom error, disabled", custom, "/pets", []string{"X-API-Key", value2}, 401, "", "disabled"},
		{"custom error, unknown", custom, "/pets", []string{"X-API-Key", "nope"}, 401, "", "refused"},
		{"any checker sees the stage", anyKey, "/pets", []string{"X-API-Key", "k"}, 200, "", "k/beta:GET:/beta/pets"},
		{"a checker's own gateway error", anyKey, "/pets", []string{"X-API-Key", "throttle"}, 429, "TooManyRequestsException", `{"message":"Too Many Requests"}`},
		{"a checker's plain error", anyKey, "/pets", []string{"X-API-Key", "fail"}, 403, "ForbiddenException", forbidden},
	} {
		req := httptest.NewRequest("GET", tc.target, nil)
		for i := 0; i+1 < len(tc.header); i += 2 {
			req.Header.Set(tc.header[i], tc.header[i+1])
		}
		rec := httptest.NewRecorder()
		tc.h.ServeHTTP(rec, req)
		if rec.Code != tc.status || rec.Body.String() != tc.body || errorType(rec.Header()) != tc.errorType {
			t.Errorf("%s: got %d %q %q, want %d %q %q", tc.name, rec.Code, errorType(rec.Header()), rec.Body, tc.status, tc.errorType, tc.body)
		}
	}
}

func TestWriteError(t *testing.T) {
	for _, tc := range []struct {
		err       error
		status    int
		errorType string
		body      string
	}{
		{apigate.ErrInvalidAPIKey, 403, "ForbiddenException", `{"message":"Forbidden"}`},
		{&apigate.Error{Type: apigate.InvalidAPIKey, Err: apikey.ErrUnknownKey}, 403, "ForbiddenException", `{"message":"Forbidden"}`},
		{errors.New("not a gateway error"), 403, "ForbiddenException", `{"message":"Forbidden"}`},
		{&apigate.Error{Type: apigate.AccessDenied, Message: "User is not authorized to access this resource"}, 403, "AccessDeniedException", `{"Message":"User is not authorized to access this resource"}`},
		{apigate.ErrAuthorizerConfiguration, 500, "AuthorizerConfigurationException", `{"message":null}`},
		{&apigate.Error{Type: apigate.InvalidAPIKey, Message: `say "no" <now>`, Status: 401}, 401, "ForbiddenException", `{"message":"say \"no\" <now>"}`},
		{apigate.ErrDefault4XX, 400, apigate.Default4XX.ErrorType(), `{"message":` + jsonString(apigate.Default4XX.DefaultMessage()) + `}`},
		{apigate.ErrDefault5XX, 500, apigate.Default5XX.ErrorType(), `{"message":` + jsonString(apigate.Default5XX.DefaultMessage()) + `}`},
	} {
		rec := httptest.NewRecorder()
		apikey.WriteError(rec, httptest.NewRequest("GET", "/", nil), tc.err)
		if rec.Code != tc.status || rec.Body.String() != tc.body || errorType(rec.Header()) != tc.errorType ||
			rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%v: got %d %q %q %q", tc.err, rec.Code, rec.Header(), rec.Body, rec.Header().Get("Content-Type"))
		}
	}
}

// errorType returns the x-amzn-ErrorType header, spelled as AWS sends it.
func errorType(h http.Header) string {
	if v := h["x-amzn-ErrorType"]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
