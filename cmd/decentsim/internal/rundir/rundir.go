// Package rundir runs a resolved scenario into an output folder: the one
// path `decentsim run` and the classroom server share, from the scenario
// to a finished folder with its manifest.
package rundir

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/memory"
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
	// RecordUnits writes units.parquet, the unit panel of every month
	// (rural model only).
	RecordUnits bool
	// Group, if not nil, finishes the folder's charts and manifest with
	// the other runs of the command (output.RunGroup).
	Group *output.RunGroup
	// Each, if not nil, is given every trial's result of the rural model
	// after it is written, in trial order.
	Each func(*sim.TrialResult)
	// Draw, if not nil, gives each trial of the rural model its own
	// parameters (a posterior draw; sim.RunConfig.Draw).
	Draw func(p *sim.Params, trial int) (*sim.Params, error)
	// Checkpoint, if not "", is a folder where the rural model's trials
	// save themselves every CheckpointEvery months (0 means
	// DefaultCheckpointEvery) and from which a run started again takes
	// them up (checkpoint.go).
	Checkpoint      string
	CheckpointEvery int
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
	out, err := output.NewRun(cfg.output(s, resolved))
	if err != nil {
		return nil, err
	}
	return &Job{s: s, cfg: cfg, out: out}, nil
}

// output returns the configuration of the folder's writer for a run of
// s, whose resolved TOML is resolved.
func (cfg *Config) output(s *scenarios.Scenario, resolved []byte) output.Config {
	ocfg := output.Config{
		Dir: cfg.Dir, Scenario: s.Name, ScenarioTOML: resolved,
		Seed: s.Seed, Trials: s.Trials, Months: s.Months,
		Provenance: cfg.Provenance, Shard: cfg.Shard, NoCharts: cfg.NoCharts,
		Group: cfg.Group, Events: output.ScheduledEvents(&s.Params, s.Months), RecordUnits: cfg.RecordUnits,
	}
	if s.Model == sim.ModelClassicEpstein {
		// Epstein's Model I on a grid: its own counts, one row per step,
		// and no elections (sim/classic.go, docs/DOCKING.md).
		ocfg.Metrics, ocfg.TimeUnit = sim.ClassicMetrics, "step"
		ocfg.Events, ocfg.RecordUnits = nil, false
	}
	return ocfg
}

// Trials returns the number of trials the job runs.
func (j *Job) Trials() int { return j.cfg.trials(j.s) }

// trials returns the number of trials a run of s with cfg runs.
func (cfg *Config) trials(s *scenarios.Scenario) int {
	if cfg.Shard != nil {
		return cfg.Shard.Trials
	}
	return s.Trials
}

// Memory returns what a run of s with cfg will hold in memory at once,
// by part, before anything is allocated: the values its folder's writer
// keeps for the statistics across trials (output.Config.Memory), and the
// model's worlds and results (sim.RunBytes). A caller adds what it keeps
// itself (Each's).
func Memory(s *scenarios.Scenario, cfg Config) []memory.Part {
	ocfg := cfg.output(s, nil)
	trials, workers := cfg.trials(s), cfg.Provenance.Workers
	values := memory.Part{
		Bytes: ocfg.Memory(),
		What:  fmt.Sprintf("the values of %d trials of %d months, kept for summary.csv's statistics", trials, s.Months),
		Hint:  "use fewer --trials or --months: summary.csv's percentiles need every trial's value at once",
	}
	if s.Model == sim.ModelClassicEpstein {
		values.Hint = "use fewer --trials or --months (steps)"
		return []memory.Part{values, ModelPart(sim.ClassicRunBytes(&s.Params, s.Months, trials, workers), trials, workers, true)}
	}
	parts := []memory.Part{values, ModelPart(sim.RunBytes(&s.Params, s.Months, trials, workers), trials, workers, false)}
	if cfg.RecordUnits {
		units := int64(sim.SizeOf(&s.Params).Units)
		parts = append(parts, memory.Part{
			// The panels in flight, and units.parquet's buffers for one
			// trial (about unitsRowBytes a row).
			Bytes: sim.UnitPanelBytes(&s.Params, s.Months, -1, trials, workers) + units*int64(s.Months)*unitsRowBytes,
			What:  "the unit panels of the trials in flight, for units.parquet",
			Hint:  "use fewer --months or --workers, or leave out --record units",
		})
	}
	return parts
}

// unitsRowBytes is about what units.parquet's writer buffers per row
// before a trial's row group is written.
const unitsRowBytes = 200

// ModelPart returns the model's part of what runs hold in memory: bytes
// (sim.RunBytes or sim.ClassicRunBytes) for trials trials run on workers
// goroutines (0 meaning GOMAXPROCS), of the classic model if classic.
func ModelPart(bytes int64, trials, workers int, classic bool) memory.Part {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	running := min(trials, workers)
	p := memory.Part{
		Bytes: bytes,
		What:  fmt.Sprintf("%d %s running at once, with their elections and results", running, plural(running, "world", "worlds")),
		Hint:  "use a larger world.represent (fewer citizen agents, each for more residents), fewer --workers or fewer --months",
	}
	if classic {
		p.What = fmt.Sprintf("%d %s running at once, with their results", running, plural(running, "grid", "grids"))
		p.Hint = "use a smaller grid (classic.width, classic.height) or fewer --workers"
	}
	return p
}

// workersOf is the number of goroutines workers means (0: GOMAXPROCS).
func workersOf(workers int) int {
	if workers > 0 {
		return workers
	}
	return runtime.GOMAXPROCS(0)
}

// plural returns one if n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
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
	cfg := sim.RunConfig{Months: s.Months, Seed: s.Seed, Trials: trials, Workers: j.cfg.Provenance.Workers, Progress: progress, Draw: j.cfg.Draw,
		UnitMonths: output.FinalYearMonths} // the final year, for groups.csv
	if j.cfg.RecordUnits {
		cfg.UnitMonths = -1 // every month, for units.parquet
	}
	var runErr error
	if s.Model == sim.ModelClassicEpstein {
		runErr = sim.RunClassic(ctx, &s.Params, cfg, j.out.AddSeries)
	} else {
		emit := func(t *sim.TrialResult) error {
			if err := j.out.Add(t); err != nil {
				return err
			}
			if j.cfg.Each != nil {
				j.cfg.Each(t)
			}
			return nil
		}
		if j.cfg.Checkpoint != "" {
			runErr = j.runCheckpointed(ctx, cfg, emit)
		} else {
			runErr = sim.Run(ctx, &s.Params, cfg, emit)
		}
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
