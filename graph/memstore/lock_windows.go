//go:build windows

package memstore

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// errLockUnsupported is never returned on windows.
var errLockUnsupported = errors.New("no data dir locking on this platform")

// lockExclusive takes the data dir's writer lock without waiting:
// LockFileEx on the lock file's first byte, released by the system when
// the process ends, however it ends.
func lockExclusive(f *os.File) error {
	var ov windows.Overlapped
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov)
}
