package integration

import (
	"context"
	"strconv"
	"testing"

	"github.com/apigate/apigate/integration/internal/itest"
)

// TestSelectionPatternJava checks that selection patterns match as Java's String.matches does:
// the whole value, . without line terminators, ASCII classes.
func TestSelectionPatternJava(t *testing.T) {
	tests := []struct {
		pattern string
		value   string
		want    bool
	}{
		{`2\d{2}`, "200", true},
		{`2\d{2}`, "2000", false},
		{`2\d{2}`, "20", false},
		{`4\d{2}`, "404", true},
		{`400`, "4000", false}, // a prefix match is not enough
		{`Invalid*`, "Invalid input", false},
		{`Invalid*`, "Invalid", true},
		{`Invalid*`, "Invali", true},
		{`.*`, "", true},
		{`.+`, "", false},
		{`.+`, "x", true},
		{`.*four hundred.*`, "Error: four hundred and five", true},
		{`.+`, "line\nbreak", false}, // . stops at line terminators
		{`.+`, "a\rb", false},
		{`.+`, "a\u0085b", false},
		{`.+`, "a\u2028b", false},
		{`.+`, "a\u2029b", false},
		{`.+`, "a\tb", true},
		{`(?s).+`, "line\nbreak", true},
		{`(?d).+`, "a\rb", true},
		{`(?d).+`, "a\nb", false},
		{`(?s:.+)`, "a\nb", true},
		{`[\s\S]+`, "a\nb", true},
		{`[^x]`, "\n", true},
		{`abc$`, "abc\n", false},
		{`abc\Z`, "abc\n", false},
		{`\d+`, "١٢", false}, // Arabic-Indic digits are not \d in Java
		{`\w+`, "é", false},
		{`\w+`, "a_1", true},
		{`\s`, "\u000b", true},
		{`\s`, "\u00a0", false},
		{`\S`, "\u000b", false},
		{`[\s]`, "\u000b", true},
		{`a\Q.*\Eb`, "a.*b", true},
		{`a\Q.*\Eb`, "axxb", false},
		{`a\Q.*`, "a.*", true},
		{`[]a]+`, "]a]", true},
		{`[^]a]`, "b", true},
		{`(?i)error.*`, "ERROR: x", true},
		{`(?i:e)rror`, "Error", true},
		{`(?i:e)rror`, "ERROR", false},
		{`a|b`, "a", true},
		{`a|b`, "ab", false},
		{`(a)(?=b)b`, "ab", true},
		{`\.`, ".", true},
		{`\.`, "x", false},
		{`[.]`, "x", false},
		// What the translator that selection.go had before internal/jre listed as known
		// differences from Java, now as Java has them.
		{`a*+a`, "aaa", false}, // possessive: the a*+ keeps every a
		{`a*+`, "aaa", true},
		{`(?>a+)b`, "aab", true},
		{`[a[b]]+`, "abba", true}, // a nested class is a union
		{`[a-z&&[^x]]+`, "abc", true},
		{`[a-z&&[^x]]+`, "axc", false}, // an intersection
		{`\h`, "\t", true},
		{`\h`, "\n", false},
		{`a\Rb`, "a\r\nb", true},
		{`\x{41}`, "A", true},
		{`(?i)é`, "É", false}, // (?i) folds ASCII only, without (?u)
		{`(?iu)é`, "É", true},
		{`\p{Lu}+`, "ÀB", true},
	}
	for _, tc := range tests {
		p, err := selectionCompile(tc.pattern)
		if err != nil {
			t.Errorf("%q: %v", tc.pattern, err)
			continue
		}
		got, err := p.matches(tc.value)
		if err != nil || got != tc.want {
			t.Errorf("%q matches %q = %v, %v; want %v", tc.pattern, tc.value, got, err, tc.want)
		}
	}
}

func TestSelectionPatternInvalid(t *testing.T) {
	for _, p := range []string{`(`, `[a`, `a{2,1}`, `*a`, `a\`, `a**`, `\p{InGreek}` /* Unicode blocks: not supported */} {
		if _, err := selectionCompile(p); err == nil {
			t.Errorf("%q compiled", p)
		}
	}
}

// TestSelectionOrder: the first matching pattern in the given order wins; the default response
// answers only when none matches, wherever it is in the list.
func TestSelectionOrder(t *testing.T) {
	responses := []IntegrationResponse{
		{SelectionPattern: `.*four hundred.*`, StatusCode: 405},
		{StatusCode: 200},
		{SelectionPattern: `.+`, StatusCode: 502},
		{SelectionPattern: `4\d\d`, StatusCode: 400}, // shadowed by .+
	}
	np := nonProxyCompile(Options{Responses: responses})
	if np.err != nil {
		t.Fatal(np.err)
	}
	for value, want := range map[string]int{"four hundred": 405, "404": 502, "x": 502, "": 200} {
		cr, err := np.selectResponse(value, false)
		if err != nil || cr.status != want {
			t.Errorf("%q: got %v %v, want %d", value, cr, err, want)
		}
	}
	cr, err := np.selectResponse("404", true)
	if err != nil || cr.status != 200 {
		t.Errorf("useDefault: got %v %v", cr, err)
	}
}

// TestSelectionMock selects on the MOCK statusCode through the whole integration.
func TestSelectionMock(t *testing.T) {
	m := Mock(Options{
		RequestTemplates: map[string]string{"application/json": `{"statusCode": $input.params('s')}`},
		Responses: []IntegrationResponse{
			{SelectionPattern: `2\d{2}`, StatusCode: 200},
			{SelectionPattern: `4\d{2}`, StatusCode: 400},
		},
	})
	for s, want := range map[int]int{200: 200, 204: 200, 404: 400, 500: 500} {
		resp, err := m.Integrate(context.Background(), itest.Request("GET", "/?s="+strconv.Itoa(s), ""))
		got := 0
		if err != nil {
			got, _ = itest.ErrorResponse(t, err)
		} else {
			got = resp.StatusCode
		}
		if got != want {
			t.Errorf("statusCode %d: got %d, want %d (%v)", s, got, want, err)
		}
	}
}
