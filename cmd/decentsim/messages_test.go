package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/decentsim/decentsim/output"
)

// Messages of issue 20, each reproduced: what the command said, and what
// it says now.

func TestSeedFlagSaysWhatASeedIs(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"run", "classroom", "--seed", "-1"},
		{"run", "classroom", "--seed", "9223372036854775808"},
		{"compare", "classroom", "kz_direct_2021", "--seed", "x"},
		{"sweep", "classroom", "--vary", "fiscal.patronage_weight=0,1", "--seed", "1.5"},
		{"validate-model", "--seed", "-1"},
	} {
		code, _, stderr := run(t, args...)
		if code != exitUsage || !strings.Contains(stderr, "a seed is a whole number from 0 to 9223372036854775807") || strings.Contains(stderr, "parse error") {
			t.Errorf("decentsim %s: exit %d, %q; want 2 saying what a seed is", strings.Join(args, " "), code, stderr)
		}
	}
	// Still a seed in any base the flag package read before.
	if code, _, stderr := run(t, quick(filepath.Join(t.TempDir(), "hex"), "--seed", "0x10", "--no-charts")...); code != 0 {
		t.Errorf("--seed 0x10: exit %d, %s", code, stderr)
	}
}

func TestOutputFolderIsAFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	writeTestFile(t, file, []byte("mine"))
	shards := []string{filepath.Join(dir, "s1"), filepath.Join(dir, "s2")}
	for i, s := range shards {
		if code, _, stderr := run(t, quick(s, "--shard", fmt.Sprintf("%d/2", i), "--no-charts")...); code != 0 {
			t.Fatalf("shard %d: exit %d, %s", i, code, stderr)
		}
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{quick(file), file + " is a file, not a folder"},
		{quick(filepath.Join(file, "run")), file + " is a file, not a folder"},
		{[]string{"compare", "classroom", "classroom_qantar", "--trials", "2", "--months", "24", "--quiet", "--out", file}, file + " is a file, not a folder"},
		{[]string{"merge", shards[0], shards[1], "--out", filepath.Join(file, "merged")}, file + " is a file, not a folder"},
	} {
		code, _, stderr := run(t, tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) || strings.Contains(stderr, "not a directory") {
			t.Errorf("decentsim %s: exit %d, %q; want 2 with %q", strings.Join(tt.args, " "), code, stderr, tt.want)
		}
	}
	if data, err := os.ReadFile(file); err != nil || string(data) != "mine" {
		t.Errorf("the file given as --out was changed: %q, %v", data, err)
	}
}

// TestFinishSaysEachProblemOnce: on a full disk the run's write error came
// back from finishing its output, and the message said it twice.
func TestFinishSaysEachProblemOnce(t *testing.T) {
	t.Parallel()
	full := fmt.Errorf("output: write out/x/series.csv: %w", syscall.ENOSPC)
	again := func(output.Status, time.Time, error) error { return full }
	err := finish(io.Discard, io.Discard, "out/x", full, again)
	if msg := plain(err); strings.Count(msg, "no space left on device") != 1 || !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("finish after a full disk = %q; want the problem once", msg)
	}
	other := errors.New("output: write out/x/manifest.json: permission denied")
	err = finish(io.Discard, io.Discard, "out/x", full, func(output.Status, time.Time, error) error { return other })
	if msg := plain(err); msg != "write out/x/series.csv: no space left on device; then: write out/x/manifest.json: permission denied" {
		t.Errorf("finish with two problems = %q; want both", msg)
	}
	if err := finish(io.Discard, io.Discard, "out/x", nil, func(output.Status, time.Time, error) error { return other }); err != other {
		t.Errorf("finish of a good run failing = %v; want %v", err, other)
	}
}

func TestCheckMessages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctl := filepath.Join(dir, "ctl.toml")
	name := filepath.Join(dir, "name.toml")
	files := map[string]string{
		ctl:  "[meta]\nmonths = 12\x01\n",
		name: "[meta]\nname = \"" + strings.Repeat("x", 1<<20) + "/\"\n",
	}
	for path, src := range files {
		writeTestFile(t, path, []byte(src))
	}
	code, _, stderr := run(t, "check", ctl)
	if code != exitUsage || !strings.Contains(stderr, "syntax error: TOML files cannot contain control characters") {
		t.Errorf("check of a control character: exit %d, %q", code, stderr)
	}
	code, _, stderr = run(t, "check", name)
	if code != exitUsage || len(stderr) > 1000 || !strings.Contains(stderr, `meta.name: "xxxxxxxxxxxxxxxx`) {
		t.Errorf("check of a 1 MB meta.name: exit %d, %d bytes: %.300q", code, len(stderr), stderr)
	}
}

// TestValidateModelOutsideRepository runs validate-model in a folder that
// is not the repository's root: it refuses at once, saying which files to
// name, and writes nothing (it used to fail on the missing target, or
// after minutes of runs on a missing docs/ folder, and would write into
// any docs/ folder it found). Not parallel: it changes the working folder.
func TestValidateModelOutsideRepository(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("docs", 0o755); err != nil { // someone else's docs
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{nil, "this folder is not the root of a clone of github.com/decentsim/decentsim; run it there (make validation), or name the files: --out FILE and --target FILE"},
		{[]string{"--target="}, "or name the files: --out FILE\n"},
		{[]string{"--out", "report.md"}, "the calibration target docs/calibration/kz_reform_timeline.toml is not here"},
		{[]string{"--out", "no/report.md", "--target="}, "--out no/report.md: there is no folder no"},
		{[]string{"--out", "report.md", "--target", "no.toml"}, "--target no.toml: open no.toml: no such file"},
	}
	for _, tt := range tests {
		start := time.Now()
		code, _, stderr := run(t, append([]string{"validate-model", "--quiet"}, tt.args...)...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("validate-model %s: exit %d, %q; want 2 with %q", strings.Join(tt.args, " "), code, stderr, tt.want)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("validate-model %s took %v to refuse; it must refuse before running", strings.Join(tt.args, " "), d)
		}
	}
	if entries, _ := os.ReadDir("docs"); len(entries) > 0 {
		t.Errorf("validate-model wrote into docs/: %v", entries)
	}
}
