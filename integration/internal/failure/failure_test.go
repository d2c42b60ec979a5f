package failure

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/apigate/apigate"
)

func TestConfig(t *testing.T) {
	cause := errors.New("bad")
	var ge *apigate.Error
	if err := Config(cause); !errors.As(err, &ge) || ge.Type != apigate.APIConfigurationError || !errors.Is(err, cause) {
		t.Errorf("Config: %#v", err)
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

var _ net.Error = timeoutErr{}

func TestTransport(t *testing.T) {
	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	gone, cancel2 := context.WithCancel(context.Background())
	cancel2()
	refused := errors.New("connection refused")
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want apigate.ResponseType // "" for err returned as it is
	}{
		{"deadline error", context.Background(), context.DeadlineExceeded, apigate.IntegrationTimeout},
		{"deadline passed", expired, refused, apigate.IntegrationTimeout},
		{"network timeout", context.Background(), timeoutErr{}, apigate.IntegrationTimeout},
		{"refused", context.Background(), refused, apigate.IntegrationFailure},
		{"client gone", gone, refused, ""},
	}
	for _, tc := range tests {
		err := Transport(tc.ctx, tc.err)
		var ge *apigate.Error
		switch {
		case tc.want == "":
			if err != tc.err {
				t.Errorf("%s: %v, want the error unchanged", tc.name, err)
			}
		case !errors.As(err, &ge) || ge.Type != tc.want || !errors.Is(err, tc.err):
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
	if Transport(context.Background(), nil) != nil {
		t.Error("nil error")
	}
}
