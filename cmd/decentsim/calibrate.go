package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/validate"
	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// calibrateCmd is decentsim calibrate: it fits a target file's free
// parameters to its observed patterns, by Nelder-Mead (a point) or ABC
// (a posterior).
func calibrateCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("calibrate", "calibrate SCENARIO --target FILE [--method nm|abc] [--set section.key=value ...] [--workers W] [--out DIR] [--force] [--quiet]",
		"  decentsim calibrate kz_reform_timeline --target docs/calibration/kz_reform_timeline.toml\n  decentsim calibrate kz_reform_timeline --target docs/calibration/kz_reform_timeline.toml --set world.represent=200   # faster, coarser", stderr)
	target := fs.String("target", "", "calibration target file (free parameters and target statistics)")
	method := fs.String("method", "nm", "nm: a point fit by Nelder-Mead; abc: a posterior by approximate Bayesian computation (rejection, then sequential Monte Carlo), written to posterior.csv")
	var sets setFlags
	fs.Var(&sets, "set", "override a parameter of the scenario before calibrating, `section.key=value` (repeatable)")
	workers := fs.Int("workers", 0, "trials run at once (default: all cores)")
	out := fs.String("out", "", "output folder (default: out/NAME_calibration)")
	force := fs.Bool("force", false, "overwrite the output folder's files if it is not empty")
	quiet := fs.Bool("quiet", false, "print nothing on stderr but errors")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *target == "" {
		return usagef("calibrate takes one scenario and --target FILE")
	}
	if *method != "nm" && *method != "abc" {
		return usagef("--method %q: the methods are nm (Nelder-Mead point fit) and abc (posterior)", *method)
	}
	if *workers <= 0 {
		*workers = runtime.GOMAXPROCS(0)
	}
	s, err := scenarios.Resolve(pos[0], sets)
	if err != nil {
		return err
	}
	if err := ruralOnly("calibrate", s); err != nil {
		return err
	}
	tgt, err := validate.ReadTarget(*target)
	if err != nil {
		return usagef("--target %s: %s (hint: docs/calibration/kz_reform_timeline.toml is an example target file)", *target, plain(err))
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("out", s.Name+"_calibration")
	}
	if err := prepare(dir, *force, output.Prepare); err != nil {
		return err
	}
	prov := provenance(ctx, "calibrate", *workers)
	if *method == "abc" {
		return calibrateABC(ctx, stdout, stderr, s, tgt, *target, dir, sets, prov, *workers, *quiet)
	}
	var progress func(int, float64)
	if !*quiet && isTerminal(stderr) {
		progress = func(n int, best float64) {
			fmt.Fprintf(stderr, "\rcalibrate: %d/%d evaluations, best distance %.4g ", n, tgt.MaxEvaluations, best)
		}
	}
	fit, err := validate.Calibrate(ctx, &s.Params, s.Months, tgt, *workers, progress)
	if progress != nil {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	best := *s
	best.Name = s.Name + "_calibrated"
	best.Description = "calibrated from " + s.Name + " with " + filepath.Base(*target)
	for i, f := range tgt.Free {
		if err := best.Params.Set(f.Key, sim.Float(fit.Best[i])); err != nil {
			return err
		}
	}
	scen, err := scenarios.Encode(&best)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"calibrated.toml": scen,
		"fit.md":          []byte("# Calibration of " + s.Name + "\n\n" + fit.FitTable()),
		"trace.csv":       traceCSV(tgt, fit),
	}
	for name, data := range files {
		if err := output.WriteFile(filepath.Join(dir, name), func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return err
		}
	}
	if err := writeCalibrationManifest(dir, prov.About(best.Name, scen, tgt.Seed, tgt.Trials, s.Months), "calibrated.toml", "fit.md", "trace.csv"); err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprint(stderr, fit.FitTable())
	}
	fmt.Fprintln(stdout, dir)
	return nil
}

// calibrateABC is calibrate --method abc: the posterior of the target's
// free parameters, written to dir as posterior.csv (particles and
// weights), abc.md (the generations and each parameter's interval) and
// the manifest.
func calibrateABC(ctx context.Context, stdout, stderr io.Writer, s *scenarios.Scenario, tgt *validate.Target, target, dir string, sets []string, prov output.Provenance, workers int, quiet bool) error {
	var progress func(gen, done, total int)
	if !quiet && isTerminal(stderr) {
		progress = func(gen, done, total int) {
			fmt.Fprintf(stderr, "\rcalibrate: generation %d, %d/%d proposals ", gen, done, total)
		}
	}
	res, err := validate.CalibrateABC(ctx, &s.Params, s.Months, tgt, workers, progress)
	if progress != nil {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	scen, err := scenarios.Encode(s)
	if err != nil {
		return err
	}
	report := "# ABC calibration of " + s.Name + "\n\nMade by `decentsim calibrate --method abc` (also `make calibration`) with decentsim " + prov.Version +
		"; do not edit by hand. Target file: `" + filepath.ToSlash(target) + "`" + setsNote(sets) + ".\n\n" +
		validate.GoldenPrefix + "`" + goldenHash() + "` (SHA-256 of " + validate.GoldenFile + "). A test fails when the model's golden results change and this calibration is not rerun.\n\n" + res.Table()
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"posterior.csv", res.Posterior.WriteCSV},
		{"abc.md", func(w io.Writer) error { _, err := io.WriteString(w, report); return err }},
	}
	for _, f := range files {
		if err := output.WriteFile(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	if err := writeCalibrationManifest(dir, prov.About(s.Name, scen, tgt.Seed, tgt.Trials, s.Months), "posterior.csv", "abc.md"); err != nil {
		return err
	}
	if !quiet {
		fmt.Fprint(stderr, res.Table())
	}
	fmt.Fprintln(stdout, dir)
	return nil
}

// writeCalibrationManifest writes dir's manifest of a finished
// calibration, made as prov says, that wrote files.
func writeCalibrationManifest(dir string, prov output.Provenance, files ...string) error {
	m := &output.Manifest{Provenance: prov, Files: files}
	m.TrialsDone = prov.Trials
	m.Complete(output.StatusOK, time.Now(), nil)
	return output.WriteManifest(filepath.Join(dir, output.ManifestFile), m)
}

// traceCSV is trace.csv of a Nelder-Mead fit: every evaluation's
// values of the free parameters and its distance.
func traceCSV(t *validate.Target, f *validate.Fit) []byte {
	var b strings.Builder
	b.WriteString("evaluation")
	for _, fr := range t.Free {
		b.WriteString("," + fr.Key)
	}
	b.WriteString(",distance\n")
	for i, e := range f.Evaluations {
		b.WriteString(strconv.Itoa(i + 1))
		for _, v := range e.Values {
			b.WriteString("," + strconv.FormatFloat(v, 'g', -1, 64))
		}
		b.WriteString("," + strconv.FormatFloat(e.Distance, 'g', -1, 64) + "\n")
	}
	return []byte(b.String())
}

// setsNote says which --set overrides a calibration ran with.
func setsNote(sets []string) string {
	if len(sets) == 0 {
		return ""
	}
	return ", with `--set " + strings.Join(sets, " --set ") + "`"
}
