package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/rundir"
	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

const runSynopsis = "run [NAME|FILE ...] [--trials N] [--seed S] [--workers W] [--months M] [--set section.key=value ...] [--out DIR] [--shard I/N|auto] [--no-charts] [--record units] [--posterior FILE] [--checkpoint DIR [--checkpoint-every M]] [--max-memory SIZE] [--force] [--quiet]"

const runExample = `  decentsim run                                   # the default scenario, kz_direct_2021
  decentsim run kz_appointed_pre2013 kz_direct_2021 --trials 20
  decentsim run my_reform.toml --set institutions.recall=true --out out/recall
  decentsim run classroom --trials 100 --shard 2/4 --out out/shard-2   # trials 50-74; then decentsim merge`

// setFlags collects repeated --set values.
type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, " ") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

func runCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	return runCmdEnv(ctx, stdout, stderr, args, os.LookupEnv)
}

// runCmdEnv is runCmd with the environment --shard auto reads given by
// getenv.
func runCmdEnv(ctx context.Context, stdout, stderr io.Writer, args []string, getenv func(string) (string, bool)) error {
	o := batchOptions{getenv: getenv}
	fs := newFlags("run", runSynopsis, runExample, stderr)
	o.define(fs, "", "the scenario's", "out/NAME; with several scenarios, one sub-folder each")
	o.definePosterior(fs)
	fs.Lookup("trials").Usage = "number of trials (default: the scenario's meta.trials)"
	fs.Lookup("workers").Usage = "goroutines: trials run at once, and a trial's districts when there are fewer trials (default: all cores)"
	fs.Lookup("months").Usage = "months per trial, or steps for a classic_epstein scenario (default: the scenario's meta.months)"
	fs.Lookup("shard").Usage = shardFlagUsage
	fs.Lookup("no-charts").Usage = "write no charts (a shard's are not needed: merge draws the whole run's)"
	fs.StringVar(&o.record, "record", "", "record more: `units` writes units.parquet, every unit's state every month of every trial (see README)")
	fs.StringVar(&o.checkpoint, "checkpoint", "", "save each trial every --checkpoint-every months in `DIR`; run again with the same command to take finished and saved trials from it (a requeued job)")
	fs.IntVar(&o.checkpointEvery, "checkpoint-every", rundir.DefaultCheckpointEvery, "months between a trial's saves with --checkpoint")
	refs, err := o.parse(fs, args)
	if err != nil {
		return err
	}
	if o.record != "" && o.record != "units" {
		return usagef("--record %s: unknown; the one record is units (units.parquet: one row per trial, month and unit)", o.record)
	}
	if o.checkpointEvery < 1 {
		return usagef("--checkpoint-every must be at least 1, not %d", o.checkpointEvery)
	}
	if len(refs) == 0 {
		refs = []string{scenarios.Default}
	}

	// Resolve every scenario first, so bad input fails before any run.
	overrides := o.overrides()
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
		if o.checkpoint != "" && s.Model == sim.ModelClassicEpstein {
			errs = append(errs, usagef("%s: --checkpoint is for the rural model; a classic_epstein run is short enough to run again", ref))
			continue
		}
		dirs[s.Name] = ref
		if o.post != nil && s.Model == sim.ModelClassicEpstein {
			errs = append(errs, usagef("--posterior draws the rural model's parameters; %s is a %s scenario", s.Name, s.Model))
			continue
		}
		scens = append(scens, s)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	// Then what each run will hold in memory, before any starts.
	shards := make([]*output.Shard, len(scens))
	for i, s := range scens {
		var err error
		if shards[i], err = o.runShard(s); err != nil {
			return err
		}
		mem := rundir.Memory(s, rundir.Config{Provenance: output.Provenance{Workers: o.workers}, Shard: shards[i], NoCharts: o.noCharts,
			RecordUnits: o.record == "units"})
		if err := checkMemory("run "+s.Name, o.maxMemory, mem...); err != nil {
			return err
		}
	}
	// Several scenarios' charts share their y axes and an overlay: the
	// group draws them when every run has finished (or one stopped).
	var group *output.RunGroup
	if len(scens) > 1 {
		group = output.NewRunGroup()
	}
	for i, s := range scens {
		dir := outDir(o.out, s.Name, len(scens))
		if err := runOne(ctx, stdout, stderr, s, dir, shards[i], &o, group); err != nil {
			if group != nil {
				if gerr := group.Finish(); gerr != nil {
					return then(err, gerr)
				}
			}
			return err
		}
	}
	if group != nil {
		return group.Finish()
	}
	return nil
}

// runShard returns the shard of scenario s's trials that --shard asks
// for, or nil for all.
func (o *batchOptions) runShard(s *scenarios.Scenario) (*output.Shard, error) {
	if o.shards == 0 {
		return nil, nil
	}
	shard, err := output.ShardOf(o.shard, o.shards, s.Trials)
	if err != nil {
		return nil, usagef("--shard %d/%d: %v", o.shard, o.shards, err)
	}
	return shard, nil
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

// runOne runs scenario s, or its shard, into dir.
// With group, its charts and manifest wait for the group's Finish.
func runOne(ctx context.Context, stdout, stderr io.Writer, s *scenarios.Scenario, dir string, shard *output.Shard, o *batchOptions, group *output.RunGroup) error {
	if err := prepare(dir, o.force, output.Prepare); err != nil {
		return err
	}
	prov := o.withPosterior(provenance(ctx, "run", o.workers))
	cfg := rundir.Config{Dir: dir, Provenance: prov, Shard: shard, NoCharts: o.noCharts, Group: group,
		RecordUnits: o.record == "units", Draw: o.post.Drawer(s.Seed), CheckpointEvery: o.checkpointEvery}
	if o.checkpoint != "" {
		cfg.Checkpoint = filepath.Join(o.checkpoint, s.Name)
	}
	job, err := rundir.Start(s, cfg)
	if err != nil {
		return err
	}
	bar := startProgress(stderr, o.quiet, s.Name, job.Trials(), prov.Start)
	end := job.Run(ctx, bar.updater())
	bar.done()
	return ended(stdout, stderr, dir, end)
}
