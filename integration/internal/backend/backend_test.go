package backend

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/apigate/apigate"
)

func TestReadBody(t *testing.T) {
	const max = MaxBody
	data := bytes.Repeat([]byte("0123456789abcdef"), max/16+1)
	for _, size := range []int{1, 100, readChunk - 1, readChunk, readChunk + 1, 3 * readChunk, max, max + 1} {
		for _, declared := range []int64{int64(size), -1} {
			for name, wrap := range map[string]func(io.Reader) io.Reader{
				"whole": func(r io.Reader) io.Reader { return r },
				"half":  iotest.HalfReader,
			} {
				got, err := ReadBody(wrap(bytes.NewReader(data[:size])), declared)
				if size > max {
					if !errors.Is(err, ErrTooLarge) {
						t.Errorf("%d bytes (declared %d, %s): %v, want ErrTooLarge", size, declared, name, err)
					}
					continue
				}
				if err != nil || !bytes.Equal(got, data[:size]) {
					t.Errorf("%d bytes (declared %d, %s): %d bytes, %v", size, declared, name, len(got), err)
				}
			}
		}
	}
	if _, err := ReadBody(bytes.NewReader(nil), max+1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("declared over 10 MB: %v", err)
	}
	if got, err := ReadBody(bytes.NewReader(nil), -1); got != nil || err != nil {
		t.Errorf("empty: %q %v", got, err)
	}
	// A reader that fails is an error, whatever arrived before.
	if _, err := ReadBody(iotest.TimeoutReader(iotest.OneByteReader(bytes.NewReader(data[:10]))), 10); err == nil {
		t.Error("a failing reader read without error")
	}
}

// TestClient: nil is the shared client; a client of one's own is copied, with redirects never
// followed, and changing it afterwards changes nothing.
func TestClient(t *testing.T) {
	if shared := Client(nil); shared != defaultClient() || shared.CheckRedirect == nil {
		t.Error("the shared client")
	}
	own := &http.Client{Timeout: time.Minute}
	c := Client(own)
	own.Timeout = time.Second
	if c == own || c.Timeout != time.Minute || c.CheckRedirect(nil, nil) != http.ErrUseLastResponse {
		t.Errorf("copy: %+v", c)
	}
	be := httptest.NewServer(http.RedirectHandler("/moved", http.StatusFound))
	defer be.Close()
	for _, c := range []*http.Client{Client(nil), Client(&http.Client{})} {
		req := NewRequest(context.Background(), "GET", mustURL(t, be.URL+"/x"), "", http.Header{}, nil)
		resp, _, err := Do(context.Background(), c, req, &apigate.Request{}, nil)
		if err != nil || resp.StatusCode != http.StatusFound {
			t.Errorf("redirect: %v %v", resp, err)
		}
	}
}

// TestDoTrace: the Trace hooks get the request as sent (Authorization masked) and the answer.
func TestDoTrace(t *testing.T) {
	be := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Answer", "yes")
		w.WriteHeader(201)
		io.WriteString(w, "created")
	}))
	defer be.Close()
	var sent apigate.IntegrationRequestInfo
	var got apigate.IntegrationResponseInfo
	r := &apigate.Request{Trace: &apigate.Trace{
		IntegrationRequest:  func(_ *apigate.Request, i *apigate.IntegrationRequestInfo) { sent = *i },
		IntegrationResponse: func(_ *apigate.Request, i *apigate.IntegrationResponseInfo) { got = *i },
	}}
	body := []byte("payload")
	req := NewRequest(context.Background(), "POST", mustURL(t, be.URL+"/p?q=1"), "", http.Header{"X-Sent": {"1"}, "Authorization": {sigV4}}, body)
	if _, _, err := Do(context.Background(), Client(nil), req, r, body); err != nil {
		t.Fatal(err)
	}
	if sent.Method != "POST" || sent.URI != be.URL+"/p?q=1" || sent.Header.Get("X-Sent") != "1" || string(sent.Body) != "payload" {
		t.Errorf("request %+v", sent)
	}
	if got, want := sent.Header.Get("Authorization"), Mask(sigV4); got != want || req.Header.Get("Authorization") != sigV4 {
		t.Errorf("Authorization: traced %q, want %q; sent %q", got, want, req.Header.Get("Authorization"))
	}
	if got.StatusCode != 201 || got.Header.Get("X-Answer") != "yes" || string(got.Body) != "created" || got.Latency <= 0 || got.Err != nil {
		t.Errorf("response %+v", got)
	}
	be.Close()
	req = NewRequest(context.Background(), "GET", mustURL(t, be.URL), "", http.Header{}, nil)
	if _, _, err := Do(context.Background(), Client(nil), req, r, nil); err == nil || got.Err != err || got.StatusCode != 0 {
		t.Errorf("failed call: %v, traced %+v", err, got)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestStatusText(t *testing.T) {
	for n, want := range map[int]string{100: "100", 200: "200", 599: "599", 600: "600", 42: "42", -1: "-1"} {
		if got := StatusText(n); got != want {
			t.Errorf("StatusText(%d) = %q", n, got)
		}
	}
}

// mapped is a Mapped over a list.
type mapped [][2]string

func (m mapped) Len() int              { return len(m) }
func (m mapped) Name(i int) string     { return m[i][0] }
func (m mapped) Values(i int) []string { return []string{m[i][1]} }
func (m mapped) Has(name string) bool {
	for _, kv := range m {
		if strings.EqualFold(kv[0], name) {
			return true
		}
	}
	return false
}

func TestNewHeader(t *testing.T) {
	r := &apigate.Request{Method: "POST", Header: http.Header{"Content-Type": {"text/plain"}}, Context: apigate.Context{APIID: "abc"}}
	h := NewHeader(r, mapped{{"accept", "text/xml"}, {"Via", "x"}}, func(n string) bool { return strings.EqualFold(n, "via") }, "Root=1", 1)
	h.SetDefault("X-Amz-Target", "T")
	want := http.Header{
		"accept":                   {"text/xml"},
		"Content-Type":             {"text/plain"},
		"User-Agent":               {"AmazonAPIGateway_abc"},
		"X-Amzn-Apigateway-Api-Id": {"abc"},
		"X-Amzn-Trace-Id":          {"Root=1"},
		"X-Amz-Target":             {"T"},
	}
	if !reflect.DeepEqual(h.H, want) {
		t.Errorf("%v, want %v", h.H, want)
	}
	r.Method = "GET"
	if h := NewHeader(r, mapped{}, func(string) bool { return false }, "t", 0); h.H["Content-Type"] != nil || h.H.Get("Accept") != "application/json" {
		t.Errorf("GET: %v", h.H)
	}
}
