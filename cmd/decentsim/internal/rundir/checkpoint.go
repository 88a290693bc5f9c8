package rundir

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// Checkpoints of a run (issue 21): with Config.Checkpoint set, each trial
// saves itself every Config.CheckpointEvery months to trial-K.ckpt in
// that folder (sim's TrialRun.Checkpoint), and its result, once done, to
// trial-K.done. A run stopped part way (a Slurm requeue, a killed job)
// and started again with the same command and folder takes finished
// trials from their .done files and the others up from their last save,
// so that the output folder gets exactly the bytes of an uninterrupted
// run (TestCheckpointedRunResumes).

// DefaultCheckpointEvery is how many months a trial runs between saves
// when Config.CheckpointEvery is 0.
const DefaultCheckpointEvery = 12

// checkpointer runs trials of a scenario with saves in dir.
type checkpointer struct {
	s       *scenarios.Scenario
	dir     string
	every   int
	workers int // each trial's districts' goroutines
	// unitMonths are the unit panel's months (sim.RunConfig.UnitMonths);
	// a trial's panel is saved with it.
	unitMonths int
	// draw, if not nil, gives each trial its own parameters (--posterior).
	draw func(p *sim.Params, trial int) (*sim.Params, error)
}

// params returns trial's parameters: the scenario's, or its posterior draw.
func (c *checkpointer) params(trial int) (*sim.Params, error) {
	if c.draw == nil {
		return &c.s.Params, nil
	}
	return c.draw(&c.s.Params, trial)
}

// path returns the file of trial with the extension ext.
func (c *checkpointer) path(trial int, ext string) string {
	return filepath.Join(c.dir, fmt.Sprintf("trial-%d.%s", trial, ext))
}

// trial returns trial's result: read from its .done file, or run from
// its last save or from the start, saving as it goes.
func (c *checkpointer) trial(ctx context.Context, trial int) (*sim.TrialResult, error) {
	done := c.path(trial, "done")
	if f, err := os.Open(done); err == nil {
		defer f.Close()
		res, err := sim.ReadResult(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w (hint: delete it to run the trial again)", done, err)
		}
		return res, nil
	}
	p, err := c.params(trial)
	if err != nil {
		return nil, err
	}
	t, err := c.start(ctx, trial, p)
	if err != nil {
		return nil, err
	}
	ckpt := c.path(trial, "ckpt")
	for t.Month() < c.s.Months {
		next := min(c.s.Months, (t.Month()/c.every+1)*c.every)
		if err := t.RunTo(ctx, next); err != nil {
			return nil, err
		}
		if next < c.s.Months {
			if err := output.WriteFile(ckpt, func(w io.Writer) error { return t.Checkpoint(w, p) }); err != nil {
				return nil, err
			}
		}
	}
	res := t.Result()
	if err := output.WriteFile(done, func(w io.Writer) error { return sim.WriteResult(w, res) }); err != nil {
		return nil, err
	}
	if err := os.Remove(ckpt); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return res, nil
}

// start returns trial ready to run: taken up from its save, or burned in.
func (c *checkpointer) start(ctx context.Context, trial int, p *sim.Params) (*sim.TrialRun, error) {
	opt := &sim.TrialOptions{Workers: c.workers}
	ckpt := c.path(trial, "ckpt")
	if f, err := os.Open(ckpt); err == nil {
		defer f.Close()
		t, err := sim.ResumeTrial(f, p, opt)
		if err != nil {
			return nil, fmt.Errorf("%s: %w (hint: delete it to run the trial from the start)", ckpt, err)
		}
		return t, nil
	}
	b, err := sim.BurnIn(ctx, p, c.s.Seed, trial, c.workers)
	if err != nil {
		return nil, err
	}
	t := b.Start(p, c.s.Months, opt, false)
	t.RecordUnits(c.unitMonths)
	return t, nil
}

// runCheckpointed is Job.Run's run of the rural model's trials with
// checkpoints, emitting each result in trial order as sim.Run does, unit
// panels included (a trial's is saved with it).
func (j *Job) runCheckpointed(ctx context.Context, cfg sim.RunConfig, emit func(*sim.TrialResult) error) error {
	if err := os.MkdirAll(j.cfg.Checkpoint, 0o755); err != nil {
		return err
	}
	c := &checkpointer{s: j.s, dir: j.cfg.Checkpoint, every: j.cfg.CheckpointEvery, workers: 1, draw: cfg.Draw, unitMonths: cfg.UnitMonths}
	if c.every <= 0 {
		c.every = DefaultCheckpointEvery
	}
	if w := workersOf(cfg.Workers); len(cfg.Trials) > 0 && len(cfg.Trials) < w {
		c.workers = w / len(cfg.Trials)
	}
	return sim.RunFunc(ctx, cfg, c.trial, emit)
}
