package vtl_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/apigate/apigate/mapping/vtl"
)

// TestConcurrentRender renders one template from many goroutines with different data, so the
// race detector sees the pooled state and the inline caches shared between renders, and checks
// every output.
func TestConcurrentRender(t *testing.T) {
	tpl, err := vtl.Compile(`#foreach($p in $pets)$p.id:$p.name#if($foreach.hasNext),#end#end|$pets.size()|$m.k|#set($x = $pets[0].id + 1)$x`, nil)
	if err != nil {
		t.Fatal(err)
	}
	const workers, rounds = 8, 200
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				// maps of different shapes per worker move the inline caches around
				body := fmt.Sprintf(`{"pets":[{"id":%d,"name":"a"},{"name":"b","id":%d}],"m":{"pad%d":0,"k":"v%d"}}`, w, i, w, w)
				v, err := vtl.ParseJSON([]byte(body))
				if err != nil {
					errs <- err
					return
				}
				m := v.AsMap()
				pets, _ := m.GetString("pets")
				mm, _ := m.GetString("m")
				got, err := tpl.RenderString(vtl.Vars{"pets": pets, "m": mm})
				want := fmt.Sprintf("%d:a,%d:b|2|v%d|%d", w, i, w, w+1)
				if err != nil || got != want {
					errs <- fmt.Errorf("worker %d round %d: got %q, %v; want %q", w, i, got, err, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
