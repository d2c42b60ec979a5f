package invoke

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// TestInvocationContext: the function's context behaves as the runtime's
// context.WithDeadline, whether or not the function watches it.
func TestInvocationContext(t *testing.T) {
	t.Run("unwatched", func(t *testing.T) {
		var kept context.Context
		var l Local
		register(t, &l, "fn", func(ctx context.Context) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if lc, ok := lambdacontext.FromContext(ctx); !ok || lc.AwsRequestID == "" {
				return errors.New("no LambdaContext")
			}
			if _, ok := ctx.Deadline(); !ok {
				return errors.New("no deadline")
			}
			kept = ctx
			return nil
		})
		if r := invoke(t, &l, "fn", ""); r.FunctionError != "" {
			t.Fatalf("%s", r.Payload)
		}
		// The invocation is over: its context has ended, and says so through Done too.
		if err := kept.Err(); !errors.Is(err, context.Canceled) {
			t.Errorf("Err after the invocation: %v", err)
		}
		select {
		case <-kept.Done():
		default:
			t.Error("Done is open after the invocation")
		}
		if !errors.Is(kept.Err(), context.Canceled) || !errors.Is(context.Cause(kept), context.Canceled) {
			t.Errorf("Err %v, Cause %v", kept.Err(), context.Cause(kept))
		}
	})

	t.Run("deadline unwatched", func(t *testing.T) {
		ctxs := make(chan context.Context, 1)
		var l Local
		register(t, &l, "fn", func(ctx context.Context) error {
			ctxs <- ctx
			time.Sleep(20 * time.Millisecond)
			return ctx.Err()
		}, WithTimeout(10*time.Millisecond))
		r := invoke(t, &l, "fn", "")
		if r.FunctionError == "" {
			t.Fatal("no timeout")
		}
		kept := <-ctxs
		if !errors.Is(kept.Err(), context.DeadlineExceeded) {
			t.Errorf("Err %v", kept.Err())
		}
		<-kept.Done()
		if !errors.Is(kept.Err(), context.DeadlineExceeded) {
			t.Errorf("Err after Done %v", kept.Err())
		}
	})

	t.Run("watched", func(t *testing.T) {
		var l Local
		var child, afterFunc sync.WaitGroup
		var childErr error
		afterFunc.Add(1)
		child.Add(1)
		register(t, &l, "fn", func(ctx context.Context) (string, error) {
			start := time.Now()
			// A child context, as an SDK call makes one, and an AfterFunc.
			cctx, cancel := context.WithTimeout(ctx, time.Hour)
			go func() {
				defer child.Done()
				<-cctx.Done()
				childErr = cctx.Err()
				cancel()
			}()
			context.AfterFunc(ctx, afterFunc.Done)
			if d, _ := cctx.Deadline(); d.After(start.Add(time.Second)) {
				return "", errors.New("the child's deadline is not the function's")
			}
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
				return "", errors.New("Done did not close at the deadline")
			}
			return ctx.Err().Error(), nil
		}, WithTimeout(20*time.Millisecond))
		r := invoke(t, &l, "fn", "")
		if r.FunctionError != "Unhandled" { // it returned after its deadline
			t.Errorf("got %q %s", r.FunctionError, r.Payload)
		}
		child.Wait()
		afterFunc.Wait()
		if !errors.Is(childErr, context.DeadlineExceeded) {
			t.Errorf("the child ended with %v", childErr)
		}
	})

	t.Run("watched, returns early", func(t *testing.T) {
		var l Local
		ended := make(chan error, 1)
		register(t, &l, "fn", func(ctx context.Context) (string, error) {
			go func() {
				<-ctx.Done() // closes when the invocation returns
				ended <- ctx.Err()
			}()
			return "ok", nil
		})
		if r := invoke(t, &l, "fn", ""); r.FunctionError != "" {
			t.Fatalf("%s", r.Payload)
		}
		if err := <-ended; !errors.Is(err, context.Canceled) {
			t.Errorf("ended with %v", err)
		}
	})

	t.Run("concurrent", func(t *testing.T) {
		var l Local
		register(t, &l, "fn", func(ctx context.Context) error {
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					for range 100 {
						_ = ctx.Err()
					}
					<-ctx.Done()
				})
			}
			go func() { _ = ctx.Err() }()
			return nil
		})
		for range 20 {
			invoke(t, &l, "fn", "")
		}
	})
}
