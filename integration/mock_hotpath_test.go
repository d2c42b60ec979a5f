package integration

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/integration/internal/itest"
	"github.com/apigate/apigate/mapping"
)

// TestNonProxyStaticTemplates: a template without $ and # is rendered once, when the
// integration is made, and answers as rendering it for each request would.
func TestNonProxyStaticTemplates(t *testing.T) {
	for _, src := range []string{`{"statusCode": 200}`, ``, " \n", `a\b \\ \n`, "\xff\xfe", `{"message": "ok"}` + strings.Repeat(" ", 100)} {
		nt, err := nonProxyCompileTemplate("application/json", src)
		if err != nil {
			t.Fatal(err)
		}
		want, err := nt.tmpl.Render(nil, &mapping.Request{Body: []byte(`{"x":1}`)})
		if err != nil || nt.static == nil || string(nt.static) != string(want) {
			t.Errorf("%q: static %q, rendered %q (%v)", src, nt.static, want, err)
		}
	}
	for _, src := range []string{`$input.body`, `#set($a = 1)`, `{"a": "$context.requestId"}`} {
		if nt, err := nonProxyCompileTemplate("application/json", src); err != nil || nt.static != nil {
			t.Errorf("%q is not static: %q %v", src, nt.static, err)
		}
	}
	// The same MOCK, static and not: the same answers.
	for _, prefix := range []string{"", "#set($unused = 1)"} {
		m := Mock(Options{
			RequestTemplates: map[string]string{"application/json": prefix + `{"statusCode": 404}`},
			Responses: []IntegrationResponse{{StatusCode: 200}, {SelectionPattern: "404", StatusCode: 404,
				ResponseParameters: map[string]string{"method.response.header.X-A": "'a'", "method.response.header.X-C": "context.requestId"},
				ResponseTemplates:  map[string]string{"application/json": prefix + `{"error": "not found"}`}}},
		})
		resp := itest.Integrate(t, m, itest.Request("GET", "/", ""))
		want := headerOf("Content-Type", "application/json", "X-A", "a", "X-C", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef")
		if resp.StatusCode != 404 || string(resp.Body) != `{"error": "not found"}` || !reflect.DeepEqual(resp.Header, want) {
			t.Errorf("prefix %q: %d %v %q", prefix, resp.StatusCode, resp.Header, resp.Body)
		}
	}
}

func headerOf(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h[kv[i]] = []string{kv[i+1]}
	}
	return h
}

// TestMockResponseOwned: each method response owns its body and header values, so a caller
// that changes them in place changes nothing for the next request.
func TestMockResponseOwned(t *testing.T) {
	long := strings.Repeat("x", 100)
	for _, body := range []string{`{"ok":true}`, long} {
		m := Mock(Options{
			RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
			Responses: []IntegrationResponse{{StatusCode: 200,
				ResponseParameters: map[string]string{"method.response.header.X-A": "'a'"},
				ResponseTemplates:  map[string]string{"application/json": body}}},
		})
		for i := range 3 {
			resp := itest.Integrate(t, m, itest.Request("GET", "/", ""))
			if string(resp.Body) != body || resp.Header["X-A"][0] != "a" || resp.Header["Content-Type"][0] != "application/json" {
				t.Fatalf("request %d: %v %q", i, resp.Header, resp.Body)
			}
			for j := range resp.Body {
				resp.Body[j] = '!'
			}
			resp.Header["X-A"][0] = "changed"
			resp.Header["Content-Type"][0] = "changed"
			resp.Header["X-A"] = append(resp.Header["X-A"], "more")
		}
	}
}

// TestSelectionMemo: the integration response remembered for a status code is the one the
// patterns choose, for every status, from many goroutines.
func TestSelectionMemo(t *testing.T) {
	np := nonProxyCompile(Options{Responses: []IntegrationResponse{
		{SelectionPattern: `4\d\d`, StatusCode: 400},
		{StatusCode: 200},
		{SelectionPattern: `5\d\d|301`, StatusCode: 502},
		{SelectionPattern: `.*1`, StatusCode: 201},
	}})
	want := func(v string) int {
		switch {
		case v[0] == '4':
			return 400
		case v[0] == '5' || v == "301":
			return 502
		case strings.HasSuffix(v, "1"):
			return 201
		}
		return 200
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 2 {
				for n := 100; n < 600; n++ {
					v := strconv.Itoa(n)
					if (n+g)%2 == 0 && round == 0 {
						continue
					}
					cr, err := np.selectResponse(v, false)
					if err != nil || cr.status != want(v) {
						t.Errorf("%s: %v %v, want %d", v, cr, err, want(v))
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	// Values that are not status codes are matched every time.
	for v, status := range map[string]int{"0401": 201, "-1": 201, "abc": 200, "": 200, "4000": 200, "600": 200} {
		if cr, err := np.selectResponse(v, false); err != nil || cr.status != status {
			t.Errorf("%q: %v %v, want %d", v, cr, err, status)
		}
	}
}

// TestMockRefusedHeaderMapping: a MOCK integration skips its request parameters, whose values
// go nowhere, except that one setting a header API Gateway refuses still fails the request.
func TestMockRefusedHeaderMapping(t *testing.T) {
	for _, tmpl := range []string{`{"statusCode": 200}`, `#set($x = 1){"statusCode": 200}`} {
		m := Mock(Options{
			RequestParameters: map[string]string{"integration.request.header.x-amzn-trace-id": "method.request.header.t"},
			RequestTemplates:  map[string]string{"application/json": tmpl},
			Responses:         []IntegrationResponse{{StatusCode: 200}},
		})
		itest.Integrate(t, m, itest.Request("GET", "/", "")) // the source has no value: nothing is set
		_, err := m.Integrate(context.Background(), itest.Request("GET", "/", "", "t", "x"))
		if !errors.Is(err, apigate.ErrAPIConfiguration) {
			t.Errorf("%s: got %v, want API_CONFIGURATION_ERROR", tmpl, err)
		}
	}
}
