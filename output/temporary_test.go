package output

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// childDirEnv names the folder a child process of
// TestExitAtOnceLeavesNoTemporary writes in.
const childDirEnv = "DECENTSIM_TEMPORARY_CHILD_DIR"

// TestExitAtOnceLeavesNoTemporary runs, in child processes, what a
// second Ctrl-C does (cmd/decentsim's main): goroutines keep creating
// files while RemoveTemporary runs and the process exits at once. No
// temporary file may be left behind, however the goroutines' creations
// fall against RemoveTemporary. A file created before it was registered
// could be missed by RemoveTemporary and outlive the process, as one did
// in CI (TestSecondInterruptLeavesNoTemporary in cmd/decentsim): with the
// creation and the registration apart, each of the ten runs left files
// behind.
func TestExitAtOnceLeavesNoTemporary(t *testing.T) {
	if dir := os.Getenv(childDirEnv); dir != "" {
		exitAtOnce(dir)
		return
	}
	t.Parallel()
	exe, err := os.Executable()
	if err != nil {
		t.Skip("no executable to run as a child:", err)
	}
	runs := 10
	if testing.Short() {
		runs = 3 // each child takes a second under the race detector
	}
	for run := range runs {
		dir := t.TempDir()
		cmd := exec.Command(exe, "-test.run", "^TestExitAtOnceLeavesNoTemporary$")
		cmd.Env = append(os.Environ(), childDirEnv+"="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("run %d: child: %v\n%s", run, err, out)
		}
		for _, name := range dirNames(t, dir) {
			if strings.Contains(name, tempMarker) {
				t.Errorf("run %d: left behind: %s", run, name)
			}
		}
	}
}

// exitAtOnce is the child of TestExitAtOnceLeavesNoTemporary: four
// goroutines create files in dir without end; after a while it removes
// the temporaries and exits at once, as main does on a second interrupt.
func exitAtOnce(dir string) {
	for g := range 4 {
		go func() {
			for i := 0; ; i++ {
				if _, err := Create(filepath.Join(dir, fmt.Sprintf("g%d-%d.csv", g, i))); err != nil {
					return // refused after RemoveTemporary
				}
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	RemoveTemporary()
	os.Exit(0)
}
