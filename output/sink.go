package output

import (
	"errors"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"
)

// A sink owns the files of an output folder while a writer fills it. It
// streams the data files that grow as trials arrive (stream, put) and
// commits them all together, or aborts them all, so the folder never
// holds one without the others; it writes the files made when the
// command ends (write), each atomically; it lists every file written,
// with its SHA-256, and records every failure (the first becoming the manifest's error and the
// status failed); and it writes manifest.json last (close).
//
// A writer's Add, Finish and Abort are its sink's: ready, then put,
// while trials arrive; then either finish, commit, write and close, or
// abort. write and failed are safe for concurrent use (charts are drawn
// in parallel); the rest is not.
type sink struct {
	dir     string
	workers int     // goroutines that draw charts; 0 means GOMAXPROCS
	streams []*File // the streamed files, until committed or aborted
	err     error   // the first error while streaming: the streams are aborted
	closed  bool    // Finish or Abort was called

	mu     sync.Mutex        // guards what follows
	files  []string          // written, relative to dir with slashes
	sums   map[string]string // each file's hex SHA-256, by name
	errs   []error
	status Status
	end    time.Time
	cause  error
}

// goroutines returns the number of goroutines that draw charts.
func (s *sink) goroutines() int {
	if s.workers > 0 {
		return s.workers
	}
	return runtime.GOMAXPROCS(0)
}

// stream starts streaming the file name (relative to dir, with slashes),
// beginning with header. If it cannot be created, the files already
// streamed are aborted.
func (s *sink) stream(name, header string) (*File, error) {
	f, err := Create(filepath.Join(s.dir, filepath.FromSlash(name)))
	if err != nil {
		s.abort()
		return nil, err
	}
	f.WriteString(header)
	s.streams = append(s.streams, f)
	return f, nil
}

// ready returns the error that refuses a trial: the first streaming
// error, or an add after Finish or Abort.
func (s *sink) ready() error {
	switch {
	case s.err != nil:
		return s.err
	case s.closed:
		return errors.New("output: add after finish")
	}
	return nil
}

// put writes b to the streamed file f; an error aborts every stream.
func (s *sink) put(f *File, b []byte) error {
	if _, err := f.Write(b); err != nil {
		return s.fail(err)
	}
	return nil
}

// fail records err as the first streaming error, unless there is one,
// aborts every stream and returns the first error.
func (s *sink) fail(err error) error {
	if s.err == nil {
		s.err = err
	}
	for _, f := range s.streams {
		f.Abort()
	}
	return s.err
}

// abort removes the streamed files' temporary files and writes nothing:
// a writer's Abort. abort after finish or abort does nothing.
func (s *sink) abort() error {
	if s.closed {
		return nil
	}
	s.closed = true
	var errs []error
	for _, f := range s.streams {
		errs = append(errs, f.Abort())
	}
	return errors.Join(errs...)
}

// finish starts a writer's Finish of a command that ended with status at
// end; cause, if not nil, is why it stopped.
func (s *sink) finish(status Status, end time.Time, cause error) error {
	if s.closed {
		return errors.New("output: finish called twice")
	}
	s.closed = true
	s.status, s.end, s.cause = status, end, cause
	return nil
}

// commit puts the streamed files in place, all of them or, if any fails
// or streaming failed, none; it reports whether they are in place, so
// that what derives from them can be written.
func (s *sink) commit() bool {
	if s.err != nil {
		s.failed(s.err)
		return false
	}
	for _, f := range s.streams {
		if err := f.seal(); err != nil {
			s.fail(err)
			s.failed(err)
			return false
		}
	}
	ok := true
	for _, f := range s.streams {
		if err := f.place(); err != nil {
			s.failed(err)
			ok = false
			continue
		}
		rel, _ := filepath.Rel(s.dir, f.Name())
		s.listed(filepath.ToSlash(rel), f)
	}
	return ok
}

// write writes the file name (relative to dir, with slashes) atomically
// with fn and lists it; a failure is recorded.
func (s *sink) write(name string, fn func(io.Writer) error) {
	f, err := writeFile(filepath.Join(s.dir, filepath.FromSlash(name)), fn)
	if err != nil {
		s.failed(err)
		return
	}
	s.listed(name, f)
}

// writeBytes writes the file name holding b, as write does.
func (s *sink) writeBytes(name string, b []byte) {
	s.write(name, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// listed lists the file name as written, f.
func (s *sink) listed(name string, f *File) {
	sum := f.hexSum()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files = append(s.files, name)
	if s.sums == nil {
		s.sums = map[string]string{}
	}
	s.sums[name] = sum
}

// failed records err: the first becomes the cause, and the status
// becomes failed.
func (s *sink) failed(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, err)
	if s.cause == nil {
		s.cause = err
	}
	s.status = StatusFailed
}

// state returns the status so far: Finish's, or failed once a file
// failed.
func (s *sink) state() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// close ends a writer's Finish: it completes p with how the command ended
// and the files' hashes, and files with the files written, sorted, and
// writes m (the manifest holding p and files) as manifest.json. It
// returns every error of the Finish.
func (s *sink) close(p *Provenance, files *[]string, m any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p.Complete(s.status, s.end, s.cause)
	p.FileSHA256 = s.sums
	slices.Sort(s.files)
	*files = s.files
	if err := writeManifest(filepath.Join(s.dir, ManifestFile), p, files, m); err != nil {
		s.errs = append(s.errs, err)
	}
	return errors.Join(s.errs...)
}
