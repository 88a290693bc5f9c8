// Package rundir runs a resolved scenario into an output folder: the one
// path `decentsim run` and the classroom server share, from the scenario
// to a finished folder with its manifest.
package rundir

import (
	"context"
	"time"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// Config says how to run a scenario into its folder.
type Config struct {
	Dir string // the folder, prepared (output.Prepare)
	// Provenance says what made the run: the command fills its Program,
	// Version, Command, CommandLine, Workers (goroutines; 0 means
	// GOMAXPROCS) and Start.
	Provenance output.Provenance
	Shard      *output.Shard // the trials of a shard; nil means all
	NoCharts   bool
	// Each, if not nil, is given every trial's result of the rural model
	// after it is written, in trial order.
	Each func(*sim.TrialResult)
}

// A Job is a scenario's run into its folder, its files open.
type Job struct {
	s   *scenarios.Scenario
	cfg Config
	out *output.Run
}

// Start opens the folder's files for a run of s.
func Start(s *scenarios.Scenario, cfg Config) (*Job, error) {
	resolved, err := scenarios.Encode(s)
	if err != nil {
		return nil, err
	}
	ocfg := output.Config{
		Dir: cfg.Dir, Scenario: s.Name, ScenarioTOML: resolved,
		Seed: s.Seed, Trials: s.Trials, Months: s.Months,
		Provenance: cfg.Provenance, Shard: cfg.Shard, NoCharts: cfg.NoCharts,
	}
	if s.Model == sim.ModelClassicEpstein {
		// Epstein's Model I on a grid: its own counts, one row per step,
		// and no elections (sim/classic.go, docs/DOCKING.md).
		ocfg.Metrics, ocfg.TimeUnit = sim.ClassicMetrics, "step"
	}
	out, err := output.NewRun(ocfg)
	if err != nil {
		return nil, err
	}
	return &Job{s: s, cfg: cfg, out: out}, nil
}

// Trials returns the number of trials the job runs.
func (j *Job) Trials() int {
	if j.cfg.Shard != nil {
		return j.cfg.Shard.Trials
	}
	return j.s.Trials
}

// Run runs the trials, writing each, then finishes the folder (Finish).
// progress, if not nil, is called after each trial with the number
// finished so far.
func (j *Job) Run(ctx context.Context, progress func(done int)) End {
	s := j.s
	trials := sim.TrialList(s.Trials)
	if j.cfg.Shard != nil {
		trials = j.cfg.Shard.TrialList()
	}
	cfg := sim.RunConfig{Months: s.Months, Seed: s.Seed, Trials: trials, Workers: j.cfg.Provenance.Workers, Progress: progress}
	var runErr error
	if s.Model == sim.ModelClassicEpstein {
		runErr = sim.RunClassic(ctx, &s.Params, cfg, j.out.AddSeries)
	} else {
		runErr = sim.Run(ctx, &s.Params, cfg, func(t *sim.TrialResult) error {
			if err := j.out.Add(t); err != nil {
				return err
			}
			if j.cfg.Each != nil {
				j.cfg.Each(t)
			}
			return nil
		})
	}
	return Finish(runErr, j.out.Finish)
}

// An End is how a run into a folder ended.
type End struct {
	// Status is the folder's status: the run's, or failed if the run
	// went well but the folder could not be finished.
	Status output.Status
	// RunErr is why the runs stopped or failed, if they did.
	RunErr error
	// FinishErr is why the folder could not be finished (its files and
	// manifest written), if it could not.
	FinishErr error
}

// Finish finishes an output folder with finish (a writer's Finish) after
// its runs ended with runErr.
func Finish(runErr error, finish func(output.Status, time.Time, error) error) End {
	status := output.StatusOf(runErr)
	err := finish(status, time.Now(), runErr)
	if err != nil && runErr == nil {
		status = output.StatusFailed
	}
	return End{Status: status, RunErr: runErr, FinishErr: err}
}
