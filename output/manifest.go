package output

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// Manifest is a run's manifest.json: its Provenance, the files written,
// and, for a shard or a merge, the part of the run it holds or the shards
// merged.
type Manifest struct {
	Provenance
	Files  []string `json:"files"`            // files written besides the manifest, relative, with slashes
	Shard  *Shard   `json:"shard,omitempty"`  // the part of a larger run, if any
	Merged *Merged  `json:"merged,omitempty"` // the shards merged into this folder, if any
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
	return writeManifest(path, &c.Provenance, &c.Files, &c)
}

// writeManifest writes m, a manifest holding p and files, to path
// atomically as indented JSON, with p's times in UTC and files, if nil,
// as an empty list.
func writeManifest(path string, p *Provenance, files *[]string, m any) error {
	p.Start, p.End = p.Start.UTC(), p.End.UTC()
	if *files == nil {
		*files = []string{}
	}
	return WriteFile(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
}

// ReadManifest reads the manifest at path: a run's, or the fields common
// to every command's.
func ReadManifest(path string) (*Manifest, error) { return readManifest[Manifest](path) }

// readManifest reads the manifest at path as a T.
func readManifest[T any](path string) (*T, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	m := new(T)
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("output: read %s: %w", path, err)
	}
	return m, nil
}
