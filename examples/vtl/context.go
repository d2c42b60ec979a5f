package main

import (
	"bytes"
	"encoding/json"

	"github.com/apigate/apigate"
)

// contextJSON is $context as JSON, with the names templates use.
type contextJSON struct {
	AccountID            string         `json:"accountId"`
	APIID                string         `json:"apiId"`
	AWSEndpointRequestID string         `json:"awsEndpointRequestId"`
	DeploymentID         string         `json:"deploymentId"`
	DomainName           string         `json:"domainName"`
	DomainPrefix         string         `json:"domainPrefix"`
	ExtendedRequestID    string         `json:"extendedRequestId"`
	HTTPMethod           string         `json:"httpMethod"`
	Path                 string         `json:"path"`
	Protocol             string         `json:"protocol"`
	RequestID            string         `json:"requestId"`
	RequestTime          string         `json:"requestTime"`
	RequestTimeEpoch     int64          `json:"requestTimeEpoch"`
	ResourceID           string         `json:"resourceId"`
	ResourcePath         string         `json:"resourcePath"`
	Stage                string         `json:"stage"`
	WAFResponseCode      string         `json:"wafResponseCode"`
	WebACLArn            string         `json:"webaclArn"`
	IsCanaryRequest      *bool          `json:"isCanaryRequest"`
	Authorizer           map[string]any `json:"authorizer"`
	Error                *struct {
		Message               string `json:"message"`
		ResponseType          string `json:"responseType"`
		ValidationErrorString string `json:"validationErrorString"`
	} `json:"error"`
	Identity struct {
		AccessKey                     string `json:"accessKey"`
		AccountID                     string `json:"accountId"`
		APIKey                        string `json:"apiKey"`
		APIKeyID                      string `json:"apiKeyId"`
		Caller                        string `json:"caller"`
		CognitoAuthenticationProvider string `json:"cognitoAuthenticationProvider"`
		CognitoAuthenticationType     string `json:"cognitoAuthenticationType"`
		CognitoIdentityID             string `json:"cognitoIdentityId"`
		CognitoIdentityPoolID         string `json:"cognitoIdentityPoolId"`
		PrincipalOrgID                string `json:"principalOrgId"`
		SourceIP                      string `json:"sourceIp"`
		User                          string `json:"user"`
		UserAgent                     string `json:"userAgent"`
		UserArn                       string `json:"userArn"`
		VpcID                         string `json:"vpcId"`
		VpceID                        string `json:"vpceId"`
	} `json:"identity"`
}

// parseContext reads $context from JSON. Authorizer numbers keep their JSON spelling.
func parseContext(data []byte) (apigate.Context, error) {
	var cj contextJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cj); err != nil {
		return apigate.Context{}, err
	}
	c := apigate.Context{
		AccountID: cj.AccountID, APIID: cj.APIID, AWSEndpointRequestID: cj.AWSEndpointRequestID,
		DeploymentID: cj.DeploymentID, DomainName: cj.DomainName, DomainPrefix: cj.DomainPrefix,
		ExtendedRequestID: cj.ExtendedRequestID, HTTPMethod: cj.HTTPMethod, Path: cj.Path, Protocol: cj.Protocol,
		RequestID: cj.RequestID, RequestTime: cj.RequestTime, RequestTimeEpoch: cj.RequestTimeEpoch,
		ResourceID: cj.ResourceID, ResourcePath: cj.ResourcePath, Stage: cj.Stage,
		WAFResponseCode: cj.WAFResponseCode, WebACLArn: cj.WebACLArn, IsCanaryRequest: cj.IsCanaryRequest,
		Identity: apigate.Identity{
			AccessKey: cj.Identity.AccessKey, AccountID: cj.Identity.AccountID, APIKey: cj.Identity.APIKey,
			APIKeyID: cj.Identity.APIKeyID, Caller: cj.Identity.Caller,
			CognitoAuthenticationProvider: cj.Identity.CognitoAuthenticationProvider,
			CognitoAuthenticationType:     cj.Identity.CognitoAuthenticationType,
			CognitoIdentityID:             cj.Identity.CognitoIdentityID, CognitoIdentityPoolID: cj.Identity.CognitoIdentityPoolID,
			PrincipalOrgID: cj.Identity.PrincipalOrgID, SourceIP: cj.Identity.SourceIP, User: cj.Identity.User,
			UserAgent: cj.Identity.UserAgent, UserArn: cj.Identity.UserArn, VpcID: cj.Identity.VpcID, VpceID: cj.Identity.VpceID,
		},
	}
	if cj.Error != nil {
		c.Error = &apigate.ContextError{Message: cj.Error.Message, ResponseType: cj.Error.ResponseType,
			ValidationErrorString: cj.Error.ValidationErrorString}
	}
	if cj.Authorizer != nil {
		a := &apigate.Authorizer{Context: map[string]any{}}
		for k, v := range cj.Authorizer {
			switch k {
			case "principalId":
				a.PrincipalID, _ = v.(string)
			case "claims":
				a.Claims, _ = v.(map[string]any)
			default:
				a.Context[k] = v
			}
		}
		c.Authorizer = a
	}
	return c, nil
}
