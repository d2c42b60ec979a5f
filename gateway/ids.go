package gateway

import (
	"crypto/rand"
	"hash/fnv"
)

const idChars = "abcdefghijklmnopqrstuvwxyz0123456789"

// shortID derives an id of n lower-case letters and digits from s, the shape of AWS's API,
// resource and deployment ids, stable from run to run.
func shortID(s string, n int) string {
	h := fnv.New64a()
	h.Write([]byte(s))
	v := h.Sum64()
	b := make([]byte, n)
	for i := range b {
		b[i] = idChars[v%uint64(len(idChars))]
		v /= uint64(len(idChars))
		if v == 0 {
			v = h.Sum64() ^ uint64(i+1)*0x9e3779b97f4a7c15
		}
	}
	return string(b)
}

const extChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// extendedID returns a fresh extended request id ($context.extendedRequestId, the
// x-amz-apigw-id header): 14 random letters and digits and '=', the shape AWS sends (such as
// "Gq1EjFbfvHcEaNw=").
func extendedID() string {
	var b [15]byte
	rand.Read(b[:14])
	for i := 0; i < 14; i++ {
		b[i] = extChars[int(b[i])%len(extChars)]
	}
	b[14] = '='
	return string(b[:])
}
