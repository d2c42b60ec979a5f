package mapping

import (
	"github.com/apigate/apigate"

	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/apigate/apigate/mapping/vtl"
)

func render(t *testing.T, src string, req *Request) (string, error) {
	t.Helper()
	tpl, err := Compile(src)
	if err != nil {
		t.Fatalf("Compile(%q): %v", src, err)
	}
	return tpl.RenderString(req)
}

func TestInput(t *testing.T) {
	params := Params{
		Path:        map[string]string{"id": "abc", "both": "from-path"},
		QueryString: map[string][]string{"q": {"first", "last"}, "both": {"from-query"}},
		Header:      map[string][]string{"X-Token": {"t1"}, "both": {"from-header"}},
	}
	tests := []struct {
		name, tpl, body, want string
	}{
		{"body", `$input.body`, `{"a": 1}`, `{"a": 1}`},
		{"empty body", `$input.body`, ``, `{}`},
		{"unicode body", `$input.body`, `{"é": "😀"}`, `{"é": "😀"}`},
		{"invalid UTF-8 body", `$input.body`, "a\xffb", "a\uFFFDb"},
		{"body property on string", `[$input.body.x]`, `{"x":1}`, `[]`},
		{"json root", `$input.json('$')`, `{"a" : [1, 2.50, "x"]}`, `{"a":[1,2.5,"x"]}`},
		{"json string", `$input.json('$.m')`, `{"m":"fo\"o/é"}`, `"fo\"o\/é"`},
		{"json missing", `$input.json('$.nope')`, `{"a":1}`, `""`},
		{"json null", `$input.json('$.a')`, `{"a":null}`, `null`},
		{"json empty body", `$input.json('$')`, ``, `{}`},
		{"json non-JSON body", `$input.json('$')`, `a=b`, `"a=b"`},
		{"json non-JSON missing", `$input.json('$.message')`, `not json`, `""`},
		{"json wildcard", `$input.json('$.a[*].b')`, `{"a":[{"b":1},{"b":"x"},{}]}`, `[1,"x"]`},
		{"json deep scan", `$input.json('$..b')`, `{"a":[{"b":1}],"c":{"d":{"b":2}}}`, `[1,2]`},
		{"json filter", `$input.json('$.a[?(@.n > 1)].n')`, `{"a":[{"n":1},{"n":2},{"n":3}]}`, `[2,3]`},
		{"json no match", `$input.json('$.a[*].zz')`, `{"a":[{"b":1}]}`, `[]`},
		{"path map", `$input.path('$')`, `{"bigger":"dict","to":"test","with":"separators"}`, `{bigger=dict, to=test, with=separators}`},
		{"path nested list", `$input.path('$')`, `{"foo":[{"nested":"bar"}]}`, `{foo=[{"nested":"bar"}]}`},
		{"path list", `$input.path('$.a')`, `{"a":[{"foo":"bar"}]}`, `[{"foo":"bar"}]`},
		{"path index", `$input.path('$.a[1]')`, `{"a":[1,{"k":true}]}`, `{k=true}`},
		{"path negative index", `$input.path('$.a[-1]')`, `{"a":[1,2,3]}`, `3`},
		{"path scalar", `$input.path('$.price')`, `{"price":249.99}`, `249.99`},
		{"path integer kinds", `$input.path('$.a') $input.path('$.b') $input.path('$.c')`, `{"a":1,"b":3000000000,"c":12345678901234567890}`, `1 3000000000 12345678901234567890`},
		{"path double", `$input.path('$.d')`, `{"d":1e5}`, `100000.0`},
		{"path missing", `[$input.path('$.nope')]`, `{"a":1}`, `[]`},
		{"path relative", `$input.path('a.b')`, `{"a":{"b":"rel"}}`, `rel`},
		{"path size", `$input.path('$.things').size()`, `{"things":{"1":{},"2":{},"3":{}}}`, `3`},
		{"path empty body", `$input.path('$')`, ``, `{}`},
		{"path non-JSON body", `$input.path('$')`, `a{b`, `a{b`},
		{"path quoted string body", `$input.path('$')`, `"{}"`, `{}`},
		{"path permissive", `$input.path('$.k')`, `{k: 'v', }`, `v`},
		{"path arithmetic", `#set($n = $input.path('$.n'))$n + 1 = #set($m = $n + 1)$m`, `{"n":41}`, `41 + 1 = 42`},
		{"path null equals empty", `#set($r = $input.path('$.x'))#if($r == "")empty#end #if($r == $null)null#end`, `{}`, `empty null`},
		{"params map", `$input.params()`, ``, `{path={id=abc, both=from-path}, querystring={q=last, both=from-query}, header={X-Token=t1, both=from-header}}`},
		{"params path", `$input.params().path.id`, ``, `abc`},
		{"params lookup order", `$input.params('both')|$input.params('q')|$input.params('X-Token')|$input.params('x-token')|[$input.params('none')]`, ``, `from-path|last|t1|t1|[]`},
		{"params property is unresolved", `[$input.params]`, ``, `[]`},
		{"input prints {}", `$input`, ``, `{}`},
		{"util prints {}", `$util`, ``, `{}`},
		{"path with null argument", `[$input.path($nothing)]`, `{}`, `[]`},
		{"parseJson map", `#set($o = $util.parseJson($input.path('$.e')))$o.key2.arr[0] $o`, `{"e":"{\"key2\":{\"arr\":[1,2,3]}}"}`, `1 {key2={arr=[1,2,3]}}`},
		{"parseJson word", `$util.parseJson('Hello World')`, ``, `Hello World`},
		{"escapeJavaScript json", `$util.escapeJavaScript($input.json('$.things'))`, `{"things":{"1":{}}}`, `{\"1\":{}}`},
		{"urlEncode body", `$util.urlEncode($input.body)`, `{"some": "value"}`, `%7B%22some%22%3A+%22value%22%7D`},
		{"base64 round trip", `$util.base64Decode($util.base64Encode($input.body))`, `é😀`, `é😀`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := render(t, tt.tpl, &Request{Body: []byte(tt.body), Params: params})
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestInputMalformedBody(t *testing.T) {
	tests := []struct{ tpl, body, msg string }{
		{`"$input.path('$')"`, `{a`, "Could not process payloadnet.minidev.json.parser.ParseException: Unexpected End Of File position 1: null"},
		{`"$input.path('$')"`, `[a`, "Could not process payloadnet.minidev.json.parser.ParseException: Unexpected End Of File position 1: EOF"},
		{`$input.json('$.x')`, `{"x":}`, "Could not process payloadnet.minidev.json.parser.ParseException: Unexpected character (}) at position 5."},
	}
	for _, tt := range tests {
		_, err := render(t, tt.tpl, &Request{Body: []byte(tt.body)})
		var pe *PayloadError
		if !errors.As(err, &pe) {
			t.Errorf("%s on %q: error %v, want a PayloadError", tt.tpl, tt.body, err)
			continue
		}
		if pe.Error() != tt.msg {
			t.Errorf("message %q, want %q", pe.Error(), tt.msg)
		}
		var re *vtl.RenderError
		if !errors.As(err, &re) {
			t.Errorf("error %T is not a vtl.RenderError", err)
		}
	}
	// A template that never reads the body does not parse it.
	if out, err := render(t, `ok $input.params('x')`, &Request{Body: []byte(`{a`)}); err != nil || out != "ok " {
		t.Errorf("got %q, %v; want no parse", out, err)
	}
}

func TestRenderErrors(t *testing.T) {
	for _, tt := range []struct {
		tpl  string
		want error
	}{
		{`$input.path('$[')`, ErrJSONPath},
		{`$util.urlDecode('%zz')`, nil},
		{`$util.base64Decode('a')`, nil},
		{`$util.parseJson('{a')`, nil},
	} {
		_, err := render(t, tt.tpl, &Request{})
		if err == nil {
			t.Errorf("%s: no error", tt.tpl)
			continue
		}
		if tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s: error %v, want %v", tt.tpl, err, tt.want)
		}
		var ue *UtilError
		if tt.want == nil && !errors.As(err, &ue) {
			t.Errorf("%s: error %v, want a UtilError", tt.tpl, err)
		}
	}
	if _, err := Compile(strings.Repeat("x", MaxTemplateSize+1)); !errors.Is(err, vtl.ErrTemplateTooLarge) {
		t.Errorf("oversized template: %v", err)
	}
}

func TestContext(t *testing.T) {
	canary := true
	req := &Request{
		Context: apigate.Context{
			AccountID: "111122223333", APIID: "api1", HTTPMethod: "GET", Stage: "prod", RequestTimeEpoch: 1700000000123,
			Identity:        apigate.Identity{SourceIP: "203.0.113.1", UserAgent: "ua", APIKey: "k"},
			Authorizer:      &apigate.Authorizer{PrincipalID: "me", Context: map[string]any{"key": "value", "numKey": 1.0, "boolKey": true}},
			Error:           &apigate.ContextError{Message: `Say "hi"`, ResponseType: "UNAUTHORIZED"},
			IsCanaryRequest: &canary,
		},
		StageVariables: map[string]string{"version": "1.0"},
	}
	tests := []struct{ tpl, want string }{
		{`$context.stage $context.httpMethod $context.requestTimeEpoch`, `prod GET 1700000000123`},
		{`[$context.get('identity')][$context.identity][$context.requestOverride][$context.authorizer]`, `[][][][]`},
		{`$context.identity.sourceIp|$context.identity.apiKey|[$context.identity.caller]|#if($context.identity.caller == $null)null#end`, `203.0.113.1|k|[]|null`},
		{`$context.authorizer.principalId $context.authorizer.key $context.authorizer.numKey $context.authorizer.boolKey`, `me value 1 true`},
		{`$context.error.message|$context.error.messageString|$context.error.responseType`, `Say "hi"|"Say \"hi\""|UNAUTHORIZED`},
		{`$context.isCanaryRequest`, `true`},
		{`$stageVariables.version|$stageVariables['version']|${stageVariables['version']}|[$stageVariables.none]`, `1.0|1.0|1.0|[]`},
		{`#foreach($k in $context.identity.keySet())$k #end`, // 13 keys: a HashMap of 32 buckets, so not the 12-key order.
			`cognitoIdentityPoolId cognitoIdentityId principalOrgId apiKey cognitoAuthenticationType userArn userAgent accountId caller sourceIp accessKey cognitoAuthenticationProvider user `},
		{`#foreach($k in $context.requestOverride.keySet())$k #end|#foreach($k in $context.responseOverride.keySet())$k #end`, `path header querystring |header `},
	}
	for _, tt := range tests {
		got, err := render(t, tt.tpl, req)
		if err != nil {
			t.Errorf("%s: %v", tt.tpl, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s\ngot  %q\nwant %q", tt.tpl, got, tt.want)
		}
	}
}

func TestContextKeySetOrder(t *testing.T) {
	// The order AWS recorded for a plain request (vtl-ls-context-keyset).
	want := "resourceId resourcePath httpMethod extendedRequestId requestTime path accountId protocol requestOverride stage domainPrefix requestTimeEpoch requestId identity domainName deploymentId responseOverride apiId "
	got, err := render(t, `#foreach($k in $context.keySet())$k #end`, &Request{})
	if err != nil || got != want {
		t.Errorf("got  %q, %v\nwant %q", got, err, want)
	}
}

func TestOverridesPipeline(t *testing.T) {
	ov := new(Overrides)
	req := &Request{Overrides: ov, Params: Params{Header: map[string][]string{"header1": {"A"}, "header2": {"B"}}}}
	if _, err := render(t, `#set($context.requestOverride.header.header3 = "$input.params('header1')$input.params('header2')")`+
		`#set($context.requestOverride.header.multi = ["x", 2])`+
		`#set($context.requestOverride.querystring['q'] = "v")`+
		`$context.requestOverride.path.put('p', 'pv')`+
		`#set($context.responseOverride.status = 444)#set($context.responseOverride.header.foo = "bar")#set($context.responseOverride.custom = "x")`, req); err != nil {
		t.Fatal(err)
	}
	if got := ov.RequestHeaders(); len(got) != 2 || got[0].Name != "header3" || got[0].Values[0] != "AB" || strings.Join(got[1].Values, ",") != "x,2" {
		t.Errorf("RequestHeaders = %+v", got)
	}
	if got := ov.RequestQueryStrings(); len(got) != 1 || got[0].Values[0] != "v" {
		t.Errorf("RequestQueryStrings = %+v", got)
	}
	if got := ov.RequestPaths(); len(got) != 1 || got[0].Name != "p" || got[0].Values[0] != "pv" {
		t.Errorf("RequestPaths = %+v", got)
	}
	if s, ok := ov.ResponseStatus(); !ok || s != 444 {
		t.Errorf("ResponseStatus = %d, %v", s, ok)
	}
	if got := ov.ResponseHeaders(); len(got) != 1 || got[0].Name != "foo" || got[0].Values[0] != "bar" {
		t.Errorf("ResponseHeaders = %+v", got)
	}
	// The response template of the same request reads them back.
	out, err := render(t, `$context.responseOverride.status $context.responseOverride.header.foo $context.responseOverride.custom $context.requestOverride.header.header3`,
		&Request{Overrides: ov})
	if err != nil || out != "444 bar x AB" {
		t.Errorf("response template saw %q, %v", out, err)
	}
	for _, tt := range []struct {
		status vtl.Value
		want   int
		ok     bool
	}{
		{vtl.StringValue("201"), 201, true}, {vtl.IntValue(99), 0, false}, {vtl.IntValue(600), 0, false},
		{vtl.StringValue("x"), 0, false}, {vtl.DoubleValue(200), 0, false},
	} {
		o := new(Overrides)
		o.responseMap().PutString("status", tt.status)
		if s, ok := o.ResponseStatus(); s != tt.want || ok != tt.ok {
			t.Errorf("status %v: got %d, %v", tt.status, s, ok)
		}
	}
	var empty Overrides
	if _, ok := empty.ResponseStatus(); ok || empty.RequestHeaders() != nil {
		t.Errorf("zero Overrides reports values")
	}
}

func TestRenderConcurrent(t *testing.T) {
	tpl, err := Compile(`#set($d = '$')#set($r = $input.path('$'))$r.id:$input.path("${d}.items[${i}]")`)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				body := `{"id":` + strings.Repeat("1", g+1) + `,"items":["a","b"]}`
				out, err := tpl.RenderString(&Request{Body: []byte(body), Vars: vtl.Vars{"i": vtl.IntValue(int32(i % 2))}})
				want := strings.Repeat("1", g+1) + ":" + [...]string{"a", "b"}[i%2]
				if err != nil || out != want {
					t.Errorf("got %q, %v; want %q", out, err, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzInputPath(f *testing.F) {
	for _, s := range [][2]string{{`{"a":[1,{"b":"c"}]}`, `$.a[1].b`}, {`[a`, `$`}, {`{a`, `$..x`}, {``, `$[*]`},
		{`"str"`, `$.x`}, {`{"n":1e999}`, `$.n`}, {`{"k":"\ud83d"}`, `$['k']`}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, body, path string) {
		in := inputObject{tpl: &Template{paths: newPathCache("")}, req: &Request{Body: []byte(body)}}
		for _, m := range []string{"path", "json"} {
			in.parsed = false
			in.Call(m, []vtl.Value{vtl.StringValue(path)})
		}
	})
}

// A realistic integration response: a list of 20 products.
func benchmarkBody() []byte {
	var b strings.Builder
	b.WriteString(`{"page":1,"items":[`)
	for i := range 20 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"id":` + strings.Repeat("7", i%5+1) + `,"name":"Product name here","price":19.99,"tags":["a","b"],"stock":{"warehouse":"eu-west-1","count":12}}`)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func BenchmarkRenderInputPath(b *testing.B) {
	tpl, err := Compile(`#set($root = $input.path('$'))[#foreach($it in $root.items){"id":$it.id,"name":"$it.name","price":$it.price}#if($foreach.hasNext),#end#end]`)
	if err != nil {
		b.Fatal(err)
	}
	req := &Request{Body: benchmarkBody()}
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	b.SetBytes(int64(len(req.Body)))
	for b.Loop() {
		buf, err = tpl.Render(buf[:0], req)
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderPrintedPaths prints $input.path values of every kind AppendCall meets: strings
// and an integer it writes itself, a double it leaves to the engine.
func BenchmarkRenderPrintedPaths(b *testing.B) {
	tpl, err := Compile(`{"StreamName": "$input.path('$.StreamName')", "Data": "$util.base64Encode($input.path('$.Data'))", "PartitionKey": "$input.path('$.PartitionKey')", "Count": $input.path('$.count'), "Price": $input.path('$.price')}`)
	if err != nil {
		b.Fatal(err)
	}
	req := &Request{Body: []byte(`{"StreamName":"clickstream-prod","Data":"{\"event\":\"page_view\",\"user\":\"u-48213\"}","PartitionKey":"u-48213","count":42,"price":19.99}`)}
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		buf, err = tpl.Render(buf[:0], req)
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderNoBody(b *testing.B) {
	tpl, err := Compile(`{"id": "$input.params('id')", "stage": "$context.stage", "v": "$stageVariables.v"}`)
	if err != nil {
		b.Fatal(err)
	}
	req := &Request{Body: benchmarkBody(), Params: Params{Path: map[string]string{"id": "42"}},
		Context: apigate.Context{Stage: "prod"}, StageVariables: map[string]string{"v": "1"}}
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf, err = tpl.Render(buf[:0], req)
		if err != nil {
			b.Fatal(err)
		}
	}
}
