package lambdaauth

import (
	"bytes"
	"encoding/json"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/lambdaevent"
)

// tokenEvent is a TOKEN authorizer's event.
type tokenEvent struct {
	Type               string `json:"type"`
	AuthorizationToken string `json:"authorizationToken"`
	MethodArn          string `json:"methodArn"`
}

// requestEvent is a REQUEST authorizer's event: the method request's parts as the proxy event
// (payload format 1.0) holds them, with the headers API Gateway adds, and a requestContext
// like $context's.
type requestEvent struct {
	Type                            string              `json:"type"`
	MethodArn                       string              `json:"methodArn"`
	Resource                        string              `json:"resource"`
	Path                            string              `json:"path"`
	HTTPMethod                      string              `json:"httpMethod"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	PathParameters                  map[string]string   `json:"pathParameters"`
	StageVariables                  map[string]string   `json:"stageVariables"`
	RequestContext                  requestContext      `json:"requestContext"`
}

type requestContext struct {
	Path         string          `json:"path"`
	AccountID    string          `json:"accountId"`
	ResourceID   string          `json:"resourceId"`
	Stage        string          `json:"stage"`
	RequestID    string          `json:"requestId"`
	Identity     requestIdentity `json:"identity"`
	ResourcePath string          `json:"resourcePath"`
	HTTPMethod   string          `json:"httpMethod"`
	APIID        string          `json:"apiId"`
}

type requestIdentity struct {
	APIKey     *string     `json:"apiKey"` // null without an API key
	SourceIP   string      `json:"sourceIp"`
	ClientCert *clientCert `json:"clientCert"`
}

type clientCert struct {
	ClientCertPem string   `json:"clientCertPem"`
	IssuerDN      string   `json:"issuerDN"`
	SerialNumber  string   `json:"serialNumber"`
	SubjectDN     string   `json:"subjectDN"`
	Validity      validity `json:"validity"`
}

type validity struct {
	NotAfter  string `json:"notAfter"`
	NotBefore string `json:"notBefore"`
}

// event returns the function's event as JSON.
func (l *Authorizer) event(r *apigate.Request, arn string) ([]byte, error) {
	if l.typ == Token {
		return marshal(&tokenEvent{Type: string(Token), AuthorizationToken: l.sources[0].value(r), MethodArn: arn})
	}
	e := lambdaevent.New(r, false)
	defer e.Release()
	p := e.V1(nil)
	ev := &requestEvent{
		Type:                            string(Request),
		MethodArn:                       arn,
		Resource:                        p.Resource,
		Path:                            p.Path,
		HTTPMethod:                      p.HTTPMethod,
		Headers:                         p.Headers,
		MultiValueHeaders:               p.MultiValueHeaders,
		QueryStringParameters:           p.QueryStringParameters,
		MultiValueQueryStringParameters: p.MultiValueQueryStringParameters,
		PathParameters:                  p.PathParameters,
		StageVariables:                  p.StageVariables,
		RequestContext: requestContext{
			Path:         r.Context.Path,
			AccountID:    r.Context.AccountID,
			ResourceID:   r.Context.ResourceID,
			Stage:        r.Context.Stage,
			RequestID:    r.Context.RequestID,
			ResourcePath: r.Context.ResourcePath,
			HTTPMethod:   r.Context.HTTPMethod,
			APIID:        r.Context.APIID,
			Identity:     requestIdentity{SourceIP: r.Context.Identity.SourceIP},
		},
	}
	if k := r.Context.Identity.APIKey; k != "" {
		ev.RequestContext.Identity.APIKey = &k
	}
	if ev.RequestContext.AccountID == "" {
		ev.RequestContext.AccountID = l.account
	}
	if cc := r.Context.Identity.ClientCert; cc != nil {
		ev.RequestContext.Identity.ClientCert = &clientCert{cc.ClientCertPem, cc.IssuerDN, cc.SerialNumber, cc.SubjectDN, validity{cc.NotAfter, cc.NotBefore}}
	}
	return marshal(ev)
}

// marshal returns v as JSON without HTML escaping, as API Gateway writes its events.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
