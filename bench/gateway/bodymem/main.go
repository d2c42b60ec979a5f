// Command bodymem measures the memory a gateway holds per large request in flight: it serves a
// gateway on loopback whose POST /prod/up method waits until -n requests have all arrived (so
// that their bodies are all held at once), sends -n concurrent POSTs of -size bytes each (with a
// Content-Length, or chunked with -chunked), and prints the peak of the heap's live objects and
// of the process's resident memory (VmHWM) over what they were before, in all and per request.
//
//	go run ./bench/gateway/bodymem -n 64 -size 10485760
//
// The client runs in the same process but holds next to nothing: each body is generated as it
// is sent. The gateway's bound on the bytes of bodies in flight (MaxBodyBytesInFlight) is
// raised to fit the run.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/gateway"
)

func main() {
	n := flag.Int("n", 64, "concurrent requests")
	size := flag.Int64("size", gateway.MaxBodySize, "body size in bytes")
	chunked := flag.Bool("chunked", false, "send the bodies chunked, without a Content-Length")
	flag.Parse()

	var arrived atomic.Int64
	all := make(chan struct{})
	api := gateway.NewRESTAPI("bodymem")
	api.Resource("/up").Method("POST", apigate.IntegrationFunc(func(ctx context.Context, r *apigate.Request) (*apigate.Response, error) {
		if int64(len(r.Body)) != *size {
			return nil, fmt.Errorf("got %d bytes", len(r.Body))
		}
		if arrived.Add(1) == int64(*n) {
			close(all)
		}
		select {
		case <-all:
		case <-time.After(time.Minute):
		}
		return &apigate.Response{StatusCode: 200, Body: []byte("ok")}, nil
	}))
	d, err := api.Deploy()
	if err != nil {
		log.Fatal(err)
	}
	// a chunked body is held twice for a moment, as its chunks and as the copy they make
	budget := int64(*n) * *size
	if *chunked {
		budget *= 2
	}
	budget = max(budget, 2*gateway.MaxBodySize) // the smallest bound the gateway accepts
	gw, err := gateway.New(d, gateway.MaxBodyBytesInFlight(budget))
	if err != nil {
		log.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go http.Serve(l, gw)

	runtime.GC()
	heap0, rss0 := heapBytes(), residentPeak()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() { // sample the heap's live objects every millisecond
		defer close(sampled)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if h := heapBytes(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()

	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: *n, MaxIdleConnsPerHost: *n, DisableCompression: true}}
	url := "http://" + l.Addr().String() + "/prod/up"
	start := time.Now()
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range *n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", url, io.LimitReader(zeros{}, *size))
			req.ContentLength = *size
			if *chunked {
				req.ContentLength = -1
				req.TransferEncoding = []string{"chunked"}
			}
			resp, err := client.Do(req)
			if err != nil {
				log.Print(err)
				failed.Add(1)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				log.Printf("%d %s", resp.StatusCode, b)
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	took := time.Since(start)
	heap, rss := peak.Load()-heap0, residentPeak()-rss0
	mb := func(b uint64) float64 { return float64(b) / (1 << 20) }
	fmt.Printf("%d concurrent POSTs of %d bytes (chunked: %v) in %v, %d failed, %s\n", *n, *size, *chunked, took.Round(time.Millisecond), failed.Load(), runtime.Version())
	fmt.Printf("peak heap (live objects) over the start: %.1f MiB, %.1f MiB per request\n", mb(heap), mb(heap)/float64(*n))
	fmt.Printf("peak resident memory (VmHWM) over the start: %.1f MiB, %.1f MiB per request\n", mb(rss), mb(rss)/float64(*n))
}

// heapBytes returns the bytes of the heap's objects, live and not yet swept.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// residentPeak returns the process's peak resident memory (VmHWM), in bytes, or 0 where
// /proc/self/status does not tell it.
func residentPeak() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			var kb uint64
			fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb)
			return kb << 10
		}
	}
	return 0
}

// zeros is an endless stream of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
