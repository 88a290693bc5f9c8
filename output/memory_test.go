package output

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/decentsim/decentsim/sim"
)

// allocated returns the bytes allocated while f runs.
func allocated(f func()) int64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return int64(after.TotalAlloc - before.TotalAlloc)
}

// TestRunMemory checks Config.Memory against what NewRun allocates up
// front, for a whole run and for a shard, which keeps only its own
// trials' values. It is not parallel, so that no other test allocates
// while it measures.
func TestRunMemory(t *testing.T) {
	const trials, months = 2000, 100
	values := int64(trials * months * sim.NumMetrics * 8)
	whole := testConfig(filepath.Join(t.TempDir(), "whole"), trials, months)
	shard := testConfig(filepath.Join(t.TempDir(), "shard"), trials, months)
	shard.Shard, _ = ShardOf(3, 20, trials)
	for _, tt := range []struct {
		name string
		cfg  Config
		kept int64 // bytes of values kept
	}{
		{"whole run", whole, values},
		{"shard 3/20", shard, values / 20},
	} {
		if err := Prepare(tt.cfg.Dir, false); err != nil {
			t.Fatal(err)
		}
		var run *Run
		got := allocated(func() {
			var err error
			if run, err = NewRun(tt.cfg); err != nil {
				t.Fatal(err)
			}
		})
		run.Abort()
		est := tt.cfg.Memory()
		if got < tt.kept || got > tt.kept+1<<20 {
			t.Errorf("%s: NewRun allocated %d bytes; want the %d of the values kept, and little more", tt.name, got, tt.kept)
		}
		if est < got || est > 3*got {
			t.Errorf("%s: Memory() = %d; NewRun allocated %d", tt.name, est, got)
		}
	}
}

// TestBatchMemory checks that a comparison's estimate counts every
// scenario's trials, and a shard's only its runs.
func TestBatchMemory(t *testing.T) {
	t.Parallel()
	cfg := CompareConfig{Scenarios: make([]CompareScenario, 3), Batch: Batch{Trials: 1000, Months: 120}}
	kept := int64(3*1000*120) * recordBytes
	if got := cfg.Memory(); got < kept || got > 3*kept {
		t.Errorf("CompareConfig.Memory() = %d; want at least the %d bytes of the months kept", got, kept)
	}
	cfg.Shard = &BatchShard{Runs: 300}
	if got := cfg.Memory(); got < kept/10 || got > kept/3 {
		t.Errorf("a shard of a tenth of the runs: CompareConfig.Memory() = %d; want about %d", got, kept/5)
	}
	if got := PointsMemory(1000); got < 1000*int64(sim.NumMetrics)*momentsBytes {
		t.Errorf("PointsMemory(1000) = %d; want at least every point's moments", got)
	}
}
