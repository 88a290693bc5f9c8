package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeCommands runs, in order, every decentsim command in the
// README's shell blocks (as `./decentsim ...` or `go run ./cmd/decentsim
// ...`) in a scratch folder, so the manual cannot drift from the program.
// Runs get --trials 2 --months 12 unless they run a written scenario.toml,
// comparisons, sweeps and sensitivity analyses that and --no-charts;
// `>` redirects stdout to a file; `cmp A B` compares two files.
func TestReadmeCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every README command; the plain test run covers it")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	n := 0
	inBlock := false
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "```") {
			inBlock = strings.TrimPrefix(line, "```") == "sh"
			continue
		}
		if !inBlock {
			continue
		}
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if c, ok := strings.CutPrefix(line, "cmp "); ok {
			files := strings.Fields(strings.Split(c, "&&")[0])
			a, errA := os.ReadFile(files[0])
			b, errB := os.ReadFile(files[1])
			if errA != nil || errB != nil || !bytes.Equal(a, b) {
				t.Errorf("README: %q: files differ or are missing (%v, %v)", line, errA, errB)
			}
			continue
		}
		var rest string
		switch {
		case strings.HasPrefix(line, "./decentsim "):
			rest = strings.TrimPrefix(line, "./decentsim ")
		case strings.HasPrefix(line, "go run ./cmd/decentsim "):
			rest = strings.TrimPrefix(line, "go run ./cmd/decentsim ")
		default:
			continue
		}
		redirect := ""
		if i := strings.Index(rest, ">"); i >= 0 {
			redirect = strings.TrimSpace(rest[i+1:])
			rest = rest[:i]
		}
		args := strings.Fields(rest)
		if args[0] == "run" && !strings.HasSuffix(rest, "scenario.toml") && !strings.Contains(rest, "scenario.toml ") {
			args = append(args, "--trials", "2", "--months", "12", "--quiet")
		}
		if args[0] == "compare" || args[0] == "sweep" || args[0] == "sensitivity" {
			args = append(args, "--trials", "2", "--months", "12", "--quiet", "--no-charts")
		}
		if args[0] == "serve" {
			// The page answers at the URL printed; Ctrl-C ends it.
			url, stop := startServe(t, args...)
			getPage(t, url)
			if code := stop(); code != 0 {
				t.Errorf("README: decentsim %s: exit %d after Ctrl-C", rest, code)
			}
			n++
			continue
		}
		code, stdout, stderr := run(t, args...)
		n++
		if code != 0 {
			t.Errorf("README: decentsim %s: exit %d\n%s", rest, code, stderr)
			continue
		}
		if redirect != "" {
			writeTestFile(t, redirect, []byte(stdout))
		}
	}
	if n < 8 {
		t.Errorf("found %d decentsim commands in README.md; the tutorial has more", n)
	}
	if _, err := os.Stat(filepath.Join("out", "kz_direct_2021", "manifest.json")); err != nil {
		t.Errorf("the README's first command left no out/kz_direct_2021: %v", err)
	}
}
