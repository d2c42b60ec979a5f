package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestQuickstart(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /pets", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		io.Copy(w, r.Body)
	})
	gw, err := newGateway(mux)
	if err != nil {
		t.Fatal(err)
	}
	front := http.NewServeMux()
	mount(front, gw)
	srv := httptest.NewServer(front)
	defer srv.Close()
	for _, tc := range []struct {
		method, path, body string
		status             int
		want               string // a prefix of the body
	}{
		{"GET", "/api/prod/ping", "", 200, `{"requestId": "`},
		{"GET", "/api/prod/hello/gopher", "", 200, "hello, gopher"},
		{"POST", "/api/prod/pets", `{"type":"dog"}`, 201, `{"type":"dog"}`},
		{"POST", "/api/prod/pets", `{"type":"dog","admin":true}`, 400, `{"message":"Invalid request body"}`},
		{"GET", "/api/prod/nowhere", "", 403, `{"message":"Missing Authentication Token"}`},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.HasPrefix(string(body), tc.want) {
			t.Errorf("%s %s: %d %s, want %d %s", tc.method, tc.path, resp.StatusCode, body, tc.status, tc.want)
		}
	}
	// the model for $default checks a body of any Content-Type (curl -d sends a form's)
	resp, err := http.Post(srv.URL+"/api/prod/pets", "application/x-www-form-urlencoded", strings.NewReader(`[]`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || string(body) != `{"message":"Invalid request body"}` {
		t.Errorf("a form body: %d %s", resp.StatusCode, body)
	}
}

// TestRun: the server starts and, once its context ends, stops taking requests, lets the one
// in flight finish, closes the gateway and only then returns.
func TestRun(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0") // a free port for run to listen on
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	mux := http.NewServeMux()
	var handled atomic.Bool
	started := make(chan struct{})
	mux.HandleFunc("POST /pets", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		handled.Store(true)
		w.WriteHeader(http.StatusCreated)
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, addr, mux) }()
	status := make(chan int, 1)
	go func() {
		for range 100 { // until the server listens
			resp, err := http.Post("http://"+addr+"/prod/pets", "application/json", strings.NewReader(`{"type":"cat"}`))
			if err == nil {
				resp.Body.Close()
				status <- resp.StatusCode
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		status <- 0
	}()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the request never reached the handler")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
		if !handled.Load() {
			t.Error("run returned before the request in flight finished")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after its context ended")
	}
	if got := <-status; got != http.StatusCreated {
		t.Errorf("the request in flight got %d, want 201", got)
	}
}

func TestObserve(t *testing.T) {
	gw, err := newGateway(http.NewServeMux())
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	log.SetOutput(&out)
	defer log.SetOutput(os.Stderr)
	logged, err := observe(gw.Deployment("prod"))
	if err != nil {
		t.Fatal(err)
	}
	logged.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/prod/ping", nil))
	if !regexp.MustCompile(`[0-9a-f-]{36} GET /ping 200 `).MatchString(out.String()) {
		t.Errorf("access log %q", out.String())
	}
}

func Example_describe() {
	gw, err := newGateway(http.NewServeMux())
	if err != nil {
		panic(err)
	}
	describe(gw.Deployment("prod"))
	// Output:
	// GET /ping MOCK
	// POST /pets HANDLER
	// GET /pets/{petId} HTTP
	// GET /hello/{name} AWS_PROXY
}

// TestReadme holds the README to the code: every Go snippet in README.md is, byte for byte, a
// region of this program between "// readme:NAME" and "// readme:end" (dedented), and every
// such region is in the README, so what the README shows compiles and runs (the tests above).
func TestReadme(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	regions := map[string]string{}
	var name string
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "// readme:end":
			regions[name] = dedent(lines)
			name, lines = "", nil
		case strings.HasPrefix(trimmed, "// readme:"):
			name = strings.TrimPrefix(trimmed, "// readme:")
		case name != "":
			lines = append(lines, line)
		}
	}
	var snippets []string
	for _, block := range regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1) {
		snippets = append(snippets, block[1])
	}
	if len(snippets) == 0 {
		t.Fatal("no Go snippet in README.md")
	}
	found := map[string]bool{}
	for _, s := range snippets {
		ok := false
		for n, r := range regions {
			if r == s {
				ok, found[n] = true, true
			}
		}
		if !ok {
			t.Errorf("README snippet is no region of examples/quickstart/main.go:\n%s", s)
		}
	}
	for n := range regions {
		if !found[n] {
			t.Errorf("region readme:%s is not in the README", n)
		}
	}
}

// dedent removes the indentation the first line has from every line and joins them.
func dedent(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	indent := lines[0][:len(lines[0])-len(strings.TrimLeft(lines[0], "\t"))]
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.TrimPrefix(l, indent))
		b.WriteByte('\n')
	}
	return b.String()
}
