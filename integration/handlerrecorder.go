package integration

import (
	"fmt"
	"net/http"

	"github.com/apigate/apigate/integration/internal/backend"
)

// errHandlerResponseTooLarge is what a handler's Write returns once its response passes 10 MB.
var errHandlerResponseTooLarge = fmt.Errorf("%w (written by an in-process handler)", backend.ErrTooLarge)

// handlerRecorder is the http.ResponseWriter an in-process handler writes to. It records the
// response with net/http's semantics:
//
//   - Header returns the map to change before WriteHeader; changes after it are ignored (the
//     header is copied, remapped as HTTP_PROXY remaps a backend's, when the status is set);
//   - WriteHeader panics on a code outside 100–999 as net/http does, ignores 1xx informational
//     codes other than 101 and ignores a second call; Write without it means 200;
//   - Write on a status that allows no body (1xx, 204, 304) fails with http.ErrBodyNotAllowed;
//   - a Content-Type is sniffed with http.DetectContentType from the first bytes (those written
//     before the first Flush, or all) when the handler set none and no Content-Encoding, as the
//     net/http server does; Date and Content-Length, which a server adds on the wire, are not
//     added;
//   - Flush (http.Flusher) settles the status and header and is otherwise harmless: the body is
//     sent whole when the handler returns;
//   - past 10 MB, Write keeps what fits and returns an error, and the integration answers 502.
//
// Trailers are not recorded: API Gateway does not pass them on.
type handlerRecorder struct {
	header   http.Header // what Header returns; cleared and reused
	out      http.Header // the header as sent, set by WriteHeader; handed to the response
	status   int
	wrote    bool // WriteHeader has taken effect
	settled  bool // the Content-Type question is answered
	noSniff  bool // the handler set a Content-Type, a Content-Encoding or a Transfer-Encoding
	tooLarge bool
	body     []byte
}

var (
	_ http.ResponseWriter = (*handlerRecorder)(nil)
	_ http.Flusher        = (*handlerRecorder)(nil)
)

// handlerKeepBody is the largest body buffer kept for the next request.
const handlerKeepBody = 64 << 10

func (w *handlerRecorder) reset() {
	if w.header == nil {
		w.header = make(http.Header)
	} else {
		clear(w.header)
	}
	w.out, w.status = nil, 0
	w.wrote, w.settled, w.noSniff, w.tooLarge = false, false, false, false
	if cap(w.body) > handlerKeepBody {
		w.body = nil
	}
	w.body = w.body[:0]
}

// Header returns the response header map.
func (w *handlerRecorder) Header() http.Header { return w.header }

// WriteHeader sets the status and takes the header as it is now.
func (w *handlerRecorder) WriteHeader(code int) {
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	if w.wrote || code < 200 && code != http.StatusSwitchingProtocols {
		return
	}
	w.wrote, w.status = true, code
	w.out = proxyRemapCopy(w.header)
	_, hasType := w.header["Content-Type"]
	_, hasTE := w.header["Transfer-Encoding"]
	w.noSniff = hasType || hasTE || w.header.Get("Content-Encoding") != ""
}

// Write appends p to the body.
func (w *handlerRecorder) Write(p []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.room(len(p))
	w.body = append(w.body, p[:n]...)
	return n, err
}

// WriteString appends s to the body without converting it to a byte slice first.
func (w *handlerRecorder) WriteString(s string) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.room(len(s))
	w.body = append(w.body, s[:n]...)
	return n, err
}

// room returns how many of n bytes to append to the body: n, or fewer with an error when the
// status allows no body or the body would pass 10 MB.
func (w *handlerRecorder) room(n int) (int, error) {
	if !handlerBodyAllowed(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	if room := backend.MaxBody - len(w.body); n > room {
		w.tooLarge = true
		return room, errHandlerResponseTooLarge
	}
	return n, nil
}

// Flush settles the status and Content-Type as a net/http server's first flush does.
func (w *handlerRecorder) Flush() {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	w.settle()
}

// settle sniffs the Content-Type once, from the body written so far.
func (w *handlerRecorder) settle() {
	if w.settled {
		return
	}
	w.settled = true
	if w.noSniff || len(w.body) == 0 || !handlerBodyAllowed(w.status) {
		return
	}
	w.out["Content-Type"] = []string{http.DetectContentType(w.body)}
}

// finish completes the response once the handler has returned: an implicit 200 and the
// Content-Type.
func (w *handlerRecorder) finish() {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	w.settle()
}

// handlerBodyAllowed reports whether a response with this status may have a body.
func handlerBodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}
