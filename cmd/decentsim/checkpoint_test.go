package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/decentsim/decentsim/output"
)

// TestCheckpointedRunResumes checks run --checkpoint: a run stopped part
// way and started again with the same command (and --force) takes its
// trials from their saves and writes the same files as a run never
// stopped, units.parquet and groups.csv (the unit panels) included.
func TestCheckpointedRunResumes(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	// Both runs have the same command line (summary.md quotes it): the
	// uninterrupted run's folder is moved aside and its saves removed.
	out, ckpt := filepath.Join(base, "out"), filepath.Join(base, "ckpt")
	args := []string{"run", "classroom", "--trials", "4", "--months", "40", "--workers", "2", "--no-charts", "--quiet", "--force",
		"--record", "units", "--checkpoint", ckpt, "--checkpoint-every", "5", "--out", out}
	whole, stopped := filepath.Join(base, "whole"), out
	if code, _, stderr := run(t, args...); code != 0 {
		t.Fatalf("uninterrupted run: exit %d: %s", code, stderr)
	}
	if err := os.Rename(out, whole); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(ckpt); err != nil {
		t.Fatal(err)
	}
	// Stop the second run once a trial has saved itself.
	ctx, cancel := context.WithCancel(context.Background())
	saves := filepath.Join(ckpt, "classroom")
	go func() {
		defer cancel()
		for range 2000 {
			if m, _ := filepath.Glob(filepath.Join(saves, "trial-*")); len(m) > 0 {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	if code := decentsim(ctx, io.Discard, io.Discard, args); code == 0 {
		t.Log("the run ended before it could be stopped; resuming from its saves all the same")
	}
	kept, _ := filepath.Glob(filepath.Join(saves, "trial-*"))
	if len(kept) == 0 {
		t.Fatal("the stopped run left no save")
	}
	if code, _, stderr := run(t, args...); code != 0 {
		t.Fatalf("resumed run: exit %d: %s", code, stderr)
	}
	m, err := output.ReadManifest(filepath.Join(whole, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range m.Files {
		a, _ := os.ReadFile(filepath.Join(whole, name))
		b, err := os.ReadFile(filepath.Join(stopped, name))
		if name == "summary.md" { // its heading names the command line, which names the folders
			a, b = withoutCommandLine(a), withoutCommandLine(b)
		}
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between the run never stopped and the one resumed from %d saves (%v)", name, len(kept), err)
		}
	}
}

// withoutCommandLine returns summary.md without its line naming the
// command.
func withoutCommandLine(b []byte) []byte {
	var out [][]byte
	for _, line := range bytes.Split(b, []byte("\n")) {
		if !bytes.HasPrefix(line, []byte("Command")) {
			out = append(out, line)
		}
	}
	return bytes.Join(out, []byte("\n"))
}
