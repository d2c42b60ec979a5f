package response

import (
	"net/http"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/jsonstr"
)

// numTypes is the number of gateway response types.
const numTypes = apigate.NumResponseTypes

// typeIndex maps each response type to its position in apigate.ResponseTypes.
var typeIndex = func() map[apigate.ResponseType]int {
	m := make(map[apigate.ResponseType]int, numTypes)
	for i, t := range apigate.ResponseTypes() {
		m[t] = i
	}
	return m
}()

// builtin is what a type's built-in gateway response needs at render time, computed once.
type builtin struct {
	typ       apigate.ResponseType
	key       string   // the body's key: message, or Message for ACCESS_DENIED
	status    int      // the default status; 400 and 500 for DEFAULT_4XX and DEFAULT_5XX
	errorType []string // the x-amzn-ErrorType header's value, shared between responses
	message   string   // the default $context.error.message
	null      bool     // the default message is null (AUTHORIZER_CONFIGURATION_ERROR)
	body      []byte   // the built-in body with the default message, shared between responses
}

// builtins holds every type's built-in response, by typeIndex.
var builtins = func() (b [numTypes]builtin) {
	for i, t := range apigate.ResponseTypes() {
		status := t.DefaultStatus()
		switch t {
		case apigate.Default4XX:
			status = http.StatusBadRequest
		case apigate.Default5XX:
			status = http.StatusInternalServerError
		}
		// The default message state is the one an *apigate.Error with no Message has.
		msg, ok := (&apigate.Error{Type: t}).MessageText()
		key := "message"
		if t == apigate.AccessDenied {
			key = "Message" // as AWS answers every denial: {"Message":"User is not authorized ..."}
		}
		body := messageBody(key, msg, ok)
		if t == apigate.RequestTooLarge {
			body = requestTooLargeBody
		}
		b[i] = builtin{
			typ:       t,
			key:       key,
			status:    status,
			errorType: []string{t.ErrorType()},
			message:   msg,
			null:      !ok,
			body:      body,
		}
	}
	return b
}()

// requestTooLargeBody is REQUEST_TOO_LARGE's body as recorded on AWS (a Lambda proxy method
// whose event was over Lambda's limit: 413, x-amzn-ErrorType BadRequestException): not the
// built-in template's output, but with a space after the colon. The type cannot be
// customized, so it is always this body.
var requestTooLargeBody = []byte(`{"message": "Request Too Long"}`)

// jsonContentType is the built-in responses' Content-Type value, shared between responses.
var jsonContentType = []string{"application/json"}

// messageBody renders the built-in template, {"message":$context.error.messageString}, with
// the key given ({"Message":...} for ACCESS_DENIED).
func messageBody(key, msg string, ok bool) []byte {
	b := make([]byte, 0, len(`{"":}`)+len(key)+len(msg)+8)
	b = append(append(append(b, `{"`...), key...), `":`...)
	if ok {
		b = jsonstr.Append(b, msg, jsonstr.Minimal)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, '}')
	return b[:len(b):len(b)]
}

// defaultBody returns the built-in body for e: a shared one when e's message is the type's
// default (or null), a new one otherwise.
func (b *builtin) defaultBody(e *apigate.Error) []byte {
	msg, ok := e.MessageText()
	switch {
	case !ok && b.null:
		return b.body
	case !ok:
		return messageBody(b.key, "", false)
	case !b.null && msg == b.message:
		return b.body
	}
	return messageBody(b.key, msg, true)
}

// builtinTemplate is {"message":$context.error.messageString}, the template of every built-in
// response, which a customized response without templates also gets.
var builtinTemplate = template{
	contentType: "application/json",
	header:      jsonContentType,
	pieces: []piece{
		{text: `{"message":`},
		{src: &source{kind: srcMessageString}},
		{text: `}`},
	},
	size: len(`{"message":}`),
}
