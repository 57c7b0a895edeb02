//go:build !linux

package wal

import "os"

// datasync makes f's data durable: os.File.Sync, which is fsync(2) on the
// BSDs, F_FULLFSYNC on darwin (plain fsync leaves data in the drive's
// cache there) and FlushFileBuffers on windows.
func datasync(f *os.File) error { return f.Sync() }
