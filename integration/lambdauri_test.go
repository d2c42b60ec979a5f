package integration

import (
	"errors"
	"testing"
)

func TestLambdaFunction(t *testing.T) {
	vars := map[string]string{"alias": "live", "fn": "orders"}
	for _, tc := range []struct{ in, want string }{
		{"my-fn", "my-fn"},
		{"my-fn:3", "my-fn:3"},
		{"arn:aws:lambda:eu-west-1:123456789012:function:my-fn", "arn:aws:lambda:eu-west-1:123456789012:function:my-fn"},
		{"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:app/invocations", "arn:aws:lambda:eu-west-1:123456789012:function:app"},
		{"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:app:${stageVariables.alias}/invocations", "arn:aws:lambda:eu-west-1:123456789012:function:app:live"},
		{"${stageVariables.fn}", "orders"},
	} {
		got, err := lambdaFunction(tc.in, vars)
		if err != nil || got != tc.want {
			t.Errorf("lambdaFunction(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "arn:aws:apigateway:eu-west-1:sqs:action/SendMessage", "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions//invocations", "a b", "${stageVariables.nope}"} {
		if _, err := lambdaFunction(bad, vars); !errors.Is(err, ErrInvalidLambdaURI) {
			t.Errorf("lambdaFunction(%q): %v, want ErrInvalidLambdaURI", bad, err)
		}
	}
}
