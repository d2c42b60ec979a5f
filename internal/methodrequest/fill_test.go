package methodrequest

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/apigate/apigate"
)

func TestFromHTTP(t *testing.T) {
	hr := httptest.NewRequest("POST", "http://abc123.execute-api.local:8443/dev/x?a=1&a=2", nil)
	hr.Header.Set("User-Agent", "ua/1")
	hr.Header.Set("X-HTTP-Method-Override", "PATCH")
	received := time.Date(2024, 8, 2, 23, 34, 43, 5e8, time.FixedZone("x", 3600))
	var r apigate.Request
	FromHTTP(&r, hr, received, new(Clock))
	c := r.Context
	if r.HTTP != hr || r.Method != "PATCH" || c.HTTPMethod != "PATCH" || len(r.Query["a"]) != 2 {
		t.Errorf("request %+v", r)
	}
	if got := r.Header["Host"]; len(got) != 1 || got[0] != "abc123.execute-api.local:8443" {
		t.Errorf("Host header %q", got)
	}
	want := apigate.Context{
		DomainName: "abc123.execute-api.local", DomainPrefix: "abc123", HTTPMethod: "PATCH", Protocol: "HTTP/1.1",
		RequestTime: "02/Aug/2024:22:34:43 +0000", RequestTimeEpoch: 1722638083500,
		Identity: apigate.Identity{SourceIP: "192.0.2.1", UserAgent: "ua/1"},
	}
	if c != want {
		t.Errorf("context\n got %+v\nwant %+v", c, want)
	}
}

func TestClock(t *testing.T) {
	var c Clock
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	a, b := c.Format(t0), c.Format(t0.Add(999*time.Millisecond))
	if a != "02/Jan/2024:03:04:05 +0000" || b != a {
		t.Errorf("%q %q", a, b)
	}
	if got := c.Format(t0.Add(time.Second)); got != "02/Jan/2024:03:04:06 +0000" {
		t.Errorf("next second: %q", got)
	}
}
