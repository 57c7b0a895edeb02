//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package memstore

import (
	"errors"
	"os"
	"runtime"
)

// errLockUnsupported: where no lock keeps a second writer out (aix,
// solaris, illumos, plan9, js, wasip1), a data dir is opened read-only
// only; the in-memory store works everywhere.
var errLockUnsupported = errors.New("writing a data dir needs a file lock, which policygraph has for linux, darwin, the BSDs and windows, not " + runtime.GOOS + " (open it read-only, or keep the graph in memory)")

func lockExclusive(*os.File) error { return errLockUnsupported }
