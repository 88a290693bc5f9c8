package output

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dirNames returns the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "x.csv")
	if err := WriteFile(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "a,b\n")
		return err
	}); err != nil {
		t.Fatalf("WriteFile(%s) = %v", path, err)
	}
	if b, _ := os.ReadFile(path); string(b) != "a,b\n" {
		t.Errorf("WriteFile(%s) wrote %q; want %q", path, b, "a,b\n")
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != filePerm {
		t.Errorf("WriteFile(%s) made mode %v; want %v", path, info.Mode().Perm(), os.FileMode(filePerm))
	}
	if got := dirNames(t, dir); len(got) != 1 {
		t.Errorf("WriteFile left %v; want only x.csv", got)
	}
}

func TestWriteFileErrorLeavesNoTemp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("new\n", 1<<16)) // more than the buffer
		return boom
	})
	want := "output: write " + path + ": boom"
	if err == nil || err.Error() != want || !errors.Is(err, boom) {
		t.Errorf("WriteFile(failing) = %v; want %q wrapping boom", err, want)
	}
	if got := dirNames(t, dir); len(got) != 1 || got[0] != "x.csv" {
		t.Errorf("WriteFile(failing) left %v; want only x.csv", got)
	}
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Errorf("WriteFile(failing) changed the file to %d bytes; want it untouched", len(b))
	}
}

func TestCreateMissingDirNamesPath(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "missing", "series.csv")
	_, err := Create(path)
	want := "output: write " + path + ": no such file or directory"
	if err == nil || err.Error() != want {
		t.Errorf("Create(%s) = %v; want %q", path, err, want)
	}
	var we *WriteError
	if !errors.As(err, &we) || we.Path != path {
		t.Errorf("Create(%s) = %#v; want a *WriteError for the path", path, err)
	}
}

func TestFileCommitAbort(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "series.csv")

	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("header\n")
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("before Commit, Stat(%s) = %v; want not exist", path, err)
	}
	if got := dirNames(t, dir); len(got) != 1 || !isTemp(got[0]) {
		t.Errorf("before Commit the folder holds %v; want one temporary file", got)
	}
	if err := f.Commit(); err != nil {
		t.Fatalf("Commit() = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "header\n" {
		t.Errorf("after Commit the file holds %q; want %q", b, "header\n")
	}
	if _, err := f.Write([]byte("more")); err == nil {
		t.Errorf("Write after Commit = nil; want an error")
	}

	g, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	g.WriteString("replacement\n")
	if err := g.Abort(); err != nil {
		t.Fatalf("Abort() = %v", err)
	}
	if err := g.Commit(); err == nil {
		t.Errorf("Commit after Abort = nil; want an error")
	}
	if b, _ := os.ReadFile(path); string(b) != "header\n" {
		t.Errorf("after Abort the file holds %q; want the committed %q", b, "header\n")
	}
	if got := dirNames(t, dir); len(got) != 1 {
		t.Errorf("after Abort the folder holds %v; want only series.csv", got)
	}
}

func TestCommitFailureRemovesTemp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// The final path is a non-empty folder, so the rename fails.
	path := filepath.Join(dir, "x.csv")
	if err := os.MkdirAll(filepath.Join(path, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("data\n")
	err = f.Commit()
	if err == nil || !strings.HasPrefix(err.Error(), "output: write "+path+": ") {
		t.Errorf("Commit onto a folder = %v; want an error naming %s", err, path)
	}
	if got := dirNames(t, dir); len(got) != 1 || got[0] != "x.csv" {
		t.Errorf("failed Commit left %v; want only the folder x.csv", got)
	}
}
