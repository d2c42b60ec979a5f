//go:build !unix

package main

import "time"

// processCPUTime reports that this platform gives no process CPU time; gobench then measures
// wall-clock time.
func processCPUTime() (time.Duration, bool) { return 0, false }
