package host

import (
	"testing"

	"github.com/apigate/apigate/mapping/vtl"
)

func TestInputAndUtil(t *testing.T) {
	parse := func(s string) vtl.Value {
		v, err := vtl.ParseJSON([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	vars := vtl.Vars{
		"body":   parse(`{"a":{"b":"x/y","n":1.5},"l":[1,2]}`),
		"params": parse(`{"path":{"id":"7"},"querystring":{"id":"q","q":"1"},"header":{"H":"h"}}`),
	}
	Install(vars)
	tests := []struct{ tpl, want string }{
		{`$input.path('$.a.b')|$input.path('$.a.n')|[$input.path('$.nope')]|[$input.path('a')]`, `x/y|1.5|[]|[]`},
		{`$input.json('$')|$input.json('$.a.b')|$input.json('$.l')`, `{"a":{"b":"x\/y","n":1.5},"l":[1,2]}|"x\/y"|[1,2]`},
		{`#set($j = $input.json('$.a'))$j`, `{"b":"x\/y","n":1.5}`},
		{`$input.body`, `{"a":{"b":"x\/y","n":1.5},"l":[1,2]}`},
		{`$input.params('id')|$input.params('q')|$input.params('H')|[$input.params('none')]|$input.params().path.id`, `7|1|h|[]|7`},
		{`#set($p = $input.params('id'))$p`, `7`},
		{`$util.escapeJavaScript("it's")|$util.urlEncode("a b")|$util.base64Encode("hi")|[$util.urlEncode($nothing)]`, `it\'s|a+b|aGk=|[]`},
		{`$input|$util`, `{}|{}`},
	}
	for _, tt := range tests {
		tpl, err := vtl.Compile(tt.tpl, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := tpl.RenderString(vars); err != nil || got != tt.want {
			t.Errorf("%s = %q, %v; want %q", tt.tpl, got, err, tt.want)
		}
	}
}
