package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

const runSynopsis = "run [NAME|FILE ...] [--trials N] [--seed S] [--workers W] [--months M] [--set section.key=value ...] [--out DIR] [--shard I/N|auto] [--no-charts] [--force] [--quiet]"

const runExample = `  decentsim run                                   # the default scenario, kz_direct_2021
  decentsim run kz_appointed_pre2013 kz_direct_2021 --trials 20
  decentsim run my_reform.toml --set institutions.recall=true --out out/recall
  decentsim run classroom --trials 100 --shard 2/4 --out out/shard-2   # trials 50-74; then decentsim merge`

// setFlags collects repeated --set values.
type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, " ") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

// runOptions are the run command's flags.
type runOptions struct {
	trials, workers, months int
	seed                    uint64
	sets                    setFlags
	out                     string
	force, quiet, noCharts  bool
	given                   map[string]bool
	// shard and shards are --shard's I/N; shards is 0 for no sharding.
	shard, shards int
}

func runCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	return runCmdEnv(ctx, stdout, stderr, args, os.LookupEnv)
}

// runCmdEnv is runCmd with the environment --shard auto reads given by
// getenv.
func runCmdEnv(ctx context.Context, stdout, stderr io.Writer, args []string, getenv func(string) (string, bool)) error {
	var o runOptions
	var shard string
	fs := newFlags("run", runSynopsis, runExample, stderr)
	fs.IntVar(&o.trials, "trials", 0, "number of trials (default: the scenario's meta.trials)")
	fs.Var((*seedFlag)(&o.seed), "seed", "run seed, a whole `number` from 0 to 2^63-1 (default: the scenario's meta.seed)")
	fs.IntVar(&o.workers, "workers", 0, "goroutines: trials run at once, and a trial's districts when there are fewer trials (default: all cores)")
	fs.IntVar(&o.months, "months", 0, "months per trial, or steps for a classic_epstein scenario (default: the scenario's meta.months)")
	fs.Var(&o.sets, "set", "override a parameter, `section.key=value` (repeatable)")
	fs.StringVar(&o.out, "out", "", "output folder (default: out/NAME; with several scenarios, one sub-folder each)")
	fs.BoolVar(&o.force, "force", false, "overwrite the output folder's files if it is not empty")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing on stderr but errors")
	fs.StringVar(&shard, "shard", "", shardFlagUsage)
	fs.BoolVar(&o.noCharts, "no-charts", false, "write no charts (a shard's are not needed: merge draws the whole run's)")
	refs, err := parse(fs, args)
	if err != nil {
		return err
	}
	o.given = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.given[f.Name] = true })
	if o.given["shard"] {
		if o.shard, o.shards, err = parseShard(shard, getenv); err != nil {
			return err
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
	if len(refs) == 0 {
		refs = []string{scenarios.Default}
	}

	// Resolve every scenario first, so bad input fails before any run.
	overrides := append([]string(nil), o.sets...)
	if o.given["trials"] {
		overrides = append(overrides, "--trials:meta.trials="+strconv.Itoa(o.trials))
	}
	if o.given["seed"] {
		overrides = append(overrides, "--seed:meta.seed="+strconv.FormatUint(o.seed, 10))
	}
	if o.given["months"] {
		overrides = append(overrides, "--months:meta.months="+strconv.Itoa(o.months))
	}
	var scens []*scenarios.Scenario
	var errs []error
	dirs := map[string]string{}
	for _, ref := range refs {
		s, err := scenarios.Resolve(ref, overrides)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if prev, dup := dirs[s.Name]; dup {
			errs = append(errs, usagef("%s and %s are both named %q; give one a different meta.name or run them separately", prev, ref, s.Name))
			continue
		}
		dirs[s.Name] = ref
		scens = append(scens, s)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for _, s := range scens {
		dir := outDir(o.out, s.Name, len(scens))
		if err := runOne(ctx, stdout, stderr, s, dir, &o); err != nil {
			return err
		}
	}
	return nil
}

// outDir is the output folder of scenario name among n.
func outDir(out, name string, n int) string {
	switch {
	case out == "":
		return filepath.Join("out", name)
	case n > 1:
		return filepath.Join(out, name)
	}
	return out
}

// runOne runs scenario s into dir.
func runOne(ctx context.Context, stdout, stderr io.Writer, s *scenarios.Scenario, dir string, o *runOptions) error {
	trials := sim.TrialList(s.Trials)
	var shard *output.Shard
	if o.shards > 0 {
		var err error
		if shard, err = output.ShardOf(o.shard, o.shards, s.Trials); err != nil {
			return usagef("--shard %d/%d: %v", o.shard, o.shards, err)
		}
		trials = shard.TrialList()
	}
	if err := prepare(dir, o.force, output.Prepare); err != nil {
		return err
	}
	resolved, err := scenarios.Encode(s)
	if err != nil {
		return err
	}
	ocfg := output.Config{
		Dir: dir, Scenario: s.Name, ScenarioTOML: resolved,
		Seed: s.Seed, Trials: s.Trials, Months: s.Months,
		Provenance: provenance(ctx, "run", o.workers), Shard: shard, NoCharts: o.noCharts,
	}
	start := ocfg.Provenance.Start
	classic := s.Model == sim.ModelClassicEpstein
	if classic {
		// Epstein's Model I on a grid: its own counts, one row per step,
		// and no elections (sim/classic.go, docs/DOCKING.md).
		ocfg.Metrics, ocfg.TimeUnit = sim.ClassicMetrics, "step"
	}
	run, err := output.NewRun(ocfg)
	if err != nil {
		return err
	}
	var bar *progress
	if !o.quiet && isTerminal(stderr) {
		bar = newProgress(stderr, s.Name, len(trials), start)
	}
	cfg := sim.RunConfig{Months: s.Months, Seed: s.Seed, Trials: trials, Workers: o.workers}
	if bar != nil {
		cfg.Progress = bar.update
	}
	var runErr error
	if classic {
		runErr = sim.RunClassic(ctx, &s.Params, cfg, run.AddSeries)
	} else {
		runErr = sim.Run(ctx, &s.Params, cfg, run.Add)
	}
	if bar != nil {
		bar.done()
	}
	return finish(stdout, stderr, dir, runErr, run.Finish)
}
