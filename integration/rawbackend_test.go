package integration

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// rawBackend is a loopback server that records each request head as it came on the wire
// (the request line and the header lines, spelled as sent) and answers 200 with an empty body.
type rawBackend struct {
	URL   string
	mu    sync.Mutex
	heads [][]string
}

func newRawBackend(t *testing.T) *rawBackend {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &rawBackend{URL: "http://" + ln.Addr().String()}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go b.serve(conn)
		}
	}()
	return b
}

func (b *rawBackend) serve(conn net.Conn) {
	defer conn.Close()
	br := bufio.NewReader(conn)
	for {
		var head []string
		length := 0
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			head = append(head, line)
			if name, value, ok := strings.Cut(line, ":"); ok && strings.EqualFold(name, "Content-Length") {
				length, _ = strconv.Atoi(strings.TrimSpace(value))
			}
		}
		if _, err := io.CopyN(io.Discard, br, int64(length)); err != nil {
			return
		}
		b.mu.Lock()
		b.heads = append(b.heads, head)
		b.mu.Unlock()
		if _, err := io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"); err != nil {
			return
		}
	}
}

// last returns the last request head: the request line, then the header lines.
func (b *rawBackend) Last(t *testing.T) []string {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.heads) == 0 {
		t.Fatal("the backend got no request")
	}
	return b.heads[len(b.heads)-1]
}

// headerLines returns the header lines of head whose name is name in any case.
func headerLines(head []string, name string) []string {
	var out []string
	for _, line := range head[1:] {
		if n, _, ok := strings.Cut(line, ":"); ok && strings.EqualFold(n, name) {
			out = append(out, line)
		}
	}
	return out
}

// headerKeys returns the keys of h that are name in any case.
func headerKeys(h http.Header, name string) []string {
	var out []string
	for k := range h {
		if strings.EqualFold(k, name) {
			out = append(out, k)
		}
	}
	return out
}
