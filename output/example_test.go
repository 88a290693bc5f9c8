package output_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/sim"
)

// Example shows how a command drives a run's output: Prepare the folder,
// start a Run, pass its Add to sim.Run as the emit function, and Finish
// with how the run ended. The clock is the caller's: here, fixed times.
func Example() {
	dir, err := os.MkdirTemp("", "decentsim-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	dir = filepath.Join(dir, "default")

	const trials, months = 2, 12
	params := sim.Default()
	start := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

	if err := output.Prepare(dir, false); err != nil {
		log.Fatal(err) // a *NotEmptyError is a usage error: exit status 2
	}
	run, err := output.NewRun(output.Config{
		Dir: dir, Scenario: "default", ScenarioTOML: []byte("name = \"default\"\n"),
		Seed: 1, Trials: trials, Months: months,
		Provenance: output.Provenance{
			Program: "decentsim", Version: "dev", Command: "run",
			CommandLine: []string{"decentsim", "run", "default"}, Workers: 2, Start: start,
		},
		NoCharts: true, // charts take a moment to draw; a command leaves this false
	})
	if err != nil {
		log.Fatal(err)
	}
	cfg := sim.RunConfig{Months: months, Seed: 1, Trials: sim.TrialList(trials), Workers: 2}
	runErr := sim.Run(context.Background(), &params, cfg, run.Add)
	status := output.StatusOf(runErr) // interrupted if a signal cancelled the context
	if err := run.Finish(status, start.Add(time.Minute), runErr); err != nil {
		log.Fatal(err)
	}

	m, err := output.ReadManifest(filepath.Join(dir, output.ManifestFile))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Status, m.ExitStatus, m.TrialsDone, m.DurationSeconds)
	fmt.Println(m.Files)
	// Output:
	// ok 0 2 60
	// [elections.csv events.csv scenario.toml series.csv summary.csv summary.md]
}
