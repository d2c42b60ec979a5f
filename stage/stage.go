// Package stage holds what API Gateway keeps per stage, as data: a Config names the stage and
// carries its variables ($stageVariables in templates, ${stageVariables.x} in integration
// URIs), and Validate checks it the way API Gateway does when a stage is created. The gateway
// serves a deployment on each configured stage (gateway.Stage); what it keeps of a stage at
// run time is only the atomic switch between deployments.
//
// The stage settings later issues add (method settings, throttling, cache, canary, the access
// log format) become fields of Config, checked by Config.Validate, so that a stage stays one
// plain value that round-trips through API Gateway's own definitions.
package stage

import (
	"errors"
	"fmt"
)

// Limits API Gateway puts on stages.
const (
	MaxNameLength      = 128
	MaxVariables       = 100
	MaxVariableName    = 64
	MaxVariableValue   = 512
	variableValueChars = "-._~:/?#&=,"
)

// Config is a stage's settings. The zero value is not a valid stage: it needs a Name.
type Config struct {
	// Name is the stage's name: the first path segment of its URLs ($context.stage).
	Name string
	// Variables are the stage's variables; nil for none.
	Variables Variables
}

// Validate checks the stage's settings as API Gateway does: the name (ValidateName) and the
// variables (Variables.Validate). Its errors match ErrInvalidName or ErrInvalidVariable.
func (c Config) Validate() error {
	if err := ValidateName(c.Name); err != nil {
		return err
	}
	if err := c.Variables.Validate(); err != nil {
		return fmt.Errorf("stage %s: %w", c.Name, err)
	}
	return nil
}

// Errors returned by ValidateName and Variables.Validate, matchable with errors.Is.
var (
	ErrInvalidName     = errors.New("stage: invalid stage name")
	ErrInvalidVariable = errors.New("stage: invalid stage variable")
)

// ValidateName checks a stage name: 1 to 128 characters, letters, digits, '-' and '_'.
func ValidateName(name string) error {
	if name == "" || len(name) > MaxNameLength {
		return fmt.Errorf("%w %q: it must be 1 to %d characters", ErrInvalidName, name, MaxNameLength)
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isAlnum(c) && c != '-' && c != '_' {
			return fmt.Errorf("%w %q: only letters, digits, '-' and '_' are allowed", ErrInvalidName, name)
		}
	}
	return nil
}

// Variables are a stage's variables, by name.
type Variables map[string]string

// Validate checks the variables against API Gateway's rules: at most 100; names of 1 to 64
// letters, digits and '_'; values of 1 to 512 characters among letters, digits and
// -._~:/?#&=,
func (v Variables) Validate() error {
	if len(v) > MaxVariables {
		return fmt.Errorf("%w: %d variables, at most %d are allowed", ErrInvalidVariable, len(v), MaxVariables)
	}
	for name, value := range v {
		if name == "" || len(name) > MaxVariableName {
			return fmt.Errorf("%w: name %q must be 1 to %d characters", ErrInvalidVariable, name, MaxVariableName)
		}
		for i := 0; i < len(name); i++ {
			if c := name[i]; !isAlnum(c) && c != '_' {
				return fmt.Errorf("%w: name %q may hold only letters, digits and '_'", ErrInvalidVariable, name)
			}
		}
		if value == "" || len(value) > MaxVariableValue {
			return fmt.Errorf("%w: the value of %q must be 1 to %d characters", ErrInvalidVariable, name, MaxVariableValue)
		}
		for i := 0; i < len(value); i++ {
			if c := value[i]; !isAlnum(c) && !contains(variableValueChars, c) {
				return fmt.Errorf("%w: the value of %q may hold only letters, digits and %s", ErrInvalidVariable, name, variableValueChars)
			}
		}
	}
	return nil
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func contains(set string, c byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}
