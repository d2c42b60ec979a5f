package gateway_test

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
)

// describe writes down what Walk hands out for a method, one line.
func describe(m *gateway.Method) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s id=%d", m.HTTPMethod(), m.ResourcePath(), len(m.ResourceID()))
	if e, ok := m.Integration().(echo); ok {
		fmt.Fprintf(&b, " echo(%d)", e.status)
	}
	if m.Authorizer() != nil {
		b.WriteString(" authorizer")
	}
	if m.APIKeyRequired() {
		b.WriteString(" api-key")
	}
	params := m.RequestParameters()
	for _, k := range slices.Sorted(maps.Keys(params)) {
		fmt.Fprintf(&b, " %s=%v", k, params[k])
	}
	models := m.RequestModels()
	for _, k := range slices.Sorted(maps.Keys(models)) {
		fmt.Fprintf(&b, " model[%s]=%s", k, models[k])
	}
	if v := m.Validation(); v != (gateway.Validation{}) {
		fmt.Fprintf(&b, " validate%+v", v)
	}
	responses := m.MethodResponses()
	for _, s := range slices.Sorted(maps.Keys(responses)) {
		fmt.Fprintf(&b, " response[%d]=%v", s, responses[s])
	}
	return b.String()
}

func TestWalk(t *testing.T) {
	deny := gateway.AuthorizerFunc(nil)
	api := gateway.NewRESTAPI("walk")
	api.Model("Pet", `{"type":"object"}`)
	api.Root().Method("GET", echo{})
	pets := api.Resource("/pets")
	pets.Method("GET", echo{}, gateway.APIKeyRequired(), gateway.RequestParameter("method.request.querystring.limit", false))
	pets.Method("POST", echo{status: 201}, gateway.RequestModel("application/json", "Pet"),
		gateway.RequestParameter("method.request.header.x-trace", true),
		gateway.ValidateRequest(gateway.Validation{Parameters: true, Body: true}),
		gateway.MethodResponse(201, "Location"), gateway.MethodResponse(400))
	api.Resource("/pets/{petId}").Method("ANY", echo{}, gateway.AuthorizeWith(deny))
	api.Resource("/files/{proxy+}").Method("GET", echo{})
	api.Resource("/empty/child").Method("DELETE", echo{})
	want := []string{
		"GET / id=10 echo(0)",
		"GET /pets id=6 echo(0) api-key method.request.querystring.limit=false",
		"POST /pets id=6 echo(201) method.request.header.x-trace=true model[application/json]=Pet validate{Parameters:true Body:true} response[201]=[Location] response[400]=[]",
		"ANY /pets/{petId} id=6 echo(0) authorizer",
		"GET /files/{proxy+} id=6 echo(0)",
		"DELETE /empty/child id=6 echo(0)",
	}
	walk := func(w func(gateway.WalkFunc) error) []string {
		var got []string
		if err := w(func(m *gateway.Method) error { got = append(got, describe(m)); return nil }); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := walk(api.Walk); !slices.Equal(got, want) {
		t.Errorf("RESTAPI.Walk:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	d := mustDeploy(t, api)
	if got := walk(d.Walk); !slices.Equal(got, want) {
		t.Errorf("Deployment.Walk:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// the walk hands out copies: changing them changes neither the API nor the deployment
	d.Walk(func(m *gateway.Method) error {
		if p := m.RequestParameters(); p != nil {
			p["method.request.header.evil"] = true
		}
		if r := m.MethodResponses(); r != nil {
			r[201][0] = "Evil"
			r[500] = nil
		}
		return nil
	})
	// the deployment keeps the definition as deployed: later changes to the API are not in it
	pets.Method("PUT", echo{})
	api.Resource("/pets/{petId}").Resource("toys").Method("GET", echo{})
	if got := walk(d.Walk); !slices.Equal(got, want) {
		t.Errorf("Deployment.Walk after changes:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := walk(api.Walk); len(got) != len(want)+2 || got[3] != "PUT /pets id=6 echo(0)" || got[5] != "GET /pets/{petId}/toys id=6 echo(0)" {
		t.Errorf("RESTAPI.Walk after changes:\n%s", strings.Join(got, "\n"))
	}
	// an error stops the walk
	stop := errors.New("stop")
	n := 0
	if err := d.Walk(func(*gateway.Method) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("Walk returned %v after %d calls", err, n)
	}
	n = 0
	if err := api.Walk(func(*gateway.Method) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("RESTAPI.Walk returned %v after %d calls", err, n)
	}
	if d.APIID() != api.ID() || d.Models()["Pet"] != `{"type":"object"}` {
		t.Errorf("deployment: api id %q, models %v", d.APIID(), d.Models())
	}
}

// TestDeploymentSettings checks the API-wide settings a deployment hands back: as deployed,
// and as copies.
func TestDeploymentSettings(t *testing.T) {
	api := gateway.NewRESTAPI("settings").APIKeySource(gateway.KeyFromAuthorizer).BinaryMediaTypes("image/png")
	api.CustomizeResponse(apigate.MissingAuthenticationToken, gateway.GatewayResponse{StatusCode: 404,
		Parameters: map[string]string{"gatewayresponse.header.X-Id": "context.requestId"},
		Templates:  map[string]string{"application/json": `{"message":$context.error.messageString}`}})
	api.Resource("/x").Method("GET", echo{})
	d := mustDeploy(t, api)
	api.APIKeySource(gateway.KeyFromHeader).CustomizeResponse(apigate.Throttled, gateway.GatewayResponse{StatusCode: 503})
	d.GatewayResponses()[apigate.MissingAuthenticationToken].Templates["application/json"] = "changed"
	if d.Name() != "settings" || d.APIKeySource() != gateway.KeyFromAuthorizer || !slices.Equal(d.BinaryMediaTypes(), []string{"image/png"}) {
		t.Errorf("name %q, key source %v, binary media types %v", d.Name(), d.APIKeySource(), d.BinaryMediaTypes())
	}
	got := d.GatewayResponses()
	want := map[apigate.ResponseType]gateway.GatewayResponse{apigate.MissingAuthenticationToken: {StatusCode: 404,
		Parameters: map[string]string{"gatewayresponse.header.X-Id": "context.requestId"},
		Templates:  map[string]string{"application/json": `{"message":$context.error.messageString}`}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("gateway responses %v, want %v", got, want)
	}
}
