package output

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestChartWorkers checks that a run draws its charts on the goroutines
// its provenance's workers allow (all cores for 0), so that --workers 1
// uses one core, and that the files do not depend on how many draw them.
func TestChartWorkers(t *testing.T) {
	t.Parallel()
	results := synthetic(3, 14)
	dirs := map[int]string{}
	for _, workers := range []int{1, 3, 0} {
		cfg := testConfig(t.TempDir(), 3, 14)
		cfg.Provenance.Workers = workers
		run, err := NewRun(cfg)
		if err != nil {
			t.Fatal(err)
		}
		want := workers
		if workers == 0 {
			want = runtime.GOMAXPROCS(0)
		}
		if got := run.out.goroutines(); got != want {
			t.Errorf("a run with %d workers draws charts on %d goroutines; want %d", workers, got, want)
		}
		if err := run.Abort(); err != nil {
			t.Fatal(err)
		}
		runAll(t, cfg, results)
		dirs[workers] = cfg.Dir
	}
	m, err := ReadManifest(filepath.Join(dirs[1], ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range m.Files {
		a, _ := os.ReadFile(filepath.Join(dirs[1], name))
		b, _ := os.ReadFile(filepath.Join(dirs[3], name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between charts drawn on 1 and 3 goroutines (%d and %d bytes)", name, len(a), len(b))
		}
	}
}
