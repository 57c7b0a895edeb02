//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package memstore

import (
	"errors"
	"os"
	"syscall"
)

// errLockUnsupported is never returned where flock(2) exists.
var errLockUnsupported = errors.New("no data dir locking on this platform")

// lockExclusive takes the data dir's writer lock without waiting: flock(2),
// released by the kernel when the process ends, however it ends.
func lockExclusive(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
