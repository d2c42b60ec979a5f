// Command petstore serves the PetStore REST API through apigate on 127.0.0.1:8080: a mock
// method, an HTTP integration with request and response templates, a proxy to an in-process
// backend mux, validation of a POST body, a customized gateway response, and methods behind an
// API key, a Lambda TOKEN authorizer written in Go, a Cognito-style JWT authorizer (with a local
// issuer) and IAM (SigV4). It prints
// commands to try with curl.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/lambdaauth"
	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/lambda"
	"github.com/apigate/apigate/stage"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	// The backend: an ordinary net/http service and two Lambda functions over the same store.
	// The HTTP integrations reach the service over loopback, the proxy method calls its handler
	// in-process, and the Lambda methods run the functions in-process.
	st := newStore()
	bl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	// The backend's listener also serves the local OpenID Connect issuer of the JWT method.
	auth, err := newDemoAuth(bl.Addr().String())
	if err != nil {
		log.Fatal(err)
	}
	backend := http.NewServeMux()
	backend.Handle("/issuer/", auth.issuerHandler())
	backend.Handle("/", st.handler())
	go gateway.NewServer("", backend).Serve(bl) // the same timeouts as the gateway's server

	gw, err := newGateway(bl.Addr().String(), st, auth)
	if err != nil {
		log.Fatal(err)
	}
	token, err := auth.idToken("ada", time.Hour)
	if err != nil {
		log.Fatal(err)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	base := "http://" + l.Addr().String() + "/prod"
	fmt.Printf(`apigate petstore listening on %s (stage "prod")

  curl -i %[2]s/ping                      # MOCK integration with a response template
  curl -i %[2]s/pets                      # Lambda proxy: an in-process Go function gets the event
  curl -i '%[2]s/pets?type=dog'           # ... and reads the query string from it
  curl -i -X POST %[2]s/pets -H 'Content-Type: application/json' -d '{"type":"bird","price":12.5}'   # Lambda, non-proxy, templates
  curl -i -X POST %[2]s/pets -H 'Content-Type: application/json' -d '{"type":"bird","price":20000}'  # function error mapped to 400
  curl -i -X POST %[2]s/pets -H 'Content-Type: application/json' -d '{"type":"bird"}'   # 400 Invalid request body
  curl -i '%[2]s/shelter/pets?type=cat'   # HTTP integration, response template reshapes the list
  curl -i %[2]s/pets/1                    # path parameter mapped into the backend URI
  curl -i %[2]s/pets/99                   # backend 404 selected into a 404 method response
  curl -i %[2]s/store/pets/2              # ANY /store/{proxy+}: the backend mux in-process
  curl -i -X POST %[2]s/pets -H 'Content-Type: application/json' -d '[]'   # 400: the model wants an object
  curl -i -X POST %[2]s/pets -d '[]'      # 415: a body that is not JSON is refused, not passed on
  curl -i %[2]s/nowhere                   # customized MISSING_AUTHENTICATION_TOKEN response
  curl -i %[2]s/partner/pets -H 'x-api-key: %[3]s'   # API key required
  curl -i %[2]s/partner/pets              # 403 Forbidden: no key
  curl -i %[2]s/me -H 'Authorization: %[4]s'   # Cognito-style JWT: an ID token the local issuer signed (1 h)
  curl -i %[2]s/me                        # 401 Unauthorized: no token
  curl -i %[2]s/iam/pets --aws-sigv4 'aws:amz:%[5]s:execute-api' --user '%[6]s:%[7]s'   # IAM: a SigV4-signed request
  curl -i %[2]s/iam/pets                  # not signed: MISSING_AUTHENTICATION_TOKEN (customized above)
  curl -i %[2]s/token/pets -H 'Authorization: allow-ada'   # Lambda TOKEN authorizer (a Go function): allowed, cached
  curl -i %[2]s/token/pets -H 'Authorization: deny'        # 403: the function's policy denies explicitly
  curl -i %[2]s/token/pets -H 'Authorization: guess'       # 401: the function answers Unauthorized
`, l.Addr(), base, demoAPIKey, token, demoRegion, demoAccessKey, demoSecretKey)
	// A server with timeouts (a bare http.Serve has none), shut down on Ctrl-C: the server
	// stops taking requests and waits for those in flight, then the gateway closes what it holds.
	srv := gateway.NewServer(*addr, gw)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		if err := gw.Close(ctx); err != nil {
			log.Print(err)
		}
	}()
	if err := srv.Serve(l); err != http.ErrServerClosed {
		log.Fatal(err)
	}
	<-closed
}

// newGateway defines the PetStore API and serves it on the stage "prod". backendAddr is the
// host:port of the backend for the HTTP integrations; st is the same service in-process, whose
// functions the Lambda methods run; auth holds what the protected methods check.
func newGateway(backendAddr string, st *store, auth *demoAuth) (*gateway.Gateway, error) {
	backend := st.handler()
	functions := &invoke.Local{}
	if err := functions.Register("listPets", st.listPets); err != nil {
		return nil, err
	}
	if err := functions.Register("createPet", st.createPet); err != nil {
		return nil, err
	}
	if err := functions.Register("authorizeToken", authorizeToken); err != nil {
		return nil, err
	}

	api := gateway.NewRESTAPI("petstore")
	// The model refuses what the request template cannot take safely: anything but an object
	// with a known type and a non-negative price, and any other field.
	api.Model("NewPet", `{
		"$schema": "http://json-schema.org/draft-04/schema#",
		"type": "object",
		"required": ["type", "price"],
		"additionalProperties": false,
		"properties": {
			"type":  {"type": "string", "enum": ["dog", "cat", "fish", "bird"]},
			"price": {"type": "number", "minimum": 0}
		}
	}`)
	// A gateway response template substitutes values as they are, without escaping: it holds
	// nothing the client controls ($context.path, $context.httpMethod, which
	// X-HTTP-Method-Override sets, or a header), only the gateway's own values and
	// $context.error.messageString, which is already a JSON string.
	api.CustomizeResponse(apigate.MissingAuthenticationToken, gateway.GatewayResponse{
		StatusCode: 404,
		Templates: map[string]string{
			"application/json": `{"message":$context.error.messageString,"type":"$context.error.responseType","requestId":"$context.requestId"}`,
		},
	})

	// GET /ping: MOCK. The request template chooses the status; the response template the body.
	api.Resource("/ping").Method("GET", integration.Mock(integration.Options{
		RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
		Responses: []integration.IntegrationResponse{{
			StatusCode:        200,
			ResponseTemplates: map[string]string{"application/json": `{"pong": true, "stage": "$context.stage", "requestId": "$context.requestId"}`},
		}},
	}))

	// GET /pets: Lambda proxy. The function gets the request as an API Gateway event.
	pets := api.Resource("/pets")
	pets.Method("GET", lambda.Proxy("listPets", functions, lambda.ProxyOptions{}))

	// POST /pets: Lambda, non-proxy. A JSON body is validated against NewPet, and any other
	// Content-Type is refused (415) instead of passed through to the function untouched. The
	// templates copy values with $input.json, which writes them as JSON (a string quoted and
	// escaped), never as raw text; the function's error is selected into a 400. Text goes into
	// a JSON string through $util.escapeJavaScript, whose \' (valid JavaScript, not JSON) the
	// replaceAll turns back into '.
	pets.Method("POST", lambda.NonProxy("createPet", functions, integration.Options{
		RequestTemplates: map[string]string{"application/json": `{"type": $input.json('$.type'), "price": $input.json('$.price')}`},
		Passthrough:      integration.PassthroughNever,
		Responses: []integration.IntegrationResponse{
			{StatusCode: 201, ResponseTemplates: map[string]string{
				"application/json": `{"id": $input.json('$.id'), "type": $input.json('$.type'), "price": $input.json('$.price')}`,
			}},
			{SelectionPattern: "invalid pet.*", StatusCode: 400, ResponseTemplates: map[string]string{
				"application/json": `{"message": "$util.escapeJavaScript($input.path('$.errorMessage')).replaceAll("\\'", "'")"}`,
			}},
		},
	}), gateway.RequestModel("application/json", "NewPet"),
		gateway.ValidateRequest(gateway.Validation{Body: true, Parameters: true}))

	// GET /shelter/pets: HTTP (non-proxy) with a query string mapping and a response template
	// that reshapes the backend's list, as in the API Gateway documentation.
	api.Resource("/shelter/pets").Method("GET", integration.HTTP("GET", "http://${stageVariables.backend}/pets", integration.Options{
		RequestParameters: map[string]string{"integration.request.querystring.type": "method.request.querystring.type"},
		Responses: []integration.IntegrationResponse{{
			StatusCode: 200,
			ResponseTemplates: map[string]string{"application/json": "#set($pets = $input.path('$'))" +
				`[#foreach($p in $pets){"description": "Item $p.id is a $p.type.", "askingPrice": $p.price}#if($foreach.hasNext),#end#end]`},
		}},
	}), gateway.RequestParameter("method.request.querystring.type", false))

	// GET /pets/{petId}: HTTP with the path parameter mapped into the URI and the backend's 404
	// selected into a 404 method response.
	api.Resource("/pets/{petId}").Method("GET", integration.HTTP("GET", "http://${stageVariables.backend}/pets/{id}", integration.Options{
		RequestParameters: map[string]string{"integration.request.path.id": "method.request.path.petId"},
		Responses: []integration.IntegrationResponse{
			{StatusCode: 200},
			{SelectionPattern: "404", StatusCode: 404, ResponseTemplates: map[string]string{
				"application/json": `{"message": "Pet $util.escapeJavaScript($input.params('petId')).replaceAll("\\'", "'") not found"}`,
			}},
		},
	}), gateway.RequestParameter("method.request.path.petId", true))

	// ANY /store/{proxy+}: the whole backend mux behind the gateway, in-process.
	api.Resource("/store/{proxy+}").Method("ANY", integration.Handler(backend, integration.HandlerOptions{
		Path:              "/{proxy}",
		RequestParameters: map[string]string{"integration.request.path.proxy": "method.request.path.proxy"},
	}), gateway.RequestParameter("method.request.path.proxy", true))

	// GET /partner/pets: the same function, for callers with an API key (X-API-Key).
	api.Resource("/partner/pets").Method("GET", lambda.Proxy("listPets", functions, lambda.ProxyOptions{}),
		gateway.APIKeyRequired())

	// GET /me: a Cognito user-pool authorizer (here a local issuer) lets an ID token through,
	// and the template reads its claims. Claims come from the issuer, but are escaped all
	// the same: a template never trusts text it did not write.
	cognito, err := auth.cognito()
	if err != nil {
		return nil, err
	}
	api.Resource("/me").Method("GET", integration.Mock(integration.Options{
		RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
		Responses: []integration.IntegrationResponse{{
			StatusCode:        200,
			ResponseTemplates: map[string]string{"application/json": `{"username": "$util.escapeJavaScript($context.authorizer.claims['cognito:username']).replaceAll("\\'", "'")", "sub": "$util.escapeJavaScript($context.authorizer.claims.sub).replaceAll("\\'", "'")"}`},
		}},
	}), gateway.AuthorizeWith(cognito))

	// GET /iam/pets: IAM authorization, a request signed with SigV4 by a known access key.
	iam, err := auth.iam()
	if err != nil {
		return nil, err
	}
	api.Resource("/iam/pets").Method("GET", lambda.Proxy("listPets", functions, lambda.ProxyOptions{}),
		gateway.AuthorizeWith(iam))

	// GET /token/pets: a Lambda TOKEN authorizer, a Go function run in-process, reads the
	// Authorization header; its decision is cached for the token (300 s) and the template reads
	// the principal it named. The header must look like a token before the function runs.
	token, err := lambdaauth.New(lambdaauth.Config{
		Type: lambdaauth.Token, Invoker: functions, Function: "authorizeToken",
		IdentitySource:               "method.request.header.Authorization",
		IdentityValidationExpression: "[a-z]+(-[a-z]+)?",
		Region:                       demoRegion,
	})
	if err != nil {
		return nil, err
	}
	api.Resource("/token/pets").Method("GET", integration.Mock(integration.Options{
		RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
		Responses: []integration.IntegrationResponse{{
			StatusCode:        200,
			ResponseTemplates: map[string]string{"application/json": `{"principal": "$util.escapeJavaScript($context.authorizer.principalId).replaceAll("\\'", "'")", "plan": "$util.escapeJavaScript($context.authorizer.plan).replaceAll("\\'", "'")"}`},
		}},
	}), gateway.AuthorizeWith(token))

	keys, err := auth.keys()
	if err != nil {
		return nil, err
	}
	d, err := api.Deploy()
	if err != nil {
		return nil, err
	}
	return gateway.New(d, gateway.Stage(stage.Config{Name: "prod", Variables: stage.Variables{"backend": backendAddr}}),
		gateway.Keys(keys))
}
