package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// The world command writes a scenario's rural units as a units file: the
// synthetic generator's units for one trial (sim.GenerateUnits), or, for a
// scenario with world.units_file, the units it reads. A run with
// world.units_file set to that file builds the same world as the
// generator does for that seed and trial, so a researcher can start from
// it and replace columns with census figures.

const worldSynopsis = "world [NAME|FILE] --out FILE [--seed S] [--trial T] [--set section.key=value ...] [--force]"

const worldExample = `  decentsim world --out units.csv                 # the national default's units (kz_direct_2021, seed 1, trial 0)
  decentsim world classroom --seed 7 --out classroom_units.csv
  decentsim run classroom --trials 1 --seed 7 --set world.units_file=classroom_units.csv   # the same run as without the file`

func worldCmd(stdout, stderr io.Writer, args []string) error {
	var seed uint64
	var trial int
	var out string
	var force bool
	var sets setFlags
	fl := newFlags("world", worldSynopsis, worldExample, stderr)
	fl.StringVar(&out, "out", "", "the units file to write (CSV); - writes to standard output")
	fl.Uint64Var(&seed, "seed", 0, "run seed (default: the scenario's meta.seed)")
	fl.IntVar(&trial, "trial", 0, "the trial whose units to write")
	fl.Var(&sets, "set", "override a parameter, `section.key=value` (repeatable)")
	fl.BoolVar(&force, "force", false, "overwrite the file if it exists")
	refs, err := parse(fl, args)
	if err != nil {
		return err
	}
	switch {
	case len(refs) > 1:
		return usagef("world takes one scenario, not %d", len(refs))
	case out == "":
		return usagef("world needs --out FILE (or --out - for standard output)")
	case trial < 0:
		return usagef("--trial must be at least 0, not %d", trial)
	}
	ref := ""
	if len(refs) == 1 {
		ref = refs[0]
	}
	given := false
	fl.Visit(func(f *flag.Flag) { given = given || f.Name == "seed" })
	sc, err := scenarios.Resolve(ref, sets)
	if err != nil {
		return err
	}
	if sc.Model != sim.ModelRural {
		return usagef("world: %s runs the %s model, which has no rural units", sc.Name, sc.Model)
	}
	if !given {
		seed = sc.Seed
	}
	specs := sc.Params.Units
	if len(specs) == 0 {
		specs = sim.GenerateUnits(&sc.Params, sim.TrialSeed(seed, trial))
	}
	if out == "-" {
		return scenarios.WriteUnits(stdout, specs)
	}
	return writeUnitsFile(out, specs, force)
}

// writeUnitsFile writes specs to path whole or not at all, refusing to
// replace a file unless force.
func writeUnitsFile(path string, specs []sim.UnitSpec, force bool) error {
	if _, err := os.Stat(path); err == nil && !force {
		return usagef("%s exists; give --force to overwrite it", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("world: %w", err)
	}
	f, err := output.Create(path)
	if err != nil {
		return fmt.Errorf("world: %w", err)
	}
	if err := scenarios.WriteUnits(f, specs); err != nil {
		f.Abort()
		return fmt.Errorf("world: %w", err)
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("world: %w", err)
	}
	return nil
}
