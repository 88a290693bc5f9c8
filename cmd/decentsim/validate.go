package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/validate"
	"github.com/decentsim/decentsim/experiment"
	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// The files validate-model reads and writes by default, in the
// repository: it is the maintainers' tool for docs/VALIDATION.md.
const (
	defaultTarget     = "docs/calibration/kz_reform_timeline.toml"
	defaultPosterior  = "docs/calibration/abc/posterior.csv"
	defaultValidation = "docs/VALIDATION.md"
	modulePath        = "github.com/decentsim/decentsim"
)

// validateOptions are validate-model's flags, after parsing.
type validateOptions struct {
	trials, theoryTrials, scaleTrials, peopleTrials, workers int
	seed                                                     uint64
	target, out, posterior                                   string
	quiet                                                    bool
}

func validateCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	o, err := validateFlags(args, stderr)
	if err != nil {
		return err
	}
	cfg, err := validateConfig(o)
	if err != nil {
		return err
	}
	if !o.quiet {
		start := time.Now()
		cfg.Progress = func(step string) {
			fmt.Fprintf(stderr, "validate-model: %s (%s)\n", step, time.Since(start).Round(time.Second))
		}
	}
	rep, err := validate.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if err := writeValidation(o.out, cfg.PeopleChart, rep); err != nil {
		return err
	}
	fmt.Fprintln(stdout, o.out)
	return nil
}

// validateFlags parses validate-model's flags and checks them, and the
// files it reads and writes, before anything runs.
func validateFlags(args []string, stderr io.Writer) (*validateOptions, error) {
	fs := newFlags("validate-model", "validate-model [--trials N] [--theory-trials N] [--seed S] [--workers W] [--target FILE] [--out FILE] [--quiet]",
		"  decentsim validate-model                      # regenerate docs/VALIDATION.md (from the repository's root only)\n  decentsim validate-model --trials 5 --target= --out /tmp/VALIDATION.md   # anywhere: no tuned statistics marked", stderr)
	o := &validateOptions{seed: 1}
	fs.IntVar(&o.trials, "trials", 20, "trials of kz_reform_timeline")
	fs.IntVar(&o.theoryTrials, "theory-trials", 12, "trials per arm of each theory experiment")
	fs.IntVar(&o.scaleTrials, "scale-trials", 6, "trials per scale of the scale table (0: no table)")
	fs.IntVar(&o.peopleTrials, "people-trials", 8, "trials of kz_reform_timeline for where people go and the Qantar replay (0: none)")
	fs.Var((*seedFlag)(&o.seed), "seed", "run seed, a whole `number` from 0 to 2^63-1")
	fs.IntVar(&o.workers, "workers", 0, "trials run at once (default: all cores)")
	fs.StringVar(&o.target, "target", defaultTarget, "calibration target file naming the tuned statistics (empty: none); the default is the repository's")
	fs.StringVar(&o.out, "out", defaultValidation, "report file to write, in a folder that exists; the default only in the repository's root")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing on stderr but errors")
	fs.StringVar(&o.posterior, "posterior", "", "the calibration's posterior.csv, summarised in the report (default: "+defaultPosterior+" when it exists)")
	pos, err := parse(fs, args)
	if err != nil {
		return nil, err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if err := checkValidationFiles(o.out, given["out"], o.target, given["target"]); err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		return nil, usagef("validate-model takes no arguments; it runs kz_reform_timeline and the theory experiments")
	}
	if !given["posterior"] && isRepositoryRoot() && !given["target"] {
		if _, err := os.Stat(defaultPosterior); err == nil {
			o.posterior = defaultPosterior
		}
	}
	if o.trials < 2 || o.theoryTrials < 2 {
		return nil, usagef("--trials and --theory-trials must be at least 2 (an interval needs two trials)")
	}
	if o.workers <= 0 {
		o.workers = runtime.GOMAXPROCS(0)
	}
	return o, nil
}

// validateConfig resolves the scenarios validate-model runs and reads
// its target and posterior files into the report's configuration.
func validateConfig(o *validateOptions) (validate.ReportConfig, error) {
	var cfg validate.ReportConfig
	timeline, err := scenarios.Resolve("kz_reform_timeline", nil)
	if err != nil {
		return cfg, err
	}
	resolved, err := scenarios.Encode(timeline)
	if err != nil {
		return cfg, err
	}
	sum := sha256.Sum256(resolved)
	// The theory experiments run the national default at 1:100, ten years.
	base, err := scenarios.Resolve(scenarios.Default, []string{"world.represent=100"})
	if err != nil {
		return cfg, err
	}
	besley, err := scenarios.Resolve("besley_two_period", nil)
	if err != nil {
		return cfg, err
	}
	baseline, reforms, err := reformScenarios()
	if err != nil {
		return cfg, err
	}
	scale, err := scaleSetups(o.scaleTrials, o.seed, o.workers)
	if err != nil {
		return cfg, err
	}
	var tgt *validate.Target
	if o.target != "" {
		if tgt, err = validate.ReadTarget(o.target); err != nil {
			return cfg, usagef("--target %s: %s", o.target, plain(err))
		}
	}
	var post *experiment.Posterior
	if o.posterior != "" {
		if post, err = experiment.ReadPosterior(o.posterior); err != nil {
			return cfg, usagef("--posterior %s: %s", o.posterior, plain(err))
		}
	}
	return validate.ReportConfig{
		Timeline: &timeline.Params, TimelineName: timeline.Name, TimelineMonths: timeline.Months,
		TimelineSHA: hex.EncodeToString(sum[:]), Trials: o.trials, Seed: o.seed,
		Theory:     validate.Setup{Base: base.Params, Months: base.Months, Trials: o.theoryTrials, Seed: o.seed, Workers: o.workers},
		TheoryName: "the national default (kz_direct_2021) at 1:100", Target: tgt,
		Posterior: post, PosteriorFile: o.posterior, GoldenHash: goldenHash(),
		Scale: scale, PeopleTrials: o.peopleTrials, PeopleChart: "img/population_shift.png",
		Workers: o.workers, Version: version(), Now: time.Now(),
		Besley: besley.Params, BesleyValues: []float64{0, 150000, 300000, 600000, 1000000, 1500000, 3000000}, BesleyTrials: o.theoryTrials,
		Baseline: baseline, Reforms: reforms, ReformMonths: base.Months, ReformTrials: o.theoryTrials,
		ReformScale: "the national world at 1:100",
	}, nil
}

// writeValidation writes the report to out and its charts beside it, in
// out's img folder (peopleChart is relative to out's folder).
func writeValidation(out, peopleChart string, rep *validate.Report) error {
	if err := os.MkdirAll(filepath.Join(filepath.Dir(out), "img"), 0o755); err != nil {
		return err
	}
	chart := filepath.Join(filepath.Dir(out), "img", validate.BesleyChart)
	if err := output.WriteFile(chart, func(w io.Writer) error { return validate.WriteBesleyChart(w, rep.Besley) }); err != nil {
		return err
	}
	if rep.People != nil {
		chart := filepath.Join(filepath.Dir(out), filepath.FromSlash(peopleChart))
		if err := output.WriteFile(chart, rep.People.Chart); err != nil {
			return err
		}
	}
	return output.WriteFile(out, func(w io.Writer) error { _, err := w.Write(rep.Markdown()); return err })
}

// checkValidationFiles checks, before anything runs, that validate-model
// can read its target and write its report. Its defaults are the
// repository's files: outside the repository's root it refuses to write
// docs/VALIDATION.md (into some other project's docs, or a folder it would
// have to make), and says how to name the files instead.
func checkValidationFiles(out string, outGiven bool, target string, targetGiven bool) error {
	const elsewhere = "validate-model rewrites the repository's %s, and this folder is not the root of a clone of %s; run it there (make validation), or name the files: --out FILE%s"
	if !outGiven && !isRepositoryRoot() {
		hint := ""
		if !targetGiven {
			hint = " and --target FILE (or --target= to mark no statistic as tuned)"
		}
		return usagef(elsewhere, defaultValidation, modulePath, hint)
	}
	if dir := filepath.Dir(out); !isFolder(dir) {
		return usagef("--out %s: there is no folder %s to write it in (hint: make the folder first, or choose another file)", out, dir)
	}
	if target != "" && !targetGiven {
		if _, err := os.Stat(target); err != nil {
			return usagef("the calibration target %s is not here: it is in the repository (hint: run from the repository's root, give --target FILE, or --target= to mark no statistic as tuned)", target)
		}
	}
	return nil
}

// isRepositoryRoot reports whether the current folder is the root of the
// decentsim repository: its go.mod names the module.
func isRepositoryRoot() bool {
	data, err := os.ReadFile("go.mod")
	if err != nil {
		return false
	}
	first, _, _ := strings.Cut(string(data), "\n")
	return strings.TrimSpace(first) == "module "+modulePath
}

// isFolder reports whether path is a folder.
func isFolder(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// scaleSetups are the scale table's worlds: the classroom district and
// the national default, each with the Qantar shock of month 13 so that
// unrest, protests and dismissals are not all zero; the classroom at 1:1,
// 1:2, 1:5 and 1:10 for 36 months, the nation at 1:5, 1:10, 1:50 and
// 1:100 (the calibration's scale) for 24 (shorter runs: 1:5 is 1.5
// million agents).
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
	}{{"classroom_qantar", 36, []int{1, 2, 5, 10}}, {"kz_qantar_shock", 24, []int{5, 10, 50, 100}}} {
		sc, err := scenarios.Resolve(w.name, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, validate.ScaleSetup{Name: w.name, Base: sc.Params, Months: w.months, Scales: w.scales,
			Trials: trials, Seed: seed, Workers: workers})
	}
	return out, nil
}

// ruralOnly refuses a scenario of another model than the rural one for
// commands that only know the rural model's metrics.
func ruralOnly(cmd string, s *scenarios.Scenario) error {
	if s.Model != "" && s.Model != sim.ModelRural {
		return usagef("%s works on the rural model; %s is a %s scenario (run it with 'decentsim run %s')", cmd, s.Name, s.Model, s.Name)
	}
	return nil
}

// reformScenarios resolves the reforms table's scenarios at 1:100: the
// baseline kz_appointed_pre2013 and every other embedded kz_* scenario but
// the timeline (which changes its rules as it runs).
func reformScenarios() (validate.Reform, []validate.Reform, error) {
	const baseline = "kz_appointed_pre2013"
	var base validate.Reform
	var out []validate.Reform
	for _, in := range scenarios.List() {
		if !strings.HasPrefix(in.Name, "kz_") || in.Name == "kz_reform_timeline" {
			continue
		}
		s, err := scenarios.Resolve(in.Name, []string{"world.represent=100"})
		if err != nil {
			return base, nil, err
		}
		r := validate.Reform{Name: s.Name, Params: s.Params}
		if s.Name == baseline {
			base = r
			continue
		}
		out = append(out, r)
	}
	return base, out, nil
}

// goldenHash is the golden hash of the model (validate.GoldenHash) when
// run from the repository's root, else "unknown".
func goldenHash() string {
	if !isRepositoryRoot() {
		return "unknown"
	}
	h, err := validate.GoldenHash(".")
	if err != nil {
		return "unknown"
	}
	return h
}
