package content

import (
	"bytes"
	"errors"
	"testing"

	"github.com/apigate/apigate"
)

func TestDecodeEncode(t *testing.T) {
	for in, want := range map[string]string{"aGk=": "hi", "aGk": "hi", "": "", "aGVsbG8gd29ybGQ=": "hello world"} {
		got, err := Decode([]byte(in))
		if err != nil || string(got) != want {
			t.Errorf("Decode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"a", "a===", "!!!!", "aGk=aGk="} {
		_, err := Decode([]byte(bad))
		var ge *apigate.Error
		if !errors.Is(err, ErrBase64) || !errors.As(err, &ge) || ge.Type != apigate.APIConfigurationError {
			t.Errorf("Decode(%q): %v", bad, err)
		}
	}
	if got := Encode([]byte{0, 0xff, 'x'}); !bytes.Equal(got, []byte("AP94")) {
		t.Errorf("Encode = %q", got)
	}
}
