package header

import (
	"errors"
	"net/http"
	"testing"

	"github.com/apigate/apigate"
)

func TestRefused(t *testing.T) {
	for _, name := range []string{"Content-Length", "content-length", "Transfer-Encoding", "X-Amzn-Trace-Id", "x-amzn-apigateway-api-id"} {
		if !Refused(name) || !RefusedAWS(name) {
			t.Errorf("%s is not refused", name)
		}
	}
	for _, name := range []string{"Authorization", "connection", "Expect", "Proxy-Authenticate", "TE"} {
		if Refused(name) || !RefusedAWS(name) {
			t.Errorf("%s: refused %v, on AWS %v", name, Refused(name), RefusedAWS(name))
		}
	}
	for _, name := range []string{"X-Custom", "Accept", "Host", "Content-Type", "X-Amz-Invocation-Type"} {
		if Refused(name) || RefusedAWS(name) {
			t.Errorf("%s is refused", name)
		}
	}
}

// names is a Names over a list.
type names []string

func (n names) Len() int          { return len(n) }
func (n names) Name(i int) string { return n[i] }

func TestCheck(t *testing.T) {
	if err := Check(names{"X-A", "Authorization"}, Refused); err != nil {
		t.Errorf("Authorization on an HTTP integration: %v", err)
	}
	err := Check(names{"X-A", "authorization"}, RefusedAWS)
	var ge *apigate.Error
	if !errors.As(err, &ge) || ge.Type != apigate.APIConfigurationError ||
		err.Error() == "" || ge.Err.Error() != "integration: Execution failed due to configuration error: authorization header already present" {
		t.Errorf("Authorization on an AWS integration: %v", err)
	}
}

func TestDropped(t *testing.T) {
	if DroppedMapped("X-Keep") || !DroppedMapped("via") || !DroppedMapped("host") || DroppedMapped("content-length") {
		t.Error("DroppedMapped")
	}
	if !Dropped("Content-Length", true) || Dropped("Content-Length", false) || !Dropped("Te", false) {
		t.Error("Dropped")
	}
}

func TestHasSetFirst(t *testing.T) {
	h := http.Header{"x-Foo": {"1"}, "Content-Type": {"a", "b"}}
	if !Has(h, "X-FOO") || !Has(h, "Content-Type") || Has(h, "X-Bar") {
		t.Error("Has")
	}
	Set(h, "X-FOO", []string{"2"})
	if _, old := h["x-Foo"]; old || h["X-FOO"][0] != "2" || len(h) != 2 {
		t.Errorf("Set: %v", h)
	}
	if First(h, "Content-Type") != "a" || First(h, "Accept") != "" {
		t.Error("First")
	}
}

func TestRemapped(t *testing.T) {
	for in, want := range map[string]string{
		"Date": "x-amzn-Remapped-Date", "server": "x-amzn-Remapped-Server", "CONNECTION": "x-amzn-Remapped-Connection",
		"Content-Length": "x-amzn-Remapped-Content-Length", "X-Amzn-Requestid": "x-amzn-Remapped-x-amzn-RequestId",
		"Content-Type": "", "Dare": "", "Transfer-Encoding": "",
	} {
		if got := Remapped(in); got != want {
			t.Errorf("Remapped(%q) = %q, want %q", in, got, want)
		}
	}
}
