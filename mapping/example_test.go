package mapping_test

import (
	"fmt"

	"github.com/apigate/apigate"

	"github.com/apigate/apigate/mapping"
)

// An integration request template with $input, $util and $context, as API Gateway runs it.
func Example() {
	tpl, err := mapping.Compile(`#set($body = $input.path('$'))
{
  "petId": "$input.params('petId')",
  "names": [#foreach($p in $body.pets)"$util.escapeJavaScript($p.name)"#if($foreach.hasNext),#end#end],
  "first": $input.json('$.pets[0]'),
  "stage": "$context.stage"
}`)
	if err != nil {
		panic(err)
	}
	out, err := tpl.RenderString(&mapping.Request{
		Body:    []byte(`{"pets": [{"name": "Rex \"the dog\""}, {"name": "Tom"}]}`),
		Params:  mapping.Params{Path: map[string]string{"petId": "42"}},
		Context: apigate.Context{Stage: "prod"},
	})
	fmt.Println(out, err)
	// Output:
	// {
	//   "petId": "42",
	//   "names": ["Rex \"the dog\"","Tom"],
	//   "first": {"name":"Rex \"the dog\""},
	//   "stage": "prod"
	// } <nil>
}

// A template can override the response status and headers through $context.responseOverride;
// the caller reads the overrides back after the render.
func ExampleOverrides() {
	tpl, _ := mapping.Compile(`#if($input.path('$.error') != "")#set($context.responseOverride.status = 400)#set($context.responseOverride.header.X-Error = $input.path('$.error'))#end$input.json('$')`)
	var ov mapping.Overrides
	out, _ := tpl.RenderString(&mapping.Request{Body: []byte(`{"error":"bad pet"}`), Overrides: &ov})
	status, _ := ov.ResponseStatus()
	fmt.Println(out, status, ov.ResponseHeaders())
	// Output: {"error":"bad pet"} 400 [{X-Error [bad pet]}]
}

// Parameter-mapping expressions compile once and evaluate per request.
func ExampleParseExpr() {
	expr, err := mapping.ParseExpr("method.request.body.pets[0].name")
	if err != nil {
		panic(err)
	}
	req := &mapping.Request{Body: []byte(`{"pets":[{"name":"Rex"}]}`)}
	values, ok := expr.Eval(&mapping.Source{Request: req})
	fmt.Println(values, ok)
	// Output: [Rex] true
}
