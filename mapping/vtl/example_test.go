package vtl_test

import (
	"errors"
	"fmt"

	"github.com/apigate/apigate/mapping/vtl"
)

// Compile once, render many times: a Template is safe for concurrent use.
func Example() {
	tpl, err := vtl.Compile(`[#foreach($p in $pets){"name": "$p.name", "price": $p.price}#if($foreach.hasNext), #end#end]`, nil)
	if err != nil {
		panic(err)
	}
	pets, _ := vtl.ParseJSON([]byte(`[{"name": "Rex", "price": 249.99}, {"name": "Tom", "price": 100}]`))
	out, err := tpl.Render(nil, vtl.Vars{"pets": pets})
	fmt.Println(string(out), err)
	// Output: [{"name": "Rex", "price": 249.99}, {"name": "Tom", "price": 100}] <nil>
}

// Values print as Java prints them, and arithmetic follows Velocity's MathUtils.
func Example_javaValues() {
	tpl, _ := vtl.Compile(`#set($x = 7 / 2)#set($y = 7 / 2.0)#set($big = 9223372036854775807 + 1)$list $map $x $y $big`, nil)
	list, _ := vtl.ParseJSON([]byte(`[1, "two", 3.0]`))
	m, _ := vtl.ParseJSON([]byte(`{"a": 1, "b": [true]}`))
	out, _ := tpl.RenderString(vtl.Vars{"list": list, "map": m})
	fmt.Println(out)
	// Output: [1, two, 3.0] {a=1, b=[true]} 3 3.5 9223372036854775808
}

// Parse and render errors carry the line and column of the failing construct.
func ExampleRenderError() {
	tpl, _ := vtl.Compile("line one\n$s.substring(10)", nil)
	_, err := tpl.RenderString(vtl.Vars{"s": vtl.StringValue("short")})
	var re *vtl.RenderError
	if errors.As(err, &re) && errors.Is(err, vtl.ErrMethodException) {
		fmt.Println(re.Line, re.Column)
	}
	// Output: 2 4
}
