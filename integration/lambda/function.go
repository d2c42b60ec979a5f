package lambda

import (
	"errors"
	"fmt"
	"strings"

	"github.com/apigate/apigate/integration/internal/uritemplate"
)

// ErrInvalidFunction reports a Lambda integration's function (a name, an ARN or an integration
// URI) that names no function.
var ErrInvalidFunction = errors.New("integration: invalid Lambda function URI")

// functionRef is the function a Lambda integration invokes, as given: a function name, a
// function ARN (either optionally with a qualifier: "my-fn:live"), or an API Gateway integration
// URI, arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations.
// ${stageVariables.NAME} anywhere in it is replaced by the stage variable (an unset one by ""),
// as API Gateway allows for aliases and versions.
type functionRef struct {
	raw   string
	name  string                // the function, when it names no stage variable
	stage *uritemplate.Template // the function's stage variables, when it names some
}

// newFunctionRef compiles fn. A function with stage variables is checked with every stage
// variable set, and again with the stage's for each request.
func newFunctionRef(fn string) (functionRef, error) {
	f := functionRef{raw: fn}
	if strings.Contains(fn, "${stageVariables.") {
		t := uritemplate.Parse(fn)
		f.stage = &t
		_, err := parseFunction(t.Sample())
		return f, err
	}
	var err error
	f.name, err = parseFunction(fn)
	return f, err
}

// resolve returns the function to invoke for a request of a stage with these variables.
func (f *functionRef) resolve(stage map[string]string) (string, error) {
	if f.stage == nil {
		return f.name, nil
	}
	var buf [128]byte
	return parseFunction(string(f.stage.Expand(buf[:0], nil, stage)))
}

// parseFunction returns the function fn names, or why it names none.
func parseFunction(fn string) (string, error) {
	if strings.HasPrefix(fn, "arn:aws:apigateway:") || strings.HasPrefix(fn, "arn:aws-") && strings.Contains(fn, ":apigateway:") {
		_, rest, ok := strings.Cut(fn, ":lambda:path/")
		if !ok {
			return "", fmt.Errorf("%w: %q: AWS ARN for integration must contain path or action", ErrInvalidFunction, fn)
		}
		rest = strings.TrimPrefix(rest, "2015-03-31/")
		name, ok := strings.CutPrefix(rest, "functions/")
		if !ok {
			return "", fmt.Errorf("%w: %q: the path is not functions/{function}/invocations", ErrInvalidFunction, fn)
		}
		name, ok = strings.CutSuffix(name, "/invocations")
		if !ok || name == "" {
			return "", fmt.Errorf("%w: %q: the path is not functions/{function}/invocations", ErrInvalidFunction, fn)
		}
		fn = name
	}
	if fn == "" || strings.ContainsAny(fn, " /\t\n") {
		return "", fmt.Errorf("%w: %q", ErrInvalidFunction, fn)
	}
	return fn, nil
}
