package output

import (
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// twoStreams returns a sink into dir streaming a.csv and b.csv.
func twoStreams(t *testing.T, dir string) (out *sink, a, b *File) {
	t.Helper()
	out = &sink{dir: dir}
	var err error
	if a, err = out.stream("a.csv", "a\n"); err != nil {
		t.Fatal(err)
	}
	if b, err = out.stream("b.csv", "b\n"); err != nil {
		t.Fatal(err)
	}
	return out, a, b
}

// TestSinkCommitsAll checks that a sink puts every streamed file in place
// and lists it with the files written whole, and that its manifest holds
// the provenance completed and the files sorted.
func TestSinkCommitsAll(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := Prepare(dir, false); err != nil {
		t.Fatal(err)
	}
	out, a, b := twoStreams(t, dir)
	if err := errors.Join(out.put(a, []byte("1\n")), out.put(b, []byte("2\n"))); err != nil {
		t.Fatal(err)
	}
	if err := out.finish(StatusOK, testStart.Add(time.Second), nil); err != nil {
		t.Fatal(err)
	}
	if !out.commit() {
		t.Fatal("commit() = false; want true")
	}
	var wg sync.WaitGroup
	for _, name := range []string{"c.md", "charts/d.png", "charts/e.svg"} {
		wg.Go(func() { out.writeBytes(name, []byte(name)) })
	}
	wg.Wait()
	m := &Manifest{Provenance: testProvenance("run")}
	if err := out.close(&m.Provenance, &m.Files, m); err != nil {
		t.Fatal(err)
	}
	got, err := ReadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.csv", "b.csv", "c.md", "charts/d.png", "charts/e.svg"}
	if !slices.Equal(got.Files, want) || got.Status != StatusOK || got.DurationSeconds != 1 ||
		!slices.Equal(got.CommandLine, m.CommandLine) || got.GoVersion == "" {
		t.Errorf("manifest = %+v; want files %v, ok, 1 second, the command line and the Go version", got, want)
	}
	assertNoTemp(t, dir)
}

// TestSinkCommitsNone checks that when one streamed file cannot be
// written out, none is put in place, and the manifest says the run failed
// and lists only the files written whole.
func TestSinkCommitsNone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, a, b := twoStreams(t, dir)
	b.f.Close() // b's writing out fails: its buffered header cannot be flushed
	out.finish(StatusOK, testStart, nil)
	out.writeBytes("c.toml", []byte("x"))
	if out.commit() {
		t.Fatal("commit() = true with a stream that cannot be written out; want false")
	}
	if a.Commit() == nil {
		t.Error("a.csv can still be committed after the streams were aborted")
	}
	m := &Manifest{Provenance: testProvenance("run")}
	if err := out.close(&m.Provenance, &m.Files, m); err == nil {
		t.Error("close after a failed commit = nil; want the error")
	}
	got, err := ReadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusFailed || got.ExitStatus != 1 || got.Error == "" || !slices.Equal(got.Files, []string{"c.toml"}) {
		t.Errorf("manifest = %+v; want failed, exit 1, an error, only c.toml", got)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"c.toml", ManifestFile}) {
		t.Errorf("the folder holds %v; want only c.toml and the manifest", names)
	}
}

// TestSinkAddAfterFinish checks that a finished or aborted sink refuses
// trials, and that a second finish is an error.
func TestSinkAddAfterFinish(t *testing.T) {
	t.Parallel()
	out := sink{dir: t.TempDir()}
	if err := out.ready(); err != nil {
		t.Fatalf("ready() of a new sink = %v", err)
	}
	out.finish(StatusOK, testStart, nil)
	if err := out.ready(); err == nil {
		t.Error("ready() after finish = nil; want an error")
	}
	if err := out.finish(StatusOK, testStart, nil); err == nil {
		t.Error("second finish = nil; want an error")
	}
	if err := out.abort(); err != nil {
		t.Errorf("abort after finish = %v; want nil", err)
	}
}
