package mapping

import (
	"testing"

	"github.com/apigate/apigate/mapping/vtl"
)

// TestNullEqualsEmpty pins the comparison rule the package doc cites from AWS recordings
// (conformance cases vtl-ls-inputpath-empty-body and vtl-ls-kinesis-putrecords-foreach-range):
// in == and !=, null compares as the empty string, on either side, whether it comes from an
// undefined reference, a missing or JSON-null $input.path or a method; values that are not
// null keep Velocity's rules, and #if on null stays false. The same templates under plain
// Velocity 1.7 (vtl without Options.NullEqualsEmpty) give the Velocity results in want17.
func TestNullEqualsEmpty(t *testing.T) {
	tests := []struct {
		name, tpl, body, want, want17 string
	}{
		{"missing path == empty", `#set($r = $input.path('$.x'))#if($r == "")T#{else}F#end`, `{}`, "T", "F"},
		{"missing path != empty", `#set($r = $input.path('$.x'))#if($r != "")T#{else}F#end`, `{}`, "F", "T"},
		{"empty == missing path", `#if("" == $input.path('$.x'))T#{else}F#end`, `{}`, "T", "F"},
		{"missing path == null", `#set($r = $input.path('$.x'))#if($r == $null)T#{else}F#end`, `{}`, "T", "T"},
		{"JSON null == empty", `#if($input.path('$.n') == "")T#{else}F#end`, `{"n":null}`, "T", "F"},
		{"undefined != ''", `#if($foo.bar.stuff != '')T#{else}F#end`, `{}`, "F", "T"},
		{"undefined == ''", `#if($foo.bar.stuff == '')T#{else}F#end`, `{}`, "T", "F"},
		{"method null == empty", `#if($input.params().path.get('none') == "")T#{else}F#end`, `{}`, "T", "F"},
		{"empty string == null", `#if($input.path('$.e') == $null)T#{else}F#end`, `{"e":""}`, "T", "F"},
		{"empty string == empty", `#if($input.path('$.e') == "")T#{else}F#end`, `{"e":""}`, "T", "T"},
		{"null == space", `#if($input.path('$.x') == " ")T#{else}F#end`, `{}`, "F", "F"},
		{"null == 0", `#if($input.path('$.x') == 0)T#{else}F#end`, `{}`, "F", "F"},
		{"null == false", `#if($input.path('$.x') == false)T#{else}F#end`, `{}`, "F", "F"},
		{"null < 1", `#if($input.path('$.x') < 1)T#{else}F#end`, `{}`, "F", "F"},
		{"#if null", `#if($input.path('$.x'))T#{else}F#end`, `{}`, "F", "F"},
		{"#if empty", `#if($input.path('$.e'))T#{else}F#end`, `{"e":""}`, "T", "T"},
		{"list [] == empty", `#if($input.path('$.l') == "")T#{else}F#end`, `{"l":[]}`, "F", "F"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &Request{Body: []byte(tt.body)}
			got, err := render(t, tt.tpl, req)
			if err != nil || got != tt.want {
				t.Errorf("mapping: %q, %v; want %q", got, err, tt.want)
			}
			// the same template and $input under Velocity 1.7's rule
			vt, err := vtl.Compile(tt.tpl, nil)
			if err != nil {
				t.Fatal(err)
			}
			st := &renderState{}
			st.reset(mustCompile(t, tt.tpl), req)
			got17, err := vt.RenderString(st)
			if err != nil || got17 != tt.want17 {
				t.Errorf("Velocity 1.7 rule: %q, %v; want %q", got17, err, tt.want17)
			}
		})
	}
}
