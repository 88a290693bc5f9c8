package output

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

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

// Manifest is manifest.json: how a run was made and how it ended. Times
// are written in RFC 3339 in UTC.
type Manifest struct {
	Program         string    `json:"program"`          // the program's name, "decentsim"
	Version         string    `json:"version"`          // the program's version
	GoVersion       string    `json:"go_version"`       // the Go release it was built with
	Command         string    `json:"command"`          // the subcommand, such as "run"
	Scenario        string    `json:"scenario"`         // the scenario's name
	ScenarioSHA256  string    `json:"scenario_sha256"`  // hex SHA-256 of scenario.toml
	Seed            uint64    `json:"seed"`             // the run seed
	Trials          int       `json:"trials"`           // trials requested
	TrialsDone      int       `json:"trials_done"`      // trials in the data files
	Workers         int       `json:"workers"`          // trials run at once
	Months          int       `json:"months"`           // months per trial
	Start           time.Time `json:"start"`            // when the run started
	End             time.Time `json:"end"`              // when it ended
	DurationSeconds float64   `json:"duration_seconds"` // End - Start
	Status          Status    `json:"status"`           // how it ended
	ExitStatus      int       `json:"exit_status"`      // the process exit status
	Error           string    `json:"error,omitempty"`  // why it failed or stopped, if it did
	Files           []string  `json:"files"`            // files written besides the manifest, relative, with slashes
	Shard           *Shard    `json:"shard,omitempty"`  // the part of a larger run, if any
	Merged          *Merged   `json:"merged,omitempty"` // the shards merged into this folder, if any
}

// Shard says which part of a larger run an output folder holds, for runs
// split across machines and merged later.
type Shard struct {
	Index      int `json:"index"`       // this shard, 0-based
	Count      int `json:"count"`       // shards in the whole run
	FirstTrial int `json:"first_trial"` // the first trial index in this shard
	Trials     int `json:"trials"`      // trials in this shard
}

// Merged records how a folder written by Merge was made: the shards
// merged and the trials missing from them.
type Merged struct {
	Shards  []MergedShard `json:"shards"`            // the shards merged, in trial order
	Missing []TrialRange  `json:"missing,omitempty"` // trials in no shard's data, with --allow-partial
}

// MergedShard is one shard merged: its folder as given and its identity.
type MergedShard struct {
	Dir string `json:"dir"`
	Shard
	TrialsDone int    `json:"trials_done"` // trials in its data files
	Status     Status `json:"status"`      // how its run ended
}

// TrialRange is Count trials from First.
type TrialRange struct {
	First int `json:"first"`
	Count int `json:"count"`
}

// String returns r as "A–B", or "A" for one trial.
func (r TrialRange) String() string { return trialRange(r.First, r.Count) }

// WriteManifest writes m to path atomically as indented JSON, with its
// times in UTC.
func WriteManifest(path string, m *Manifest) error {
	c := *m
	c.Start, c.End = c.Start.UTC(), c.End.UTC()
	if c.Files == nil {
		c.Files = []string{}
	}
	return WriteFile(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(&c)
	})
}

// ReadManifest reads the manifest at path.
func ReadManifest(path string) (*Manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	m := new(Manifest)
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("output: read %s: %w", path, err)
	}
	return m, nil
}
