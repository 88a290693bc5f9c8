package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// prepareListed is Prepare for a folder whose files are not all known by
// name (compare's scenarios/NAME.toml, sweep's charts): with force, it
// first removes the files named in ours, the files the folder's old
// manifest.json lists, and temporary files in subdirs, then calls
// Prepare, and finally creates subdirs. As with Prepare, nothing else is
// touched: a file the old manifest does not list is the user's.
func prepareListed(dir string, force bool, ours []string, subdirs ...string) error {
	if err := notFolder(dir); err != nil {
		return err
	}
	if force {
		if err := removeListed(dir, ours); err != nil {
			return err
		}
		for _, sub := range subdirs {
			if err := removeIn(filepath.Join(dir, sub), nil); err != nil {
				return err
			}
		}
	}
	if err := Prepare(dir, force); err != nil {
		return err
	}
	for _, sub := range subdirs {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("output: create folder: %w", err)
		}
	}
	return nil
}

// removeListed removes from dir the regular files named in ours and those
// listed in dir's manifest.json, if it has one that reads; listed paths
// that would leave dir are ignored. Missing files are not an error.
func removeListed(dir string, ours []string) error {
	names := append([]string(nil), ours...)
	if b, err := os.ReadFile(filepath.Join(dir, ManifestFile)); err == nil {
		var m struct {
			Files []string `json:"files"`
		}
		if json.Unmarshal(b, &m) == nil {
			names = append(names, m.Files...)
		}
	}
	for _, name := range names {
		rel := filepath.FromSlash(name)
		if !filepath.IsLocal(rel) {
			continue
		}
		p := filepath.Join(dir, rel)
		info, err := os.Lstat(p)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("output: %w", err)
		}
	}
	return nil
}
