package wal

import (
	"os"
	"syscall"
)

// datasync makes f's data durable: fdatasync(2), which skips metadata a
// read does not need (the modification time).
func datasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
