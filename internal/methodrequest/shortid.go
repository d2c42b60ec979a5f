package methodrequest

import (
	"hash/fnv"
	"math/rand/v2"
)

const idChars = "abcdefghijklmnopqrstuvwxyz0123456789"

// ShortID derives an id of n lower-case letters and digits from s, the shape of AWS's API,
// resource and deployment ids, stable from run to run.
func ShortID(s string, n int) string {
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

// DeploymentID returns a fresh deployment id ($context.deploymentId): 6 letters and digits.
func DeploymentID() string {
	var b [6]byte
	v := rand.Uint64()
	for i := range b {
		b[i] = idChars[v%uint64(len(idChars))]
		v /= uint64(len(idChars))
	}
	return string(b[:])
}
