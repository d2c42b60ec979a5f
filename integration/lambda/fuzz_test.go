package lambda

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/internal/lambdaevent"
)

// The reading of a Lambda proxy function's answer is checked against encoding/json two ways
// (internal/lambdaevent's fuzz tests check the events and the JSON reader themselves):
//
//   - FuzzProxyResponse: reading any payload gives the response (or the error) that reading it
//     with encoding/json and the same rules gives;
//   - FuzzProxyTypedResponse: a response struct answered through the typed fast path gives the
//     response its JSON gives.

// proxyRefOutput reads a payload with encoding/json and the rules lambdaevent.ParseResponse follows.
func proxyRefOutput(payload []byte, v2 bool) (*lambdaevent.Response, error) {
	bad := errors.New("malformed")
	if !json.Valid(payload) {
		return nil, bad
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return nil, bad
	}
	out := &lambdaevent.Response{}
	obj, isObj := top.(map[string]any)
	if _, hasStatus := obj["statusCode"]; v2 && !hasStatus {
		out.Inferred = true
		if s, ok := top.(string); ok {
			out.Body = []byte(s)
		} else {
			out.Body = slices.Clone(payload)
		}
		return out, nil
	}
	if !isObj {
		return nil, bad
	}
	scalar := func(v any) (string, bool) {
		switch v := v.(type) {
		case string:
			return v, true
		case json.Number:
			return v.String(), true
		case bool:
			if v {
				return "true", true
			}
			return "false", true
		}
		return "", false
	}
	for k, v := range obj {
		switch k {
		case "statusCode":
			switch v := v.(type) {
			case nil:
			case json.Number:
				out.StatusCode = v.String()
			case string:
				out.StatusCode, out.StatusIsString = v, true
			default:
				return nil, bad
			}
		case "headers":
			switch v := v.(type) {
			case nil:
			case map[string]any:
				for name, hv := range v {
					if hv == nil {
						out.Headers = append(out.Headers, lambdaevent.Header{Name: name, Null: true})
						continue
					}
					s, ok := scalar(hv)
					if !ok {
						return nil, bad
					}
					out.Headers = append(out.Headers, lambdaevent.Header{Name: name, Value: s})
				}
			default:
				return nil, bad
			}
		case "multiValueHeaders":
			if v2 {
				continue
			}
			switch v := v.(type) {
			case nil:
			case map[string]any:
				for name, list := range v {
					switch list := list.(type) {
					case nil:
						out.MultiValueHeaders = append(out.MultiValueHeaders, lambdaevent.MultiHeader{Name: name, Null: true})
					case []any:
						values := []string{}
						for _, e := range list {
							if e == nil {
								continue
							}
							s, ok := scalar(e)
							if !ok {
								return nil, bad
							}
							values = append(values, s)
						}
						out.MultiValueHeaders = append(out.MultiValueHeaders, lambdaevent.MultiHeader{Name: name, Values: values})
					default:
						return nil, bad
					}
				}
			default:
				return nil, bad
			}
		case "body":
			if v != nil {
				s, ok := scalar(v)
				if !ok {
					return nil, bad
				}
				out.Body = []byte(s)
			}
		case "isBase64Encoded":
			switch v {
			case nil, false, "false":
			case true, "true":
				out.IsBase64Encoded = true
			default:
				return nil, bad
			}
		case "cookies":
			if !v2 {
				return nil, bad
			}
			if list, ok := v.([]any); ok {
				for _, c := range list {
					if s, ok := c.(string); ok {
						out.Cookies = append(out.Cookies, s)
					}
				}
			}
		default:
			if !v2 {
				return nil, bad
			}
		}
	}
	return out, nil
}

// proxyOutcome is what the client gets: a response, or an error's status and type.
type proxyOutcome struct {
	status int
	header http.Header
	body   string
	typ    apigate.ResponseType
}

func proxyOutcomeOf(resp *apigate.Response, err error) proxyOutcome {
	if err != nil {
		status, _, typ := proxyErr(err)
		return proxyOutcome{status: status, typ: typ}
	}
	return proxyOutcome{status: resp.StatusCode, header: resp.Header, body: string(resp.Body)}
}

// proxyFuzzFinish reads payload with the given reader and builds the response for a request that
// accepts a binary type.
func proxyFuzzFinish(payload []byte, v2 bool, read func([]byte, bool) (*lambdaevent.Response, error)) proxyOutcome {
	r := proxyTestRequest()
	r.Header["Accept"] = []string{"image/png"}
	r.BinaryMediaTypes = []string{"image/png"}
	out, err := read(payload, v2)
	if err != nil {
		return proxyOutcomeOf(nil, malformed(v2, err))
	}
	return proxyOutcomeOf(finish(out, r, v2, "Root=1-trace"))
}

func proxyOwnOutput(payload []byte, v2 bool) (*lambdaevent.Response, error) {
	var out lambdaevent.Response
	err := lambdaevent.ParseResponse(payload, v2, &out)
	return &out, err
}

func FuzzProxyResponse(f *testing.F) {
	for _, s := range []string{
		`{"statusCode":201,"headers":{"a":"1","A":true},"multiValueHeaders":{"a":["x",2,null]},"body":"aGk=","isBase64Encoded":true}`,
		`{"statusCode":"200","headers":null,"multiValueHeaders":{"Date":["d"],"date":["e"]},"body":null}`,
		`{"statusCode":200,"cookies":["a","b",1],"headers":{"Set-Cookie":"s","set-cookie":"t"}}`,
		`{"statusCode":2e2,"body":"\ud83d\ude00\ud800\u00e9\"\\\/\b\f\n\r\t","headers":{"x":"1","x":null}}`,
		`{"status\u0043ode":404,"isBase64Encoded":"tru\u0065"}`,
		`{"a":1}`, `[1,{"statusCode":1}]`, `"text"`, `12.5e3`, `null`, `true`, ` {} `, `{"statusCode":0}`,
		`{"statusCode":-0.0}`, `{"statusCode":1e999}`, `{"body":{}}`, `{"headers":{"a":[]}}`, "{\"body\":\"\xff\xfe\"}",
		`{"statusCode":200,"headers":{"Transfer-Encoding":"chunked","Content-Length":"1"},"body":"x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		for _, v2 := range []bool{false, true} {
			got := proxyFuzzFinish(payload, v2, proxyOwnOutput)
			want := proxyFuzzFinish(payload, v2, proxyRefOutput)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("v2 %v, %q:\n got %+v\nwant %+v", v2, payload, got, want)
			}
		}
	})
}

func FuzzProxyTypedResponse(f *testing.F) {
	f.Add(200, "X-A", "1", "x-a", "2", "body", false, "c=1")
	f.Add(0, "Content-Length", "\xff", "content-length", "", "aGk=", true, "")
	f.Add(700, "", "", "Date", "d", "\xc3", true, "a\xffb")
	f.Fuzz(func(t *testing.T, status int, name1, value1, name2, value2, body string, b64 bool, cookie string) {
		v1 := &events.APIGatewayProxyResponse{
			StatusCode:        status,
			Headers:           map[string]string{name1: value1, name2: value2},
			MultiValueHeaders: map[string][]string{name2: {value1, value2}, name1 + "x": nil},
			Body:              body,
			IsBase64Encoded:   b64,
		}
		v2 := &events.APIGatewayV2HTTPResponse{
			StatusCode: status, Headers: v1.Headers, MultiValueHeaders: v1.MultiValueHeaders,
			Body: body, IsBase64Encoded: b64, Cookies: []string{cookie, value1},
		}
		for _, tc := range []struct {
			v2   bool
			resp any
		}{{false, v1}, {true, v2}} {
			payload, err := json.Marshal(tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			typed := proxyFuzzFinish(nil, tc.v2, func([]byte, bool) (*lambdaevent.Response, error) {
				var out lambdaevent.Response
				if tc.v2 {
					out.ReadV2(v2)
				} else {
					out.ReadV1(v1)
				}
				return &out, nil
			})
			fromJSON := proxyFuzzFinish(payload, tc.v2, proxyOwnOutput)
			if !reflect.DeepEqual(typed, fromJSON) {
				t.Fatalf("v2 %v: typed %+v, JSON %s gives %+v", tc.v2, typed, payload, fromJSON)
			}
		}
	})
}

// TestProxyThroughIntegrate checks the typed fast path against the JSON one end to end,
// through Integrate, for the request of the other tests.
func TestProxyThroughIntegrate(t *testing.T) {
	answer := &events.APIGatewayProxyResponse{StatusCode: 200, Headers: map[string]string{"X-A": "1"}, MultiValueHeaders: map[string][]string{"x-a": {"0"}}, Body: "b"}
	var typedEvent any
	typed := &proxyEventFake{proxyFake: &proxyFake{}, typed: func(_ context.Context, event any) (any, *invoke.Result, bool, error) {
		ev := *event.(*events.APIGatewayProxyRequest) // the struct is reused once the invoker returns
		typedEvent = &ev
		return answer, nil, true, nil
	}}
	payload, _ := json.Marshal(answer)
	plain := proxyAnswer(string(payload))
	r := proxyTestRequest()
	r.HTTP = httptest.NewRequest("POST", "https://"+proxyTestHost+"/prod/pets/7?a=1&a=2&b=%20x", nil) // the same each time
	r.Header["X-Amzn-Trace-Id"] = []string{"Root=1-fixed"}
	got1, err1 := Proxy("fn", typed, ProxyOptions{}).Integrate(context.Background(), r)
	got2, err2 := Proxy("fn", plain, ProxyOptions{}).Integrate(context.Background(), r)
	if !reflect.DeepEqual(proxyOutcomeOf(got1, err1), proxyOutcomeOf(got2, err2)) {
		t.Errorf("typed %+v %v, JSON %+v %v", got1, err1, got2, err2)
	}
	want := new(events.APIGatewayProxyRequest)
	if err := json.Unmarshal(plain.payloads[0], want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(typedEvent, want) {
		t.Errorf("typed event %+v, JSON event %+v", typedEvent, want)
	}
}
