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

// track registers the temporary file name; it fails after
// RemoveTemporary.
func track(name string) error {
	temporaries.Lock()
	defer temporaries.Unlock()
	if temporaries.closed {
		os.Remove(name)
		return errExiting
	}
	temporaries.names[name] = true
	return nil
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
