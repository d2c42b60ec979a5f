package sigv4

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/apigate/apigate"
)

// The causes of the verifier's errors, for errors.Is. The *apigate.Error the verifier returns
// wraps one of them (and matches its ResponseType sentinel, such as apigate.ErrInvalidSignature).
var (
	// ErrMissingCredentials: the request carries no SigV4 credentials at all.
	ErrMissingCredentials = errors.New("sigv4: no credentials in the request")
	// ErrIncomplete: the Authorization header or the presigned query lacks a part.
	ErrIncomplete = errors.New("sigv4: incomplete signature")
	// ErrMalformed: a part is present but not valid (date, credential scope, signed headers,
	// expiry).
	ErrMalformed = errors.New("sigv4: malformed signature")
	// ErrRequestTime: the signing time is outside the accepted window.
	ErrRequestTime = errors.New("sigv4: signing time outside the accepted window")
	// ErrInvalidToken: the session token does not match the access key's.
	ErrInvalidToken = errors.New("sigv4: invalid security token")
	// ErrExpiredToken: the temporary credentials have expired.
	ErrExpiredToken = errors.New("sigv4: expired security token")
	// ErrSignatureMismatch: the signature does not match the request.
	ErrSignatureMismatch = errors.New("sigv4: signature mismatch")
	// ErrDenied: the identity policy does not allow execute-api:Invoke on the method.
	ErrDenied = errors.New("sigv4: not authorized")
)

// The messages, as AWS words them (spec §4).
const (
	msgInvalidToken = "The security token included in the request is invalid."
	msgExpiredToken = "The security token included in the request is expired"
	msgMismatch     = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'"
	msgHostSigned   = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
	amzDateLayout   = "20060102T150405Z"
)

func fail(t apigate.ResponseType, msg string, cause error) *apigate.Error {
	return &apigate.Error{Type: t, Message: msg, Err: cause}
}

// incompleteHeader reports the missing parts of an Authorization header, one clause each in
// AWS's order, then the raw header.
func incompleteHeader(a authorization, hasDate bool, raw string) error {
	var b strings.Builder
	if a.credential == "" {
		b.WriteString("Authorization header requires 'Credential' parameter. ")
	}
	if a.signature == "" {
		b.WriteString("Authorization header requires 'Signature' parameter. ")
	}
	if a.signedHeaders == "" {
		b.WriteString("Authorization header requires 'SignedHeaders' parameter. ")
	}
	if !hasDate {
		b.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	b.WriteString("Authorization=")
	b.WriteString(raw)
	return fail(apigate.MissingAuthenticationToken, b.String(), ErrIncomplete)
}

// incompleteQuery reports the missing parameters of a presigned query.
func incompleteQuery(missing []string) error {
	var b strings.Builder
	for _, m := range missing {
		b.WriteString("AWS query-string parameters must include '")
		b.WriteString(m)
		b.WriteString("'. ")
	}
	b.WriteString("Re-examine the query-string parameters.")
	return fail(apigate.MissingAuthenticationToken, b.String(), ErrIncomplete)
}

func malformed(msg string) error { return fail(apigate.InvalidSignature, msg, ErrMalformed) }

// expired reports a signing time before the window: t is earlier than limit = now - window.
func expired(t, now time.Time, window string, limit time.Time) error {
	return fail(apigate.InvalidSignature, "Signature expired: "+t.Format(amzDateLayout)+" is now earlier than "+
		limit.Format(amzDateLayout)+" ("+now.Format(amzDateLayout)+" - "+window+".)", ErrRequestTime)
}

// notYetCurrent reports a signing time after now + 5 minutes.
func notYetCurrent(t, now time.Time) error {
	return fail(apigate.InvalidSignature, "Signature not yet current: "+t.Format(amzDateLayout)+" is still later than "+
		now.Add(skew).Format(amzDateLayout)+" ("+now.Format(amzDateLayout)+" + 5 min.)", ErrRequestTime)
}

// mismatch reports a wrong signature with the canonical request and string to sign the
// verifier computed, as AWS shows them.
func mismatch(canonical, stringToSign []byte) error {
	var b strings.Builder
	b.Grow(len(msgMismatch) + len(canonical) + len(stringToSign) + 64)
	b.WriteString(msgMismatch)
	b.Write(canonical)
	b.WriteString("'\n\nThe String-to-Sign should have been\n'")
	b.Write(stringToSign)
	b.WriteString("'\n")
	return fail(apigate.InvalidSignature, b.String(), ErrSignatureMismatch)
}

// denied reports a caller the identity policy does not allow.
func denied(userArn, methodARN string, explicit bool) error {
	msg := "User: " + userArn + " is not authorized to perform: execute-api:Invoke on resource: " + methodARN
	if explicit {
		return fail(apigate.AccessDenied, msg+" with an explicit deny", ErrDenied)
	}
	return fail(apigate.AccessDenied, msg, fmt.Errorf("%w: %w", ErrDenied, apigate.ErrImplicitDeny))
}
