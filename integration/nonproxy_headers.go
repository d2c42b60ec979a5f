package integration

import (
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apigate/apigate"
)

// nonProxyTraceID returns the X-Amzn-Trace-Id API Gateway sends a backend: the client's, when it sent
// one with a Root, else a new X-Ray trace id, Root=1-{epoch seconds, 8 hex digits}-{96 random
// bits, 24 hex digits}.
func nonProxyTraceID(r *apigate.Request) string {
	if v := r.Header.Get("X-Amzn-Trace-Id"); strings.Contains(v, "Root=") {
		return v
	}
	var b [12]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint32(b[8:], rand.Uint32())
	out := make([]byte, 0, len("Root=1-")+8+1+24)
	out = append(out, "Root=1-"...)
	epoch := strconv.FormatUint(uint64(uint32(time.Now().Unix())), 16)
	for i := len(epoch); i < 8; i++ {
		out = append(out, '0')
	}
	out = append(out, epoch...)
	out = append(out, '-')
	out = hex.AppendEncode(out, b[:])
	return string(out)
}

// httpNoBodyMethod reports whether API Gateway sends an HTTP backend no body for this method (GET,
// HEAD, OPTIONS), as LocalStack does; AWS's rule is not documented.
func httpNoBodyMethod(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}
