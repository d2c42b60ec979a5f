package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// listPets is a Lambda function behind GET /pets, a Lambda proxy (AWS_PROXY) method: it gets the
// whole request as an API Gateway event and returns the whole response.
func (s *store) listPets(_ context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	kind := ev.QueryStringParameters["type"]
	s.mu.Lock()
	pets := make([]Pet, 0, len(s.pets))
	for _, p := range s.pets {
		if kind == "" || p.Type == kind {
			pets = append(pets, p)
		}
	}
	s.mu.Unlock()
	body, err := json.Marshal(pets)
	if err != nil {
		return events.APIGatewayProxyResponse{}, err
	}
	return events.APIGatewayProxyResponse{
		StatusCode: http.StatusOK,
		Headers:    map[string]string{"Content-Type": "application/json", "X-Pet-Count": fmt.Sprint(len(pets))},
		Body:       string(body),
	}, nil
}

// newPet is what createPet receives: the request template builds it from the client's body.
type newPet struct {
	Type  string  `json:"type"`
	Price float64 `json:"price"`
}

// errInvalidPet is the error createPet fails with for a pet it refuses; the integration response
// whose selection pattern matches its message answers 400.
var errInvalidPet = errors.New("invalid pet")

// createPet is a Lambda function behind POST /pets, a non-proxy (AWS) method: the request
// template shapes its event and the response templates shape what it returns.
func (s *store) createPet(_ context.Context, p newPet) (Pet, error) {
	if p.Price > 10000 {
		return Pet{}, fmt.Errorf("%w: a %s at %.2f is too expensive", errInvalidPet, p.Type, p.Price)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pet := Pet{ID: len(s.pets) + 1, Type: p.Type, Price: p.Price}
	s.pets = append(s.pets, pet)
	return pet, nil
}

// authorizeToken is the Lambda TOKEN authorizer of GET /token/pets: "allow-<name>" lets <name>
// read the pets of the stage (one policy for the whole stage, so the cached decision holds for
// every method), "deny" is refused explicitly, anything else is Unauthorized (401).
func authorizeToken(_ context.Context, e events.APIGatewayCustomAuthorizerRequest) (events.APIGatewayCustomAuthorizerResponse, error) {
	name, ok := strings.CutPrefix(e.AuthorizationToken, "allow-")
	effect := "Allow"
	switch {
	case e.AuthorizationToken == "deny":
		effect, name = "Deny", "nobody"
	case !ok || name == "":
		return events.APIGatewayCustomAuthorizerResponse{}, errors.New("Unauthorized")
	}
	// methodArn: arn:aws:execute-api:{region}:{account}:{api}/{stage}/{verb}/{path}
	stageARN := e.MethodArn
	if parts := strings.SplitN(e.MethodArn, "/", 3); len(parts) == 3 {
		stageARN = parts[0] + "/" + parts[1]
	}
	return events.APIGatewayCustomAuthorizerResponse{
		PrincipalID: name,
		PolicyDocument: events.APIGatewayCustomAuthorizerPolicy{
			Version: "2012-10-17",
			Statement: []events.IAMPolicyStatement{{
				Action: []string{"execute-api:Invoke"}, Effect: effect, Resource: []string{stageARN + "/GET/*"},
			}},
		},
		Context: map[string]any{"plan": "free"},
	}, nil
}
