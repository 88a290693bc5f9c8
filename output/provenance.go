package output

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"runtime"
	"strings"
	"time"
)

// Provenance says how an output folder was made and how its making ended:
// the head of every manifest.json, the same record for a run, a
// comparison, a sweep, a sensitivity analysis, a merge and each of their
// shards. Times are written in RFC 3339 in UTC.
//
// A command fills Program, Version, Command, CommandLine, Workers and
// Start, and gives the record to a writer in its configuration; the
// writer fills the rest from what it writes (About: the scenario, seed,
// trials and months it was given; the files' hashes) and from how Finish
// is called (TrialsDone, and Complete: end, status, error).
type Provenance struct {
	Program     string   `json:"program"`                // the program's name, "decentsim"
	Version     string   `json:"version"`                // the program's version
	GoVersion   string   `json:"go_version"`             // the Go release it was built with
	Command     string   `json:"command"`                // the subcommand, such as "run"
	CommandLine []string `json:"command_line,omitempty"` // the whole command line, program first, as given (none for the classroom server's runs)
	// Overrides are the parameter overrides given on the command line
	// (each --set's section.key=value, in order): what makes the run
	// differ from the scenario file it names.
	Overrides       []string  `json:"overrides,omitempty"`
	Scenario        string    `json:"scenario"`         // the scenario's name (a comparison's reference)
	ScenarioSHA256  string    `json:"scenario_sha256"`  // hex SHA-256 of the resolved scenario
	Seed            uint64    `json:"seed"`             // the run seed
	Trials          int       `json:"trials"`           // trials asked (per scenario or point)
	TrialsDone      int       `json:"trials_done"`      // trials in the data files (every scenario or point has as many)
	Workers         int       `json:"workers"`          // trials run at once
	Months          int       `json:"months"`           // months per trial
	Start           time.Time `json:"start"`            // when the command started
	End             time.Time `json:"end"`              // when it ended
	DurationSeconds float64   `json:"duration_seconds"` // End - Start
	Status          Status    `json:"status"`           // how it ended
	ExitStatus      int       `json:"exit_status"`      // the process exit status
	Error           string    `json:"error,omitempty"`  // why it failed or stopped, if it did
	// Posterior and PosteriorSHA256 name the posterior.csv each trial's
	// parameters were drawn from (--posterior), if any.
	Posterior       string `json:"posterior,omitempty"`
	PosteriorSHA256 string `json:"posterior_sha256,omitempty"`
	// FileSHA256 is the hex SHA-256 of every file written besides the
	// manifest (the manifest's files), by name: what Merge checks a
	// shard's data against.
	FileSHA256 map[string]string `json:"file_sha256,omitempty"`
}

// About returns p for a command on scenario, whose resolved TOML is toml,
// run with seed, trials per scenario or point, and months.
func (p Provenance) About(scenario string, toml []byte, seed uint64, trials, months int) Provenance {
	p.Scenario, p.ScenarioSHA256 = scenario, sha256Hex(toml)
	p.Seed, p.Trials, p.Months = seed, trials, months
	return p
}

// Complete completes p for a folder whose making ended with status at
// end; cause, if not nil, is why it stopped. It also records the Go
// release.
func (p *Provenance) Complete(status Status, end time.Time, cause error) {
	p.GoVersion = runtime.Version()
	p.End = end
	p.DurationSeconds = end.Sub(p.Start).Seconds()
	p.Status, p.ExitStatus = status, status.ExitCode()
	if cause != nil {
		p.Error = cause.Error()
	}
}

// overridesNote returns the line naming p's overrides on charts and in
// reports, "" without any.
func (p *Provenance) overridesNote() string {
	if len(p.Overrides) == 0 {
		return ""
	}
	return "with --set " + strings.Join(p.Overrides, ", --set ")
}

// sha256Hex returns the hex SHA-256 of b.
func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Status says how a run ended.
type Status string

// The ways a run ends.
const (
	StatusOK          Status = "ok"          // every trial finished and every file was written
	StatusInterrupted Status = "interrupted" // stopped by a signal (Ctrl-C, SIGTERM)
	StatusFailed      Status = "failed"      // stopped by an error
	// StatusPartial is a merge of an incomplete set of shards, asked for
	// with --allow-partial: every file was written, but trials are
	// missing (the manifest's merged.missing lists them). Exit status 0.
	StatusPartial Status = "partial"
)

// StatusOf returns the status of a run that ended with err: StatusOK for
// nil, StatusInterrupted for a cancelled context (as sim.Run returns when
// a signal cancels its context), StatusFailed otherwise.
func StatusOf(err error) Status {
	switch {
	case err == nil:
		return StatusOK
	case errors.Is(err, context.Canceled):
		return StatusInterrupted
	}
	return StatusFailed
}

// ExitCode returns the process exit status for s: 0 for ok and partial,
// 130 (128 + SIGINT, as shells report) for interrupted, 1 for failed.
func (s Status) ExitCode() int {
	switch s {
	case StatusOK, StatusPartial:
		return 0
	case StatusInterrupted:
		return 130
	}
	return 1
}
