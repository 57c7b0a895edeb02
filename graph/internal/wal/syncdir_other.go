//go:build windows || plan9 || js || wasip1

package wal

// syncDir does nothing where a directory cannot be synced: windows (NTFS
// journals its directory entries, and FlushFileBuffers refuses a directory
// handle), plan9, js and wasip1.
func syncDir(string) error { return nil }
