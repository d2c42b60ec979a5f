package backend

import (
	"maps"
	"net/http"
	"strings"
)

// Secret headers: the integration request headers whose values a Trace never sees, as API
// Gateway's execution log (and the test-invoke log) masks them in the endpoint request headers:
// Authorization (an AWS integration's SigV4 signature, or the client's credentials forwarded to
// an HTTP backend) and X-Amz-Security-Token (the STS session token of an assumed role).
var secretHeaders = [...]string{"Authorization", "X-Amz-Security-Token"}

// maskKeep is how many characters at the end of a secret value stay visible, as AWS's log keeps
// the signature's last six; maskMin is the shortest value that keeps them (a shorter one is all
// asterisks, so that a short credential is not given away).
const (
	maskKeep = 6
	maskMin  = 24
)

// TraceHeader returns h as the Trace's IntegrationRequest hook sees it: h itself when it holds
// no secret header (in any spelling), else a copy of the map in which each secret header's
// values are masked (see Mask). The request sent keeps the values as they are. Call it only
// when the hook is set: the copy is made for the Trace alone.
func TraceHeader(h http.Header) http.Header {
	var c http.Header
	for name, vs := range h {
		if !secret(name) {
			continue
		}
		if c == nil {
			c = maps.Clone(h)
		}
		masked := make([]string, len(vs))
		for i, v := range vs {
			masked[i] = Mask(v)
		}
		c[name] = masked
	}
	if c == nil {
		return h
	}
	return c
}

// secret reports whether name is one of secretHeaders, in any spelling.
func secret(name string) bool {
	for _, s := range secretHeaders {
		if strings.EqualFold(name, s) {
			return true
		}
	}
	return false
}

// Mask returns a secret value as a Trace sees it: an asterisk for each character but the last
// six, which stay as they are, as API Gateway's execution log shows an Authorization header;
// all asterisks for a value shorter than 24 characters.
func Mask(v string) string {
	if len(v) < maskMin {
		return strings.Repeat("*", len(v))
	}
	return strings.Repeat("*", len(v)-maskKeep) + v[len(v)-maskKeep:]
}
