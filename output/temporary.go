package output

import (
	"errors"
	"os"
	"sync"
)

// temporaries are the temporary files of every File not yet committed
// or aborted in this process, so that a process that must exit at once
// (a second Ctrl-C) can remove them first (RemoveTemporary).
var temporaries = struct {
	sync.Mutex
	names  map[string]bool
	closed bool // RemoveTemporary was called: no new temporary file
}{names: map[string]bool{}}

// errExiting refuses a temporary file after RemoveTemporary.
var errExiting = errors.New("the program is exiting")

// createTemporary creates a temporary file in dir, named by pattern as
// os.CreateTemp names it, and registers it; it fails after
// RemoveTemporary. The file is created under the lock, so that
// RemoveTemporary, which takes the lock before the process exits, either
// sees it registered or comes first and keeps it from being created: a
// file created outside the lock could appear after RemoveTemporary had
// run and be left behind.
func createTemporary(dir, pattern string) (*os.File, error) {
	temporaries.Lock()
	defer temporaries.Unlock()
	if temporaries.closed {
		return nil, errExiting
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	temporaries.names[f.Name()] = true
	return f, nil
}

// untrack forgets the temporary file name, renamed into place or
// removed.
func untrack(name string) {
	temporaries.Lock()
	defer temporaries.Unlock()
	delete(temporaries.names, name)
}

// RemoveTemporary removes every temporary file this process is writing
// and refuses new ones: for a program that exits at once without
// finishing its output (a second interrupt), so that it leaves no
// half-written hidden file behind. Files already renamed into place stay.
func RemoveTemporary() {
	temporaries.Lock()
	defer temporaries.Unlock()
	temporaries.closed = true
	for name := range temporaries.names {
		os.Remove(name)
	}
	clear(temporaries.names)
}
