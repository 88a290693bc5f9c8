package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// SweepFile is the name of a sweep's statistics per point and metric. A
// sweep's folder also holds TrialsFile (each run's final-year means),
// ScenarioFile (the base scenario), ManifestFile and charts.
const SweepFile = "sweep.csv"

// The designs of a sweep.
const (
	DesignGrid = "grid" // every combination of the keys' values (full factorial)
	DesignLHS  = "lhs"  // a Latin hypercube sample of the keys' ranges
)

// SweepKey is one parameter a sweep varies.
type SweepKey struct {
	// Name is the parameter's key, "section.key"; it is the column's name
	// in sweep.csv and trials.csv.
	Name string
	// Spec is the values as the user gave them: "0.1,0.5,0.9" or
	// "0:1:5" (grid) or "0:1" (a range sampled by a Latin hypercube).
	Spec string
	// Levels are the key's values in order, as written, when it takes a
	// list of values (every key of a grid; a list in a hypercube); nil for
	// a sampled range.
	Levels []string
	// Numeric says the values are numbers, so charts put them on a
	// numeric axis; otherwise they are words, placed in Levels order.
	Numeric bool
}

// SweepPoint is one point of a sweep: a value of every key.
type SweepPoint struct {
	// Values are the keys' values as written in the CSV files and given
	// to Params.Set, one per key.
	Values []string
	// X are the values as numbers for charts: the number itself for a
	// numeric key, the index in Levels for a word.
	X []float64
	// Level is the index of each value in its key's Levels, or -1 for a
	// value sampled from a range.
	Level []int
}

// SweepConfig describes a sweep whose output a Sweep writes. Dir,
// Scenario, Keys, Points and Months are required.
type SweepConfig struct {
	// Dir is the output folder, made ready by PrepareSweep.
	Dir string `json:"-"`
	// Scenario is the base scenario's name, written in every row.
	Scenario string
	// ScenarioTOML is the resolved base scenario, before the varied keys
	// are set: written to scenario.toml.
	ScenarioTOML []byte
	// Design is DesignGrid or DesignLHS.
	Design string
	// Keys are the varied parameters, in the order given.
	Keys []SweepKey
	// Points are the points, numbered from 0 in this order. A grid's
	// points are ordered with the first key varying slowest.
	Points []SweepPoint
	// Seed is the run seed: trial k of every point uses it and index k.
	Seed uint64
	// Trials is the number of trials per point.
	Trials int
	// Months is the number of months of every trial.
	Months int
	// NoCharts skips the charts.
	NoCharts bool `json:"-"`

	// Program, Version, Command, Workers and Start are recorded in the
	// manifest; Finish's end minus Start is its duration.
	Program string    `json:"-"`
	Version string    `json:"-"`
	Command string    `json:"-"`
	Workers int       `json:"-"`
	Start   time.Time `json:"-"`
	// Shard, for a shard folder, is the block of runs it holds; the
	// folder then also gets ShardDesignFile, for Merge.
	Shard *BatchShard `json:"-"`
	// Merged, for a folder written by Merge, records the shards merged.
	Merged *BatchMerged `json:"-"`
}

// SweepManifest is a sweep's manifest.json: the fields of Manifest
// (Trials is per point; TrialsDone the number of trials every point
// finished) and the design.
type SweepManifest struct {
	Manifest
	Design   string         `json:"design"`           // "grid" or "lhs"
	Vary     []ManifestVary `json:"vary"`             // the varied keys, in order
	Points   int            `json:"points"`           // points in the design
	Runs     int            `json:"runs"`             // points × trials
	RunsDone int            `json:"runs_done"`        // runs in trials.csv
	Shard    *BatchShard    `json:"shard,omitempty"`  // the runs a shard folder holds
	Merged   *BatchMerged   `json:"merged,omitempty"` // the shards merged into this folder
}

// ManifestVary is one varied key of a sweep's manifest.
type ManifestVary struct {
	Key    string   `json:"key"`              // "section.key"
	Values string   `json:"values"`           // as given to --vary
	Levels []string `json:"levels,omitempty"` // the values, when a list
}

// PrepareSweep is Prepare for a sweep's folder: with force it also
// removes the files an earlier sweep or comparison wrote there (those its
// manifest lists).
func PrepareSweep(dir string, force bool) error {
	return prepareListed(dir, force, []string{SweepFile, TrialsFile, ShardDesignFile})
}

// A Sweep writes a sweep's output as its runs arrive: trials.csv streams
// one row per run (point and trial); Finish writes sweep.csv, the charts,
// scenario.toml and manifest.json. What a Sweep keeps per point is a
// running mean and sum of squares per metric (Welford's algorithm), so
// memory does not depend on the number of trials and grows with the
// number of points only by those few numbers. A Sweep is not safe for
// concurrent use.
type Sweep struct {
	cfg SweepConfig
	*pointRuns
}

// NewSweep starts writing a sweep's output into cfg.Dir, which
// PrepareSweep made ready.
func NewSweep(cfg SweepConfig) (*Sweep, error) {
	switch {
	case cfg.Dir == "":
		return nil, errors.New("output: no output folder")
	case cfg.Scenario == "":
		return nil, errors.New("output: no scenario name")
	case len(cfg.Keys) == 0:
		return nil, errors.New("output: a sweep varies no key")
	case len(cfg.Points) == 0:
		return nil, errors.New("output: a sweep has no point")
	case cfg.Months < 1:
		return nil, fmt.Errorf("output: months must be at least 1, not %d", cfg.Months)
	}
	for i, p := range cfg.Points {
		if len(p.Values) != len(cfg.Keys) || len(p.X) != len(cfg.Keys) || len(p.Level) != len(cfg.Keys) {
			return nil, fmt.Errorf("output: point %d has %d values; want one per key (%d)", i, len(p.Values), len(cfg.Keys))
		}
	}
	s := &Sweep{cfg: cfg}
	points := make([][]string, len(cfg.Points))
	for i, p := range cfg.Points {
		points[i] = p.Values
	}
	var err error
	s.pointRuns, err = newPointRuns(cfg.Dir, cfg.Scenario, s.keyColumns(), points, true)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// keyColumns returns ",key1,key2...": the varied keys' CSV columns.
func (s *Sweep) keyColumns() string {
	var b []byte
	for _, k := range s.cfg.Keys {
		b = append(b, ',')
		b = append(b, csvField(k.Name)...)
	}
	return string(b)
}

// Add records one run: trial number trial (whose own seed is seed) of
// point, with fy its final-year means (FinalYear). It writes the run's
// row of trials.csv and adds it to the point's statistics. Runs may come
// in any order, but the statistics and trials.csv follow the order they
// come in, so for identical output give them in a fixed order.
func (s *Sweep) Add(point, trial int, seed uint64, fy *sim.Record) error {
	return s.add(point, trial, seed, fy)
}

// Abort removes the temporary trials.csv and writes nothing. Abort after
// Finish does nothing.
func (s *Sweep) Abort() error { return s.abort() }

// Finish completes the sweep's output after it ended with status at end;
// cause, if not nil, is why it stopped. It renames trials.csv into place
// and writes scenario.toml, sweep.csv (over the runs added: after an
// interruption, the points' first trials) and the charts, then
// manifest.json. If writing any file fails, the manifest (if it can
// still be written) says "failed" and Finish returns the error.
func (s *Sweep) Finish(status Status, end time.Time, cause error) error {
	if s.closed {
		return errors.New("output: finish called twice")
	}
	s.closed = true
	var files []string
	var errs []error
	failed, write := finishing(s.cfg.Dir, &files, &errs, &status, &cause)
	write(ScenarioFile, func(w io.Writer) error {
		_, err := w.Write(s.cfg.ScenarioTOML)
		return err
	})
	if s.cfg.Shard != nil {
		write(ShardDesignFile, func(w io.Writer) error { return writeDesign(w, shardDesign{Sweep: &s.cfg}) })
	}
	data := s.err == nil
	if s.err != nil {
		failed(s.err)
	} else if err := s.trials.Commit(); err != nil {
		failed(err)
		data = false
	} else {
		files = append(files, TrialsFile)
	}
	if data {
		stats := s.stats()
		write(SweepFile, func(w io.Writer) error { return s.writeCSV(w, stats) })
		if s.runs > 0 && !s.cfg.NoCharts {
			charts, err := writeSweepCharts(s.cfg.Dir, &s.cfg, stats, s.done)
			files = append(files, charts...)
			if err != nil {
				failed(err)
			}
		}
	}
	slices.Sort(files)

	h := sha256.Sum256(s.cfg.ScenarioTOML)
	m := &SweepManifest{
		Manifest: Manifest{
			Program:         s.cfg.Program,
			Version:         s.cfg.Version,
			GoVersion:       runtime.Version(),
			Command:         s.cfg.Command,
			Scenario:        s.cfg.Scenario,
			ScenarioSHA256:  hex.EncodeToString(h[:]),
			Seed:            s.cfg.Seed,
			Trials:          s.cfg.Trials,
			TrialsDone:      slices.Min(s.done),
			Workers:         s.cfg.Workers,
			Months:          s.cfg.Months,
			Start:           s.cfg.Start,
			End:             end,
			DurationSeconds: end.Sub(s.cfg.Start).Seconds(),
			Status:          status,
			ExitStatus:      status.ExitCode(),
			Files:           files,
		},
		Design:   s.cfg.Design,
		Points:   len(s.cfg.Points),
		Runs:     len(s.cfg.Points) * s.cfg.Trials,
		RunsDone: s.runs,
		Shard:    s.cfg.Shard,
		Merged:   s.cfg.Merged,
	}
	for _, k := range s.cfg.Keys {
		m.Vary = append(m.Vary, ManifestVary{Key: k.Name, Values: k.Spec, Levels: k.Levels})
	}
	if cause != nil {
		m.Error = cause.Error()
	}
	if err := writeJSONManifest(filepath.Join(s.cfg.Dir, ManifestFile), &m.Manifest, m); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// ReadSweepManifest reads a sweep's manifest at path.
func ReadSweepManifest(path string) (*SweepManifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	m := new(SweepManifest)
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("output: read %s: %w", path, err)
	}
	return m, nil
}

// stats returns each point's statistics per metric.
func (s *Sweep) stats() [][sim.NumMetrics]stats.Summary {
	out := make([][sim.NumMetrics]stats.Summary, len(s.acc))
	for p := range s.acc {
		for m := range s.acc[p] {
			out[p][m] = s.acc[p][m].Summary()
		}
	}
	return out
}

// sweepColumns are sweep.csv's columns after the varied keys.
const sweepColumns = ",metric,trials,seed,mean,sd,ci95_low,ci95_high\n"

// writeCSV writes sweep.csv: for each point in order, one row per metric
// in sim.Metrics order, with the point's values of the varied keys, the
// number of trials (of values: NaN values are skipped), the run seed,
// and the mean, sd and 95% t interval across trials of the trials'
// final-year means.
func (s *Sweep) writeCSV(w io.Writer, stats [][sim.NumMetrics]stats.Summary) error {
	if _, err := io.WriteString(w, "scenario,point"+s.keyColumns()+sweepColumns); err != nil {
		return err
	}
	var b []byte
	for p := range stats {
		for m := range stats[p] {
			st := &stats[p][m]
			b = append(b[:0], s.prefix[p]...)
			for _, f := range s.fields[p] {
				b = append(b, ',')
				b = append(b, f...)
			}
			b = append(b, ',')
			b = append(b, sim.Metrics[m].Name...)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(st.N), 10)
			b = append(b, ',')
			b = strconv.AppendUint(b, s.cfg.Seed, 10)
			for _, v := range [...]float64{st.Mean, st.SD, st.CILow, st.CIHigh} {
				b = append(b, ',')
				b = appendFloat(b, v)
			}
			b = append(b, '\n')
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
	}
	return nil
}
