package gateway

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/internal/methodrequest"
)

// Limits API Gateway puts on a request.
const (
	MaxBodySize   = 10 << 20                    // 10 MB: larger bodies are REQUEST_TOO_LARGE (413)
	MaxHeaderSize = methodrequest.MaxHeaderSize // 10,240 bytes of request line and headers
)

// DefaultMaxBodyBytesInFlight is the gateway's bound on the bytes of request bodies it holds at
// once unless MaxBodyBytesInFlight sets another: 256 MiB, 25 bodies of the largest size API
// Gateway accepts, or thousands of ordinary ones. With Go's default garbage collector setting
// (GOGC=100), a heap holding that much live data peaks near twice as much.
const DefaultMaxBodyBytesInFlight = 256 << 20

// checkLimits enforces the header size limit and a declared body size over the limit.
func checkLimits(r *apigate.Request) error {
	hr := r.HTTP
	n := len(hr.Method) + len(hr.RequestURI) + len(hr.Proto) + 4
	for name, values := range hr.Header {
		for _, v := range values {
			n += len(name) + len(v) + 4
		}
	}
	if n > MaxHeaderSize {
		return &apigate.Error{Type: apigate.RequestTooLarge, Err: fmt.Errorf("gateway: %d bytes of headers, the limit is %d", n, MaxHeaderSize)}
	}
	if hr.ContentLength > MaxBodySize {
		return &apigate.Error{Type: apigate.RequestTooLarge, Err: fmt.Errorf("gateway: a body of %d bytes, the limit is %d", hr.ContentLength, MaxBodySize)}
	}
	return nil
}

// bodyBudget bounds the bytes of request bodies the gateway holds at once.
type bodyBudget struct {
	limit int64
	used  atomic.Int64
}

// reserve takes n bytes of the budget, or reports that they would take it over the limit.
func (b *bodyBudget) reserve(n int64) bool {
	for {
		used := b.used.Load()
		if used+n > b.limit {
			return false
		}
		if b.used.CompareAndSwap(used, used+n) {
			return true
		}
	}
}

func (b *bodyBudget) release(n int64) { b.used.Add(-n) }

// errBudget is the failure of a request whose body the budget has no room for.
var errBudget = errors.New("gateway: the bodies of the requests in flight are at MaxBodyBytesInFlight")

// Body chunks, for a body of unknown length: the first is small, for the usual small body; each
// next one twice as large, up to the largest.
const (
	firstChunk = 512
	lastChunk  = 1 << 20
)

// readBody reads the request body into r.Body, at most MaxBodySize bytes, charging what it
// allocates to the gateway's body budget (x.reserved, given back by recycle). A body of known
// length is read into a buffer of exactly its size; one of unknown length (chunked) is read in
// chunks of growing size, then copied once into a buffer of exactly its size: for a moment it
// is held twice, and charged twice (so MaxBodyBytesInFlight is at least 2*MaxBodySize).
func (g *Gateway) readBody(x *exchange) error {
	hr := x.req.HTTP
	if hr.Body == nil || hr.Body == http.NoBody {
		return nil
	}
	if n := hr.ContentLength; n > 0 { // checkLimits refused n > MaxBodySize
		if !g.reserve(x, n) {
			return &apigate.Error{Type: apigate.Throttled, Err: errBudget}
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(hr.Body, body); err != nil {
			return bodyError(err)
		}
		x.req.Body = body
		return nil
	}
	var chunks [][]byte
	size, next := 0, firstChunk
	for {
		n := min(next, MaxBodySize-size)
		if n == 0 { // the body is at the limit: one byte more is too many
			var probe [1]byte
			k, err := io.ReadFull(hr.Body, probe[:])
			if k > 0 {
				return &apigate.Error{Type: apigate.RequestTooLarge, Err: fmt.Errorf("gateway: the body exceeds %d bytes", MaxBodySize)}
			}
			if err != io.EOF {
				return bodyError(err)
			}
			break
		}
		if !g.reserve(x, int64(n)) {
			return &apigate.Error{Type: apigate.Throttled, Err: errBudget}
		}
		c := make([]byte, n)
		k, err := io.ReadFull(hr.Body, c)
		if k > 0 {
			chunks = append(chunks, c[:k])
			size += k
		} else {
			g.unreserve(x, int64(n)) // the body ended with the chunk before: c is garbage
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return bodyError(err)
		}
		next = min(2*next, lastChunk)
	}
	switch len(chunks) {
	case 0:
		return nil
	case 1:
		x.req.Body = chunks[0]
		return nil
	}
	held := x.reserved
	if !g.reserve(x, int64(size)) {
		return &apigate.Error{Type: apigate.Throttled, Err: errBudget}
	}
	body := make([]byte, 0, size)
	for _, c := range chunks {
		body = append(body, c...)
	}
	x.req.Body = body
	g.unreserve(x, held) // the chunks are garbage now
	return nil
}

// reserve charges n bytes of the body budget to the request.
func (g *Gateway) reserve(x *exchange, n int64) bool {
	if !g.bodies.reserve(n) {
		return false
	}
	x.reserved += n
	return true
}

// unreserve gives n bytes the request holds back to the body budget.
func (g *Gateway) unreserve(x *exchange, n int64) {
	g.bodies.release(n)
	x.reserved -= n
}

// bodyError is the failure of a body that could not be read: a client that stopped sending it,
// or a chunked encoding net/http could not decode.
func bodyError(err error) error {
	return &apigate.Error{Type: apigate.Default4XX, Status: http.StatusBadRequest, Message: "Bad Request", Err: fmt.Errorf("gateway: reading the body: %w", err)}
}
