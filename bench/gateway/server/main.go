// Command server is one side of the end-to-end throughput comparison in bench/gateway: it
// serves, on a loopback address, either apigate or the plain net/http program apigate is
// measured against.
//
//	-mode bare     a net/http handler writing the MOCK method's status, Content-Type and body
//	-mode mock     apigate: GET /prod/hello, a MOCK integration with a static response template
//	-mode mock-auth  the same method behind an API key and a TOKEN authorizer (an in-process Go
//	               function) whose decision is cached
//	-mode backend  the backend of the proxy comparison: any request gets a list of 3 pets
//	-mode proxy    httputil.ReverseProxy to -backend
//	-mode http     apigate: POST /prod/pets, an HTTP (non-proxy) integration to -backend with a
//	               request template and the PetStore's response template
//
// It logs nothing per request. GOMAXPROCS is left to the environment (the CPUs the process may
// run on). With -cpuprofile or -memprofile it writes the profiles when it is stopped (SIGINT or
// SIGTERM) and prints the requests it served and the heap allocations per request.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/apigate/apigate/gateway"
	"github.com/apigate/apigate/integration"
	"github.com/apigate/apigate/stage"
)

// The MOCK method's answer, which the bare server writes as it is.
const (
	mockStatus      = http.StatusOK
	mockContentType = "application/json"
	mockBody        = `{"message":"hello from mock"}`
)

// backendBody is the backend's answer: the PetStore's list of pets.
const backendBody = `[{"id":1,"type":"dog","price":249.99},{"id":2,"type":"cat","price":124.99},{"id":3,"type":"fish","price":0.99}]`

// petsTemplate is the PetStore's response template for the list of pets.
const petsTemplate = "#set($pets = $input.path('$'))" +
	`[#foreach($p in $pets){"description": "Item $p.id is a $p.type.", "askingPrice": $p.price}#if($foreach.hasNext),#end#end]`

// searchTemplate is the HTTP method's request template: the client's query turned into the
// backend's search request.
const searchTemplate = `{"type": "$input.path('$.type')", "limit": 3, "requestId": "$context.requestId"}`

func main() {
	mode := flag.String("mode", "", "what to serve: bare, mock, mock-auth, backend, proxy, http or a lambda mode")
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	backend := flag.String("backend", "", "host:port of the backend (modes proxy and http)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to this file when stopped")
	memProfile := flag.String("memprofile", "", "write an allocation profile to this file when stopped")
	flag.Parse()

	h, err := newHandler(*mode, *backend)
	if err != nil {
		log.Fatal(err)
	}
	var served atomic.Int64
	profiling := *cpuProfile != "" || *memProfile != ""
	if profiling {
		inner := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			served.Add(1)
			inner.ServeHTTP(w, r)
		})
		if *memProfile != "" {
			runtime.MemProfileRate = 64 << 10 // sample more often than the default 512 KB
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
	}

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	fmt.Fprintf(os.Stderr, "server: mode %s on %s, GOMAXPROCS %d\n", *mode, l.Addr(), runtime.GOMAXPROCS(0))

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	mallocs0 := heapObjects()
	select {
	case err := <-done:
		log.Fatal(err)
	case <-stop:
	}
	if profiling {
		pprof.StopCPUProfile()
		n, objs := served.Load(), heapObjects()-mallocs0
		if n > 0 {
			fmt.Fprintf(os.Stderr, "server: mode %s served %d requests, %.1f heap allocations per request (whole process)\n",
				*mode, n, float64(objs)/float64(n))
		}
		if *memProfile != "" {
			f, err := os.Create(*memProfile)
			if err != nil {
				log.Fatal(err)
			}
			if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
				log.Fatal(err)
			}
			f.Close()
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}

// heapObjects returns the number of heap objects allocated so far.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:objects"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// newHandler returns the handler for a mode.
func newHandler(mode, backend string) (http.Handler, error) {
	if h, ok, err := newLambdaHandler(mode); ok {
		return h, err
	}
	switch mode {
	case "bare":
		body := []byte(mockBody)
		length := []string{strconv.Itoa(len(body))}
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			h := w.Header()
			h["Content-Type"] = []string{mockContentType}
			h["Content-Length"] = length
			w.WriteHeader(mockStatus)
			w.Write(body)
		}), nil
	case "mock":
		api := gateway.NewRESTAPI("bench")
		api.Resource("/hello").Method(http.MethodGet, integration.Mock(integration.Options{
			RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
			Responses: []integration.IntegrationResponse{{
				StatusCode:        mockStatus,
				ResponseTemplates: map[string]string{mockContentType: mockBody},
			}},
		}))
		return deploy(api, nil)
	case "mock-auth":
		return newMockAuth()
	case "backend":
		body := []byte(backendBody)
		length := []string{strconv.Itoa(len(body))}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			h := w.Header()
			h["Content-Type"] = []string{"application/json"}
			h["Content-Length"] = length
			w.Write(body)
		}), nil
	case "proxy":
		if backend == "" {
			return nil, errors.New("-mode proxy needs -backend")
		}
		target := &url.URL{Scheme: "http", Host: backend}
		return &httputil.ReverseProxy{
			Rewrite: func(pr *httputil.ProxyRequest) {
				pr.SetURL(target)
				pr.SetXForwarded()
			},
			Transport: transport(),
			ErrorLog:  log.New(io.Discard, "", 0),
		}, nil
	case "http":
		if backend == "" {
			return nil, errors.New("-mode http needs -backend")
		}
		api := gateway.NewRESTAPI("bench")
		api.Resource("/pets").Method(http.MethodPost, integration.HTTP("POST", "http://${stageVariables.backend}/pets", integration.Options{
			RequestTemplates: map[string]string{"application/json": searchTemplate},
			Responses: []integration.IntegrationResponse{{
				StatusCode:        http.StatusOK,
				ResponseTemplates: map[string]string{"application/json": petsTemplate},
			}},
		}))
		return deploy(api, stage.Variables{"backend": backend})
	}
	return nil, fmt.Errorf("unknown -mode %q: want bare, mock, mock-auth, backend, proxy, http, lambda-bare, lambda-proxy or lambda-nonproxy", mode)
}

// deploy serves api on the stage prod.
func deploy(api *gateway.RESTAPI, vars stage.Variables) (http.Handler, error) {
	d, err := api.Deploy()
	if err != nil {
		return nil, err
	}
	return gateway.New(d, gateway.Stage(stage.Config{Name: "prod", Variables: vars}))
}

// transport is the reverse proxy's transport, set up as the HTTP integration's shared client
// is (integration/http.go): http.DefaultTransport's settings with 64 idle connections per host
// (the default 2 would make the proxy open a connection for most requests under load) and no
// transparent compression.
func transport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	t.DisableCompression = true
	return t
}
