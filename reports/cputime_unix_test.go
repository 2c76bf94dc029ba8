//go:build unix

package reports

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) the process has used so far,
// DuckDB's worker threads included: on a busy machine it says more about
// the cost of a benchmark than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
