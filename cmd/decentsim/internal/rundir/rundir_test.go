package rundir

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// start resolves classroom with overrides and opens a job for it in a
// new folder.
func start(t *testing.T, cfg Config, overrides ...string) *Job {
	t.Helper()
	s, err := scenarios.Resolve("classroom", append([]string{"meta.trials=3", "meta.months=6"}, overrides...))
	if err != nil {
		t.Fatal(err)
	}
	if err := output.Prepare(cfg.Dir, false); err != nil {
		t.Fatal(err)
	}
	job, err := Start(s, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return job
}

// TestRun runs a shard of a scenario into a folder: its trials given to
// Each in order, progress counting them, a finished folder whose
// manifest says ok and names the shard.
func TestRun(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "run")
	var trials []int
	shard, err := output.ShardOf(1, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	prov := output.Provenance{Program: "decentsim", Version: "test", Command: "run", Workers: 2, Start: time.Now()}
	job := start(t, Config{Dir: dir, Provenance: prov, Shard: shard, NoCharts: true,
		Each: func(r *sim.TrialResult) { trials = append(trials, r.Trial) }})
	if job.Trials() != 1 {
		t.Errorf("Trials() = %d; want the shard's 1", job.Trials())
	}
	done := 0
	end := job.Run(context.Background(), func(d int) { done = d })
	if end.Status != output.StatusOK || end.RunErr != nil || end.FinishErr != nil {
		t.Fatalf("Run = %+v; want ok, no error", end)
	}
	if len(trials) != 1 || trials[0] != 2 || done != 1 {
		t.Errorf("Each got trials %v, progress %d; want [2], 1", trials, done)
	}
	m, err := os.ReadFile(filepath.Join(dir, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"status": "ok"`, `"command": "run"`, `"first_trial": 2`} {
		if !strings.Contains(string(m), want) {
			t.Errorf("manifest lacks %s:\n%s", want, m)
		}
	}
}

// TestFinish checks the status and errors of a folder finished after
// runs that went well, failed or were interrupted, and finishing that
// went well or failed.
func TestFinish(t *testing.T) {
	t.Parallel()
	runErr, finErr := errors.New("model failed"), errors.New("disk full")
	tests := []struct {
		runErr, finishErr error
		status            output.Status
	}{
		{nil, nil, output.StatusOK},
		{runErr, nil, output.StatusFailed},
		{context.Canceled, nil, output.StatusInterrupted},
		{nil, finErr, output.StatusFailed},
		{runErr, finErr, output.StatusFailed},
		{context.Canceled, finErr, output.StatusInterrupted},
	}
	for _, tt := range tests {
		var told output.Status
		end := Finish(tt.runErr, func(s output.Status, _ time.Time, cause error) error {
			if cause != tt.runErr {
				t.Errorf("Finish(%v) gave the writer cause %v", tt.runErr, cause)
			}
			told = s
			return tt.finishErr
		})
		if end.Status != tt.status || end.RunErr != tt.runErr || end.FinishErr != tt.finishErr || told != output.StatusOf(tt.runErr) {
			t.Errorf("Finish(%v, finishing: %v) = %+v, the writer told %s; want %s", tt.runErr, tt.finishErr, end, told, tt.status)
		}
	}
}
