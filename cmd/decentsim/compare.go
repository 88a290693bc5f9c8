package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/memory"
	"github.com/decentsim/decentsim/cmd/decentsim/internal/rundir"
	"github.com/decentsim/decentsim/experiment"
	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

const compareSynopsis = "compare A B [C ...] [--trials N] [--seed S] [--workers W] [--months M] [--set section.key=value ...] [--out DIR] [--shard I/N|auto] [--posterior FILE] [--max-memory SIZE] [--force] [--quiet] [--no-charts]"

const compareExample = `  decentsim compare kz_appointed_pre2013 kz_direct_2021 --trials 30
  decentsim compare classroom my_reform.toml --trials 20 --months 60 --out out/my_reform_vs_classroom

The first scenario is the reference: differences are the others minus it.
Every scenario runs the same trials with the same seed (the reference's
meta.trials, meta.seed and meta.months unless --trials, --seed, --months
are given), and trial k of each uses the same random numbers. The folder
gets compare.md (tables to paste into a report), compare.csv, trials.csv,
series.csv, elections.csv, charts/ (one overlay per headline metric and
differences.png), scenarios/NAME.toml and manifest.json; docs/COMPARE.md
explains the statistics.`

// batchOptions are the flags compare, sweep and sensitivity share with
// run.
type batchOptions struct {
	trials, workers, months int
	seed                    uint64
	sets                    setFlags
	out                     string
	force, quiet, noCharts  bool
	record                  string // run's --record
	given                   map[string]bool
	// shardSpec is --shard as given; shard and shards its I/N, shards 0
	// for no sharding. getenv is what --shard auto reads (nil:
	// os.LookupEnv).
	shardSpec     string
	shard, shards int
	getenv        func(string) (string, bool)
	// maxMemory is --max-memory: runs estimated to need more are
	// refused before they start.
	maxMemory *memory.Flag
	// checkpoint and checkpointEvery are run's --checkpoint and
	// --checkpoint-every.
	checkpoint      string
	checkpointEvery int
	// posteriorFile is --posterior (run, compare and sweep), post the
	// posterior read from it (nil: none).
	posteriorFile string
	post          *experiment.Posterior
}

// definePosterior defines --posterior on fs.
func (o *batchOptions) definePosterior(fs *flag.FlagSet) {
	fs.StringVar(&o.posteriorFile, "posterior", "", "draw each trial's parameters from this posterior.csv (decentsim calibrate --method abc), deterministically from the trial's seed")
}

// withPosterior records the posterior, if any, in the provenance p.
func (o *batchOptions) withPosterior(p output.Provenance) output.Provenance {
	if o.post != nil {
		p.Posterior = o.posteriorFile
		if data, err := os.ReadFile(o.posteriorFile); err == nil {
			sum := sha256.Sum256(data)
			p.PosteriorSHA256 = hex.EncodeToString(sum[:])
		}
	}
	return p
}

// define defines the shared flags on fs; what says what a trial is
// ("per scenario", "per point"), first whose meta settings are the
// defaults, out the default folder.
func (o *batchOptions) define(fs *flag.FlagSet, what, first, out string) {
	fs.IntVar(&o.trials, "trials", 0, "trials "+what+" (default: "+first+" meta.trials)")
	fs.Var((*seedFlag)(&o.seed), "seed", "run seed, a whole `number` from 0 to 2^63-1 (default: "+first+" meta.seed)")
	fs.IntVar(&o.workers, "workers", 0, "trials run at once (default: all cores)")
	fs.IntVar(&o.months, "months", 0, "months per trial (default: "+first+" meta.months)")
	fs.Var(&o.sets, "set", "override a parameter, `section.key=value` (repeatable)")
	fs.StringVar(&o.out, "out", "", "output folder (default: "+out+")")
	fs.BoolVar(&o.force, "force", false, "overwrite the output folder's files if it is not empty")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing on stderr but errors")
	fs.BoolVar(&o.noCharts, "no-charts", false, "write the data and tables only, no charts (faster for batch jobs)")
	fs.StringVar(&o.shardSpec, "shard", "", batchShardUsage)
	o.maxMemory = memory.NewFlag("--max-memory")
	fs.Var(o.maxMemory, "max-memory", maxMemoryUsage)
}

// batchShardUsage is compare's, sweep's and sensitivity's --shard usage.
const batchShardUsage = "run only shard `I/N` of the runs, a run being one trial of one scenario or point (0-based I; contiguous blocks " +
	"in the command's order, trial by trial, whole trials for compare; a shard draws no charts), or auto, as for run; then decentsim merge; see docs/CLUSTER.md"

// block returns which of a batch command's n runs to run: all (nil), or
// with --shard the shard's block, which it also returns. A shard's block
// is a whole number of groups of group runs.
func (o *batchOptions) block(n, group int) (*experiment.Block, *output.BatchShard, error) {
	if o.shards == 0 {
		return nil, nil, nil
	}
	shard, err := output.BatchShardOf(o.shard, o.shards, n, group)
	if err != nil {
		return nil, nil, usagef("--shard %d/%d: %v", o.shard, o.shards, strings.TrimPrefix(err.Error(), "output: "))
	}
	return &experiment.Block{First: shard.FirstRun, Runs: shard.Runs}, shard, nil
}

func compareCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	var o batchOptions
	fs := newFlags("compare", compareSynopsis, compareExample, stderr)
	o.define(fs, "per scenario", "the first scenario's", "out/compare_A_vs_B")
	o.definePosterior(fs)
	fs.Lookup("set").Usage = "override a parameter in every scenario, `section.key=value` (repeatable)"
	refs, err := o.parse(fs, args)
	if err != nil {
		return err
	}
	if len(refs) < 2 {
		return usagef("compare needs at least two scenarios (the first is the reference), for example: decentsim compare kz_appointed_pre2013 kz_direct_2021")
	}

	scens, err := resolveCompared(refs, &o)
	if err != nil {
		return err
	}
	ref := scens[0]
	// Every scenario runs the same trials, trial k of each with the same
	// random numbers. A shard runs a block of the runs holding whole
	// trials (every scenario's), so that its own statistics pair them too.
	k := len(scens)
	batch := &experiment.Batch{
		Arms: k, Trials: ref.Trials, Months: ref.Months, Seed: ref.Seed, Workers: o.workers,
		UnitMonths: output.FinalYearMonths, // for groups.csv
		Params:     func(arm int) (*sim.Params, error) { return &scens[arm].Params, nil },
		Draw:       o.post.Drawer(ref.Seed),
	}
	var shard *output.BatchShard
	if batch.Block, shard, err = o.block(batch.Runs(), k); err != nil {
		return err
	}
	dir := o.out
	if dir == "" {
		names := make([]string, len(scens))
		for i, s := range scens {
			names[i] = s.Name
		}
		dir = filepath.Join("out", "compare_"+strings.Join(names, "_vs_"))
	}
	cfg := output.CompareConfig{Batch: o.outputBatch(ctx, "compare", dir, ref, shard)}
	cfg.Events = output.ScheduledEvents(&ref.Params, ref.Months)
	for i, s := range scens {
		resolved, err := scenarios.Encode(s)
		if err != nil {
			return err
		}
		cfg.Scenarios = append(cfg.Scenarios, output.CompareScenario{
			Name: s.Name, Source: refs[i], TOML: resolved, SameWorld: s.Params.World == ref.Params.World,
		})
	}
	kept := memory.Part{Bytes: cfg.Memory(), Hint: "use fewer --trials or --months",
		What: fmt.Sprintf("the values of %d scenarios' trials, kept for the per-month statistics", k)}
	if err := o.checkBatchMemory("compare "+strings.Join(refs, " "), batch, kept); err != nil {
		return err
	}
	if err := prepare(dir, o.force, output.PrepareCompare); err != nil {
		return err
	}
	cmp, err := output.NewComparison(cfg)
	if err != nil {
		return err
	}
	runErr := runBatch(ctx, stderr, "compare", &o, cfg.Provenance.Start, batch, func(arm, _ int, t *sim.TrialResult) error { return cmp.Add(arm, t) })
	return finish(stdout, stderr, dir, runErr, cmp.Finish)
}

// runBatch runs batch, giving each run to emit, with a progress bar named
// label on a terminal unless --quiet.
func runBatch(ctx context.Context, stderr io.Writer, label string, o *batchOptions, start time.Time,
	batch *experiment.Batch, emit func(arm, trial int, t *sim.TrialResult) error) error {
	n := batch.Runs()
	if batch.Block != nil {
		n = batch.Block.Runs
	}
	bar := startProgress(stderr, o.quiet, label, n, start)
	batch.Progress = bar.updater()
	err := batch.Run(ctx, emit)
	bar.done()
	return err
}

// outputBatch returns what the output configuration of a batch command
// cmd records: its folder dir, the seed, trials and months of scenario s
// (the base or reference), what made it, and its shard, if any.
func (o *batchOptions) outputBatch(ctx context.Context, cmd, dir string, s *scenarios.Scenario, shard *output.BatchShard) output.Batch {
	return output.Batch{
		Dir: dir, Seed: s.Seed, Trials: s.Trials, Months: s.Months,
		NoCharts: o.noCharts || shard != nil, Provenance: o.withPosterior(provenance(ctx, cmd, o.workers)), Shard: shard,
	}
}

// parse parses the command line args with fs, which defines the shared
// flags, checks them, and returns the positional arguments.
func (o *batchOptions) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	refs, err := parse(fs, args)
	if err != nil {
		return nil, err
	}
	return refs, o.check(fs)
}

// oneScenario parses the command line args of a command taking one
// scenario with fs, as parse does, and returns the scenario's name or
// file. Without one, example is a command line to show; with several,
// more is said after the count.
func (o *batchOptions) oneScenario(fs *flag.FlagSet, args []string, example, more string) (string, error) {
	refs, err := o.parse(fs, args)
	switch {
	case err != nil:
		return "", err
	case len(refs) == 0:
		return "", usagef("%s needs a scenario, for example: %s", fs.Name(), example)
	case len(refs) > 1:
		return "", usagef("%s takes one scenario, not %d (%s)%s", fs.Name(), len(refs), strings.Join(refs, " "), more)
	}
	return refs[0], nil
}

// resolve resolves the scenario ref with the flags' overrides for the
// command cmd, which works on the rural model.
func (o *batchOptions) resolve(cmd, ref string) (*scenarios.Scenario, error) {
	s, err := scenarios.Resolve(ref, o.overrides())
	if err != nil {
		return nil, err
	}
	return s, ruralOnly(cmd, s)
}

// check validates the shared flags, and sets
// o.given and the default worker count.
func (o *batchOptions) check(fs *flag.FlagSet) error {
	o.given = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.given[f.Name] = true })
	if o.given["shard"] {
		getenv := o.getenv
		if getenv == nil {
			getenv = os.LookupEnv
		}
		var err error
		if o.shard, o.shards, err = parseShard(o.shardSpec, getenv); err != nil {
			return err
		}
	}
	if o.posteriorFile != "" {
		var err error
		if o.post, err = experiment.ReadPosterior(o.posteriorFile); err != nil {
			return usagef("--posterior %s: %s", o.posteriorFile, plain(err))
		}
	}
	if o.given["trials"] && o.trials < 1 {
		return usagef("--trials must be at least 1, not %d", o.trials)
	}
	if o.given["months"] && o.months < 1 {
		return usagef("--months must be at least 1, not %d", o.months)
	}
	if o.workers < 0 {
		return usagef("--workers must be at least 0 (0 means all cores), not %d", o.workers)
	}
	if o.workers == 0 {
		o.workers = runtime.GOMAXPROCS(0)
	}
	return nil
}

// overrides returns the --set values followed by the meta settings given
// as flags.
func (o *batchOptions) overrides() []string {
	out := append([]string(nil), o.sets...)
	if o.given["trials"] {
		out = append(out, "--trials:meta.trials="+strconv.Itoa(o.trials))
	}
	if o.given["seed"] {
		out = append(out, "--seed:meta.seed="+strconv.FormatUint(o.seed, 10))
	}
	if o.given["months"] {
		out = append(out, "--months:meta.months="+strconv.Itoa(o.months))
	}
	return out
}

// resolveCompared resolves the scenarios refs of a comparison, all
// problems at once. The first sets the trials, seed and months of the
// others. A name met twice (a scenario compared with itself) becomes
// NAME_2, NAME_3, ..., so every row says which arm it is.
func resolveCompared(refs []string, o *batchOptions) ([]*scenarios.Scenario, error) {
	first, err := o.resolve("compare", refs[0])
	if err != nil {
		return nil, err
	}
	shared := append(o.overrides(),
		"meta.trials="+strconv.Itoa(first.Trials),
		"meta.seed="+strconv.FormatUint(first.Seed, 10),
		"meta.months="+strconv.Itoa(first.Months))
	scens := []*scenarios.Scenario{first}
	var errs []error
	for _, ref := range refs[1:] {
		s, err := scenarios.Resolve(ref, shared)
		if err == nil {
			err = ruralOnly("compare", s)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		scens = append(scens, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	used := map[string]bool{}
	for _, s := range scens {
		name := s.Name
		for i := 2; used[name]; i++ {
			name = s.Name + "_" + strconv.Itoa(i)
		}
		used[name] = true
		s.Name = name
	}
	return scens, nil
}

// finish completes a run's, comparison's or sweep's output with finishFn
// after the run ended with runErr, prints the folder, and returns the
// command's error (an exitError for an interruption, already reported).
func finish(stdout, stderr io.Writer, dir string, runErr error, finishFn func(output.Status, time.Time, error) error) error {
	return ended(stdout, stderr, dir, rundir.Finish(runErr, finishFn))
}

// ended prints the folder if it was finished and returns the command's
// error for how its run ended (an exitError for an interruption, already
// reported).
func ended(stdout, stderr io.Writer, dir string, end rundir.End) error {
	if end.FinishErr != nil {
		return then(end.RunErr, end.FinishErr)
	}
	fmt.Fprintln(stdout, dir)
	if end.RunErr != nil && end.Status == output.StatusInterrupted {
		fmt.Fprintf(stderr, "decentsim: interrupted; %s holds the trials finished (see manifest.json)\n", dir)
		return exitError{exitInterrupted}
	}
	return end.RunErr
}

// then joins err, from finishing a run's output, to runErr, the run's
// own error if any, saying each problem once: a write error the output
// kept (a full disk) comes back from finishing too.
func then(runErr, err error) error {
	switch {
	case runErr == nil:
		return err
	case strings.Contains(plain(err), plain(runErr)):
		return runErr
	}
	return fmt.Errorf("%w; then: %v", runErr, err)
}
