package output

import (
	"io"
	"path/filepath"
)

// finishing returns the two helpers every writer's Finish uses, over the
// Finish's own bookkeeping: failed records an error (the first becomes
// the cause, and the status becomes failed); write writes the file name
// (slash-separated, relative to dir) atomically and lists it in files.
func finishing(dir string, files *[]string, errs *[]error, status *Status, cause *error) (
	failed func(error), write func(name string, fn func(io.Writer) error)) {
	failed = func(err error) {
		*errs = append(*errs, err)
		if *cause == nil {
			*cause = err
		}
		*status = StatusFailed
	}
	write = func(name string, fn func(io.Writer) error) {
		if err := WriteFile(filepath.Join(dir, filepath.FromSlash(name)), fn); err != nil {
			failed(err)
			return
		}
		*files = append(*files, name)
	}
	return failed, write
}
