package output

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestPrepareCreates(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out", "x")
	if err := Prepare(dir, false); err != nil {
		t.Fatalf("Prepare(%s, false) = %v", dir, err)
	}
	if info, err := os.Stat(filepath.Join(dir, ChartsDir)); err != nil || !info.IsDir() {
		t.Errorf("Prepare(%s, false) made no charts folder: %v", dir, err)
	}
	// A prepared folder nothing was written to is still empty.
	if err := Prepare(dir, false); err != nil {
		t.Errorf("second Prepare(%s, false) = %v; want nil", dir, err)
	}
	if err := os.WriteFile(filepath.Join(dir, ChartsDir, "x.png"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Prepare(dir, false); err == nil {
		t.Errorf("Prepare(%s with charts/x.png, false) = nil; want a not-empty error", dir)
	}
}

func TestPrepareEmptyExisting(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := Prepare(dir, false); err != nil {
		t.Errorf("Prepare(empty %s, false) = %v; want nil", dir, err)
	}
}

func TestPrepareRefusesNonEmpty(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Prepare(dir, false)
	want := "output: " + dir + " is not empty; use --force to overwrite or --out to choose another folder"
	var ne *NotEmptyError
	if err == nil || err.Error() != want || !errors.As(err, &ne) {
		t.Errorf("Prepare(non-empty, false) = %v; want %q", err, want)
	}
}

func TestPrepareNotAFolder(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// Issue 20: a file given as --out, or as a folder above it, was a
	// raw "stat ...: not a directory"; it is bad input, named as such.
	tests := []struct {
		dir  string
		want string
	}{
		{path, "output: " + path + " is a file, not a folder; use --out to choose a folder"},
		{filepath.Join(path, "x", "y"), "output: cannot make the folder " + filepath.Join(path, "x", "y") + ": " + path + " is a file, not a folder; use --out to choose another folder"},
	}
	for _, tt := range tests {
		for _, prep := range []func(string, bool) error{Prepare, PrepareCompare, PrepareSweep, PrepareSensitivity} {
			for _, force := range []bool{false, true} {
				err := prep(tt.dir, force)
				var nf *NotFolderError
				if err == nil || err.Error() != tt.want || !errors.As(err, &nf) {
					t.Errorf("Prepare(%s, %v) = %v; want %q", tt.dir, force, err, tt.want)
				}
			}
		}
	}
}

func TestPrepareForceRemovesOnlyOurs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ours := []string{
		ManifestFile, ScenarioFile, SeriesFile, ElectionsFile, SummaryFile, ReportFile,
		".series.csv" + tempMarker + "123",
		"charts/dashboard.png", "charts/service_quality.svg", "charts/population.png",
		"charts/.legitimacy.png" + tempMarker + "9",
	}
	theirs := []string{"notes.txt", "charts/my-figure.png", "analysis/series.csv", "series.csv.bak"}
	for _, name := range append(slices.Clone(ours), theirs...) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := Prepare(dir, true); err != nil {
		t.Fatalf("Prepare(%s, true) = %v", dir, err)
	}
	for _, name := range ours {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("after Prepare(force) %s: %v; want removed", name, err)
		}
	}
	for _, name := range theirs {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("after Prepare(force) %s: %v; want kept", name, err)
		}
	}
}
