package output

import (
	"unsafe"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// This file estimates what the writers hold in memory, so that a command
// can refuse a run that would not fit before anything is allocated or
// written (the command adds what the model holds: sim.RunBytes).
//
// The data files stream to disk as trials arrive; what stays in memory
// is what the statistics across trials need. summary.csv's per-month
// mean, 95% interval and 5th, 50th and 95th percentiles, and a
// comparison's per-month paired tests, are exact: computed from every
// trial's value, as they always were, so every run that fitted before
// gives the same bytes, and a merge of shards gives a single run's bytes.
// Exact percentiles need every value of a month at once, so a Run keeps
// every value (8 bytes per trial, month and metric) until Finish. A
// streaming estimate of the percentiles would bound that memory but
// change the numbers; a second pass over series.csv, a month at a time,
// would bound it too, but reading a file that at such sizes holds tens of
// gigabytes once per block of months. Neither is done: a run whose values
// do not fit is refused before it starts, with its estimate, and the
// remedy is fewer trials or months. What does not need to grow with the
// trials does not: a shard keeps only its own trials' values, and
// series.csv, elections.csv and trials.csv are never held whole (merge
// reads them back a trial at a time).

// sizes of the values kept, in bytes.
const (
	float64Bytes = 8
	recordBytes  = int64(unsafe.Sizeof(sim.Record{}))
	summaryBytes = int64(unsafe.Sizeof(stats.Summary{}))
	pairedBytes  = int64(unsafe.Sizeof(stats.Paired{}))
	momentsBytes = int64(unsafe.Sizeof(stats.Moments{}))
	// rowBytes bounds a row of series.csv beside its values: the
	// scenario, trial, seed and month. A value takes at most
	// valueBytes (-1.2345678901234567e-300 and its comma).
	rowBytes   = 64
	valueBytes = 25
	// chartPointBytes is a charted point: its x and y, in each of the
	// line's copies the plotting library makes.
	chartPointBytes = 64
)

// kept returns the number of trials whose values a Run of cfg keeps: a
// shard's own, or every trial of the run.
func (cfg *Config) kept() int {
	if cfg.Shard != nil {
		return cfg.Shard.Trials
	}
	return cfg.Trials
}

// Memory returns about how many bytes a Run of cfg holds at its
// largest: every value added, kept for the statistics across trials
// (8 bytes per trial, month and metric: the bulk of it), those
// statistics, a trial's rows of series.csv, and the charts' lines. It
// is an estimate for refusing a run that cannot fit, not an exact count.
func (cfg *Config) Memory() int64 {
	nm := int64(len(cfg.Metrics))
	headlines := int64(0)
	for _, m := range cfg.Metrics {
		if m.Headline {
			headlines++
		}
	}
	if cfg.Metrics == nil {
		nm, headlines = int64(sim.NumMetrics), int64(len(sim.Headlines()))
	}
	trials, months := int64(cfg.kept()), int64(cfg.Months)
	values := trials * months * nm * float64Bytes
	stats := months*nm*summaryBytes + trials*(nm+4)*float64Bytes
	text := months * (rowBytes + nm*valueBytes)
	charts := int64(0)
	if !cfg.NoCharts {
		traces := int64(DefaultTraces)
		if cfg.Traces != 0 {
			traces = int64(max(cfg.Traces, 0))
		}
		charts = headlines * months * (3 + min(traces, trials)) * chartPointBytes
	}
	return values + stats + text + charts
}

// Memory returns about how many bytes a Comparison of cfg holds at its
// largest: every scenario's trials' months, kept for the per-month
// statistics (twice, while a growing list is copied), the statistics,
// and a trial's rows of series.csv.
func (cfg *CompareConfig) Memory() int64 {
	k, months := int64(len(cfg.Scenarios)), int64(cfg.Months)
	runs := k * int64(cfg.Trials)
	if cfg.Shard != nil {
		runs = int64(cfg.Shard.Runs)
	}
	kept := 2 * runs * (months + 1) * recordBytes
	stats := k * months * int64(sim.NumMetrics) * (summaryBytes + pairedBytes)
	text := months * (rowBytes + int64(sim.NumMetrics)*valueBytes)
	return kept + stats + text
}

// PointsMemory returns about how many bytes a Sweep or Sensitivity of
// points points holds: the moments of every point's final-year means,
// its outcomes and its rows.
func PointsMemory(points int) int64 {
	return int64(points) * (int64(sim.NumMetrics)*(momentsBytes+float64Bytes) + 256)
}
