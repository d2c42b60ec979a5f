package deadline

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// TestLazyDeadline checks the timer-less deadline context against context.WithTimeout's
// behaviour.
func TestLazyDeadline(t *testing.T) {
	type key struct{}
	parent := context.WithValue(context.Background(), key{}, "v")

	c := New(parent, 30*time.Millisecond)
	if d, ok := c.Deadline(); !ok || time.Until(d) > 30*time.Millisecond || c.Err() != nil || c.Value(key{}) != "v" {
		t.Fatalf("fresh: %v %v %v %v", d, ok, c.Err(), c.Value(key{}))
	}
	time.Sleep(40 * time.Millisecond)
	if !errors.Is(c.Err(), context.DeadlineExceeded) {
		t.Errorf("past the deadline, unwatched: %v", c.Err())
	}
	select {
	case <-c.Done():
	case <-time.After(time.Second):
		t.Error("Done not closed past the deadline")
	}
	c.Stop()

	c = New(parent, time.Hour)
	done := c.Done()
	c.Stop()
	<-done
	if !errors.Is(c.Err(), context.Canceled) {
		t.Errorf("stopped while watched: %v", c.Err())
	}
	c = New(parent, time.Hour)
	c.Stop()
	if !errors.Is(c.Err(), context.Canceled) {
		t.Errorf("stopped: %v", c.Err())
	}
	<-c.Done() // watched after stop: closed at once

	pc, cancel := context.WithCancel(parent)
	c = New(pc, time.Hour)
	cancel()
	if !errors.Is(c.Err(), context.Canceled) {
		t.Errorf("parent canceled: %v", c.Err())
	}
	<-c.Done()
	short, cancel2 := context.WithTimeout(parent, time.Minute)
	defer cancel2()
	if d, _ := New(short, time.Hour).Deadline(); time.Until(d) > time.Minute {
		t.Errorf("the parent's earlier deadline: %v", d)
	}
}

// TestLazyDeadlineRace runs Done against stop: whichever comes first, the channel Done returns
// is closed (no timer is left running until the deadline).
func TestLazyDeadlineRace(t *testing.T) {
	for range 200 {
		c := New(context.Background(), time.Hour)
		var wg sync.WaitGroup
		var done <-chan struct{}
		wg.Go(func() { done = c.Done() })
		wg.Go(c.Stop)
		wg.Wait()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			t.Fatal("Done racing stop: the channel was never closed")
		}
	}
}
