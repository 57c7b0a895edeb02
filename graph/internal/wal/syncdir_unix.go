//go:build !windows && !plan9 && !js && !wasip1

package wal

import (
	"fmt"
	"os"
)

// syncDir makes a directory's entries durable: created, renamed and
// removed files survive a crash only once their directory is synced.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
