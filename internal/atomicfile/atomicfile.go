// Package atomicfile writes a file so that readers (and a crash) see either the old content or
// the new, never a part: the data goes to a temporary file in the same directory, is synced,
// and is renamed over the target.
package atomicfile

import (
	"os"
	"path/filepath"
)

// WriteFile replaces path's content with data (mode perm for a new file). On any error the
// old file is untouched and no temporary file is left behind.
func WriteFile(path string, data []byte, perm os.FileMode) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil { // the bytes are on disk before the name points at them
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
