package output

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// tempMarker is part of every temporary file's name: a file named
// "." + base + tempMarker + random suffix is an unfinished write of base.
// Prepare removes such leftovers (from a process killed mid-write).
const tempMarker = ".tmp-"

// filePerm is the permission of every file written.
const filePerm = 0o644

// A File is a file being written under a temporary name in the directory
// of its final path. Nothing appears at the final path until Commit
// renames the complete file into place, so a reader never sees half a
// file. Writes are buffered, and hashed (SHA-256) as they are made, so
// the manifest can list the hash of every file without reading it back.
// After the first error every later call returns that error.
//
// Commit is two steps, which a folder's sink (sink.go) takes separately
// for the files it commits together: seal writes the file out and closes
// it, place renames it into place.
type File struct {
	path   string // final path
	f      *os.File
	w      *bufio.Writer
	sum    hash.Hash // SHA-256 of what was written
	err    error     // sticky error, already naming path
	sealed bool      // written out and closed, not yet placed
	done   bool      // committed or aborted
}

// Create starts writing the file path: it creates a temporary file beside
// it, which Commit renames to path and Abort removes.
func Create(path string) (*File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := createTemporary(dir, "."+base+tempMarker+"*")
	if err != nil {
		return nil, pathError(path, err)
	}
	return &File{path: path, f: f, w: bufio.NewWriterSize(f, 64<<10), sum: sha256.New()}, nil
}

// Name returns the final path of the file.
func (f *File) Name() string { return f.path }

// Write writes p to the file. An error names the final path.
func (f *File) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.done || f.sealed {
		return 0, pathError(f.path, fs.ErrClosed)
	}
	n, err := f.w.Write(p)
	f.sum.Write(p[:n])
	if err != nil {
		f.err = pathError(f.path, err)
	}
	return n, f.err
}

// hexSum returns the hex SHA-256 of what was written to the file.
func (f *File) hexSum() string { return hex.EncodeToString(f.sum.Sum(nil)) }

// WriteString writes s to the file.
func (f *File) WriteString(s string) (int, error) { return f.Write([]byte(s)) }

// Commit flushes the file to disk and renames it into place, replacing
// any file already at the final path. If any write failed, or Commit
// itself fails, the temporary file is removed and the error returned.
// Commit after Commit or Abort does nothing and returns the first error.
func (f *File) Commit() error {
	if err := f.seal(); err != nil {
		return err
	}
	return f.place()
}

// seal flushes the file to disk and closes it, ready for place. If any
// write failed, or sealing fails, the temporary file is removed and the
// error returned. seal after seal, Commit or Abort returns the first
// error.
func (f *File) seal() error {
	if f.done || f.sealed {
		return f.err
	}
	f.sealed = true
	err := f.err
	if err == nil {
		err = f.w.Flush()
	}
	if err == nil {
		err = f.f.Chmod(filePerm)
	}
	if err == nil {
		err = f.f.Sync()
	}
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		f.discard(err)
	}
	return f.err
}

// place renames a sealed file into place. On failure the temporary file
// is removed and the error returned.
func (f *File) place() error {
	if f.done {
		return f.err
	}
	f.done = true
	if err := os.Rename(f.f.Name(), f.path); err != nil {
		f.discard(err)
	}
	untrack(f.f.Name())
	return f.err
}

// discard removes the temporary file after err, which becomes the sticky
// error unless there is one.
func (f *File) discard(err error) {
	f.done = true
	os.Remove(f.f.Name())
	untrack(f.f.Name())
	if f.err == nil {
		f.err = pathError(f.path, err)
	}
}

// Abort closes and removes the temporary file, leaving the final path
// untouched. It returns an error only if the removal fails. Abort after
// Commit or Abort does nothing.
func (f *File) Abort() error {
	if f.done {
		return nil
	}
	f.done = true
	if f.err == nil {
		f.err = pathError(f.path, errAborted)
	}
	if !f.sealed {
		f.f.Close()
	}
	err := os.Remove(f.f.Name())
	untrack(f.f.Name())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return pathError(f.path, err)
	}
	return nil
}

// errAborted is the sticky error of an aborted File.
var errAborted = errors.New("write aborted")

// WriteFile writes the file path atomically: write is called with a
// buffered writer to a temporary file, which is renamed to path only if
// write and the flush succeed. On error the temporary file is removed and
// the error names path. A write func that fails with an error already
// naming path is returned as is.
func WriteFile(path string, write func(io.Writer) error) error {
	_, err := writeFile(path, write)
	return err
}

// writeFile is WriteFile, returning the file written (for its hexSum).
func writeFile(path string, write func(io.Writer) error) (*File, error) {
	f, err := Create(path)
	if err != nil {
		return nil, err
	}
	if err := write(f); err != nil {
		werr := f.err
		f.Abort()
		if werr != nil && errors.Is(err, werr) {
			return nil, err // a write error, already naming path
		}
		return nil, pathError(path, err)
	}
	return f, f.Commit()
}

// pathError returns err as "output: write PATH: reason". A *fs.PathError
// or *os.LinkError (which would name the temporary file) is replaced by
// its cause, so the message names the file the user asked for; errors.Is
// still sees the cause (such as syscall.ENOSPC).
func pathError(path string, err error) error {
	switch e := err.(type) {
	case *fs.PathError:
		err = e.Err
	case *os.LinkError:
		err = e.Err
	}
	return &WriteError{Path: path, Err: err}
}

// A WriteError reports a failure to write the file Path.
type WriteError struct {
	Path string // the file's final path
	Err  error  // the cause
}

// Error returns "output: write PATH: cause".
func (e *WriteError) Error() string {
	return "output: write " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *WriteError) Unwrap() error { return e.Err }

// isTemp reports whether name (a base name) is one of this package's
// temporary files.
func isTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tempMarker)
}
