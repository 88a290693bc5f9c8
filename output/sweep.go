package output

import (
	"errors"
	"fmt"
	"io"
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
// Scenario, Keys, Points and Months are required; the folder is made
// ready by PrepareSweep.
type SweepConfig struct {
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
	// Batch is where and how the sweep runs (its Trials are per point).
	Batch
}

// SweepManifest is a sweep's manifest.json: its Provenance (Trials is
// per point; TrialsDone the number of trials every point finished), the
// files written and the design.
type SweepManifest struct {
	Provenance
	Files    []string       `json:"files"`            // files written besides the manifest, relative, with slashes
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
	return prepareListed(dir, force, []string{SweepFile, SweepReport, TrialsFile, ShardDesignFile})
}

// A Sweep writes a sweep's output as its runs arrive (Add): trials.csv
// streams one row per run (point and trial); Finish writes sweep.csv, the charts,
// scenario.toml and manifest.json. What a Sweep keeps per point is a
// running mean and sum of squares per metric (Welford's algorithm), so
// memory does not depend on the number of trials and grows with the
// number of points only by those few numbers. A Sweep is not safe for
// concurrent use.
type Sweep struct {
	cfg  SweepConfig
	prov Provenance
	*pointRuns
}

// NewSweep starts writing a sweep's output into cfg.Dir, which
// PrepareSweep made ready.
func NewSweep(cfg SweepConfig) (*Sweep, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	switch {
	case cfg.Scenario == "":
		return nil, errors.New("output: no scenario name")
	case len(cfg.Keys) == 0:
		return nil, errors.New("output: a sweep varies no key")
	case len(cfg.Points) == 0:
		return nil, errors.New("output: a sweep has no point")
	}
	for i, p := range cfg.Points {
		if len(p.Values) != len(cfg.Keys) || len(p.X) != len(cfg.Keys) || len(p.Level) != len(cfg.Keys) {
			return nil, fmt.Errorf("output: point %d has %d values; want one per key (%d)", i, len(p.Values), len(cfg.Keys))
		}
	}
	s := &Sweep{cfg: cfg, prov: cfg.provenance(cfg.Scenario, cfg.ScenarioTOML)}
	var err error
	s.pointRuns, err = newPointRuns(cfg.Dir, cfg.Scenario, cfg.keyNames(), cfg.values(), true)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// values returns each point's values.
func (cfg *SweepConfig) values() [][]string {
	points := make([][]string, len(cfg.Points))
	for i, p := range cfg.Points {
		points[i] = p.Values
	}
	return points
}

// keyNames returns the varied keys' names.
func (cfg *SweepConfig) keyNames() []string {
	names := make([]string, len(cfg.Keys))
	for i, k := range cfg.Keys {
		names[i] = k.Name
	}
	return names
}

// Finish completes the sweep's output after it ended with status at end;
// cause, if not nil, is why it stopped. It renames trials.csv into place
// and writes scenario.toml, sweep.csv (over the runs added: after an
// interruption, the points' first trials) and the charts, then
// manifest.json. If writing any file fails, the manifest (if it can
// still be written) says "failed" and Finish returns the error.
func (s *Sweep) Finish(status Status, end time.Time, cause error) error {
	if err := s.out.finish(status, end, cause); err != nil {
		return err
	}
	s.out.writeBytes(ScenarioFile, s.cfg.ScenarioTOML)
	s.cfg.writeDesign(&s.out, shardDesign{Sweep: &s.cfg})
	if s.out.commit() {
		stats := s.stats()
		s.out.write(SweepFile, func(w io.Writer) error { return s.writeCSV(w, stats) })
		s.out.write(SweepReport, func(w io.Writer) error { return writeSweepReport(w, &s.cfg, stats, s.done, s.out.state()) })
		if s.runs > 0 && !s.cfg.NoCharts {
			writeSweepCharts(&s.out, &s.cfg, stats, s.done)
		}
	}
	m := &SweepManifest{
		Provenance: s.prov,
		Design:     s.cfg.Design,
		Points:     len(s.cfg.Points),
		Runs:       len(s.cfg.Points) * s.cfg.Trials,
		RunsDone:   s.runs,
		Shard:      s.cfg.Shard,
		Merged:     s.cfg.Merged,
	}
	m.TrialsDone = slices.Min(s.done)
	for _, k := range s.cfg.Keys {
		m.Vary = append(m.Vary, ManifestVary{Key: k.Name, Values: k.Spec, Levels: k.Levels})
	}
	return s.out.close(&m.Provenance, &m.Files, m)
}

// ReadSweepManifest reads a sweep's manifest at path.
func ReadSweepManifest(path string) (*SweepManifest, error) {
	return readManifest[SweepManifest](path)
}

// stats returns each point's statistics per metric.
func (s *Sweep) stats() [][sim.NumMetrics]stats.Summary {
	out := make([][sim.NumMetrics]stats.Summary, len(s.acc))
	for p := range s.acc {
		for m := range s.acc[p] {
			out[p][m] = inRange(sim.Metrics[m], s.acc[p][m].Summary())
		}
	}
	return out
}

// sweepColumns are sweep.csv's columns after the varied keys.
const sweepColumns = ",metric,trials,seed,mean,sd,ci95_low,ci95_high\n"

// writeCSV writes sweep.csv: for each point in order, one row per metric
// in sim.Metrics order, with the point's values of the varied keys, the
// number of trials (of values: NaN values are skipped), the run seed,
// and the mean, sd and 95% interval (intervalMethod) across trials of
// the trials' final-year means.
func (s *Sweep) writeCSV(w io.Writer, stats [][sim.NumMetrics]stats.Summary) error {
	if _, err := io.WriteString(w, "scenario,point"+columns(s.cfg.keyNames())+sweepColumns); err != nil {
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
