package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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

const defaultTarget = "docs/calibration/kz_reform_timeline.toml"

func validateCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("validate-model", "validate-model [--trials N] [--theory-trials N] [--seed S] [--workers W] [--target FILE] [--out FILE] [--quiet]",
		"  decentsim validate-model                      # regenerate docs/VALIDATION.md (from the repository root)\n  decentsim validate-model --trials 5 --out /tmp/VALIDATION.md", stderr)
	trials := fs.Int("trials", 20, "trials of kz_reform_timeline")
	theoryTrials := fs.Int("theory-trials", 12, "trials per arm of each theory experiment")
	scaleTrials := fs.Int("scale-trials", 6, "trials per scale of the scale table (0: no table)")
	peopleTrials := fs.Int("people-trials", 8, "trials of kz_reform_timeline for where people go and the Qantar replay (0: none)")
	seed := fs.Uint64("seed", 1, "run seed")
	workers := fs.Int("workers", 0, "trials run at once (default: all cores)")
	target := fs.String("target", defaultTarget, "calibration target file naming the tuned statistics (empty: none)")
	out := fs.String("out", "docs/VALIDATION.md", "report file to write")
	quiet := fs.Bool("quiet", false, "print nothing on stderr but errors")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("validate-model takes no arguments; it runs kz_reform_timeline and the theory experiments")
	}
	if *trials < 2 || *theoryTrials < 2 {
		return usagef("--trials and --theory-trials must be at least 2 (an interval needs two trials)")
	}
	if *workers <= 0 {
		*workers = runtime.GOMAXPROCS(0)
	}
	timeline, err := scenarios.Resolve("kz_reform_timeline", nil)
	if err != nil {
		return err
	}
	resolved, err := scenarios.Encode(timeline)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(resolved)
	// The theory experiments run the national default at 1:100, ten years.
	base, err := scenarios.Resolve(scenarios.Default, []string{"world.represent=100"})
	if err != nil {
		return err
	}
	scale, err := scaleSetups(*scaleTrials, *seed, *workers)
	if err != nil {
		return err
	}
	var tgt *validate.Target
	if *target != "" {
		if tgt, err = validate.ReadTarget(*target); err != nil {
			return usageError{err}
		}
	}
	cfg := validate.ReportConfig{
		Timeline: &timeline.Params, TimelineName: timeline.Name, TimelineMonths: timeline.Months,
		TimelineSHA: hex.EncodeToString(sum[:]), Trials: *trials, Seed: *seed,
		Theory:     validate.Setup{Base: base.Params, Months: base.Months, Trials: *theoryTrials, Seed: *seed, Workers: *workers},
		TheoryName: "the national default (kz_direct_2021) at 1:100", Target: tgt,
		Scale: scale, PeopleTrials: *peopleTrials, PeopleChart: "img/population_shift.png",
		Workers: *workers, Version: version(), Now: time.Now(),
	}
	if !*quiet {
		start := time.Now()
		cfg.Progress = func(step string) {
			fmt.Fprintf(stderr, "validate-model: %s (%s)\n", step, time.Since(start).Round(time.Second))
		}
	}
	rep, err := validate.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if rep.People != nil {
		chart := filepath.Join(filepath.Dir(*out), filepath.FromSlash(cfg.PeopleChart))
		if err := output.WriteFile(chart, rep.People.Chart); err != nil {
			return err
		}
	}
	if err := output.WriteFile(*out, func(w io.Writer) error { _, err := w.Write(rep.Markdown()); return err }); err != nil {
		return err
	}
	fmt.Fprintln(stdout, *out)
	return nil
}

// scaleSetups are the scale table's worlds: the classroom district and
// the national default, each with the Qantar shock of month 13 so that
// unrest, protests and dismissals are not all zero; the classroom at 1:1,
// 1:2, 1:5 and 1:10 for 36 months, the nation at 1:5, 1:10 and 1:50 for
// 24 (shorter runs: 1:5 is 1.5 million agents).
func scaleSetups(trials int, seed uint64, workers int) ([]validate.ScaleSetup, error) {
	if trials == 0 {
		return nil, nil
	}
	if trials < 2 {
		return nil, usagef("--scale-trials must be 0 or at least 2")
	}
	var out []validate.ScaleSetup
	for _, w := range []struct {
		name   string
		months int
		scales []int
	}{{"classroom_qantar", 36, []int{1, 2, 5, 10}}, {"kz_qantar_shock", 24, []int{5, 10, 50}}} {
		sc, err := scenarios.Resolve(w.name, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, validate.ScaleSetup{Name: w.name, Base: sc.Params, Months: w.months, Scales: w.scales,
			Trials: trials, Seed: seed, Workers: workers})
	}
	return out, nil
}

func calibrateCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("calibrate", "calibrate SCENARIO --target FILE [--set section.key=value ...] [--workers W] [--out DIR] [--force] [--quiet]",
		"  decentsim calibrate kz_reform_timeline --target docs/calibration/kz_reform_timeline.toml\n  decentsim calibrate kz_reform_timeline --target docs/calibration/kz_reform_timeline.toml --set world.represent=200   # faster, coarser", stderr)
	target := fs.String("target", "", "calibration target file (free parameters and target statistics)")
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
	start := time.Now()
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
		if err := best.Params.Set(f.Key, fit.Best[i]); err != nil {
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
	sum := sha256.Sum256(scen)
	m := &output.Manifest{Program: "decentsim", Version: version(), Command: "calibrate", Scenario: best.Name,
		ScenarioSHA256: hex.EncodeToString(sum[:]), Seed: tgt.Seed, Trials: tgt.Trials, TrialsDone: tgt.Trials,
		Workers: *workers, Months: s.Months, Start: start.UTC(), End: time.Now().UTC(),
		DurationSeconds: time.Since(start).Seconds(), Status: output.StatusOK,
		GoVersion: runtime.Version(), Files: []string{"calibrated.toml", "fit.md", "trace.csv"}}
	if err := output.WriteManifest(filepath.Join(dir, output.ManifestFile), m); err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprint(stderr, fit.FitTable())
	}
	fmt.Fprintln(stdout, dir)
	return nil
}

// ruralOnly refuses a scenario of another model than the rural one for
// commands that only know the rural model's metrics.
func ruralOnly(cmd string, s *scenarios.Scenario) error {
	if s.Model != "" && s.Model != sim.ModelRural {
		return usagef("%s works on the rural model; %s is a %s scenario (run it with 'decentsim run %s')", cmd, s.Name, s.Model, s.Name)
	}
	return nil
}

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
