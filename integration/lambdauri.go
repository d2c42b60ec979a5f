package integration

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidLambdaURI reports a Lambda integration URI that names no function.
var ErrInvalidLambdaURI = errors.New("integration: invalid Lambda function URI")

// lambdaFunction returns the function a Lambda integration invokes. fn is a function name, a
// function ARN (either optionally with a qualifier: "my-fn:live"), or an API Gateway integration
// URI, arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations.
// ${stageVariables.NAME} anywhere in it is replaced by the stage variable (an unset one by ""),
// as API Gateway allows for aliases and versions.
func lambdaFunction(fn string, stageVars map[string]string) (string, error) {
	fn = lambdaStageVariables(fn, stageVars)
	if strings.HasPrefix(fn, "arn:aws:apigateway:") || strings.HasPrefix(fn, "arn:aws-") && strings.Contains(fn, ":apigateway:") {
		_, rest, ok := strings.Cut(fn, ":lambda:path/")
		if !ok {
			return "", fmt.Errorf("%w: %q: AWS ARN for integration must contain path or action", ErrInvalidLambdaURI, fn)
		}
		rest = strings.TrimPrefix(rest, "2015-03-31/")
		name, ok := strings.CutPrefix(rest, "functions/")
		if !ok {
			return "", fmt.Errorf("%w: %q: the path is not functions/{function}/invocations", ErrInvalidLambdaURI, fn)
		}
		name, ok = strings.CutSuffix(name, "/invocations")
		if !ok || name == "" {
			return "", fmt.Errorf("%w: %q: the path is not functions/{function}/invocations", ErrInvalidLambdaURI, fn)
		}
		fn = name
	}
	if fn == "" || strings.ContainsAny(fn, " /\t\n") {
		return "", fmt.Errorf("%w: %q", ErrInvalidLambdaURI, fn)
	}
	return fn, nil
}

// lambdaStageVariables replaces ${stageVariables.NAME} in s.
func lambdaStageVariables(s string, vars map[string]string) string {
	const open = "${stageVariables."
	if !strings.Contains(s, open) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, open)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(vars[s[i+len(open):i+j]])
		s = s[i+j+1:]
	}
}
