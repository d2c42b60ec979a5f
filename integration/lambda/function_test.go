package lambda

import (
	"errors"
	"testing"
)

func TestFunction(t *testing.T) {
	vars := map[string]string{"alias": "live", "fn": "orders"}
	for _, tc := range []struct{ in, want string }{
		{"my-fn", "my-fn"},
		{"my-fn:3", "my-fn:3"},
		{"arn:aws:lambda:eu-west-1:123456789012:function:my-fn", "arn:aws:lambda:eu-west-1:123456789012:function:my-fn"},
		{"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:app/invocations", "arn:aws:lambda:eu-west-1:123456789012:function:app"},
		{"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:app:${stageVariables.alias}/invocations", "arn:aws:lambda:eu-west-1:123456789012:function:app:live"},
		{"${stageVariables.fn}", "orders"},
	} {
		f, err := newFunctionRef(tc.in)
		if err != nil {
			t.Errorf("newFunctionRef(%q): %v", tc.in, err)
			continue
		}
		if got, err := f.resolve(vars); err != nil || got != tc.want {
			t.Errorf("%q resolves to %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "arn:aws:apigateway:eu-west-1:sqs:action/SendMessage", "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions//invocations", "a b"} {
		if _, err := newFunctionRef(bad); !errors.Is(err, ErrInvalidFunction) {
			t.Errorf("newFunctionRef(%q): %v, want ErrInvalidFunction", bad, err)
		}
	}
	// A stage variable is checked when a request resolves it.
	f, err := newFunctionRef("${stageVariables.nope}")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.resolve(vars); !errors.Is(err, ErrInvalidFunction) {
		t.Errorf("an unset stage variable: %v, want ErrInvalidFunction", err)
	}
}
