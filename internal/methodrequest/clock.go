package methodrequest

import (
	"sync/atomic"
	"time"
)

// RequestTimeLayout is $context.requestTime's format, dd/MMM/yyyy:HH:mm:ss +0000.
const RequestTimeLayout = "02/Jan/2006:15:04:05 +0000"

// Clock formats $context.requestTime, reusing the text while the second is the same:
// formatting a time allocates, and a busy gateway serves many requests a second. The zero
// Clock is ready to use and safe for concurrent use.
type Clock struct {
	last atomic.Pointer[formattedSecond]
}

type formattedSecond struct {
	unix int64
	text string
}

// Format returns t, in UTC, as RequestTimeLayout.
func (c *Clock) Format(t time.Time) string {
	sec := t.Unix()
	if f := c.last.Load(); f != nil && f.unix == sec {
		return f.text
	}
	f := &formattedSecond{unix: sec, text: t.UTC().Format(RequestTimeLayout)}
	c.last.Store(f)
	return f.text
}
