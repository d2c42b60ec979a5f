package gateway_test

import (
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/apigate/apigate/gateway"
)

// TestNewServer checks NewServer's documented settings, and that its server cuts off a client
// that sends its headers slowly (with the timeout shortened for the test).
func TestNewServer(t *testing.T) {
	api := gateway.NewRESTAPI("server")
	api.Resource("/x").Method("GET", echo{})
	gw := mustGateway(t, api)
	srv := gateway.NewServer(":8080", gw)
	if srv.Addr != ":8080" || srv.Handler != http.Handler(gw) || srv.ReadHeaderTimeout != 10*time.Second || srv.ReadTimeout != 30*time.Second ||
		srv.WriteTimeout != 74*time.Second || srv.IdleTimeout != 60*time.Second || srv.MaxHeaderBytes != gateway.MaxHeaderSize {
		t.Errorf("server settings: %+v", srv)
	}

	srv.ReadHeaderTimeout = 100 * time.Millisecond
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Close()
	conn, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	io.WriteString(conn, "GET /prod/x HTTP/1.1\r\nHost: x\r\n") // and the rest never comes
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, err := conn.Read(make([]byte, 1))
	if err == nil || n != 0 {
		t.Fatalf("a slow-header client: read %d bytes, %v", n, err)
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("a slow-header client was not cut off after %v", time.Since(start))
	}
	// a client that sends its request in time is served
	resp, err := http.Get("http://" + l.Addr().String() + "/prod/x")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "GET /x /x" {
		t.Errorf("%d %q", resp.StatusCode, body)
	}
}
