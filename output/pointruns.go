package output

import (
	"fmt"
	"strconv"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// pointRuns collects the runs of a design's points, for sweeps and
// sensitivity analyses: per point and metric the moments of the runs'
// final-year means, how many runs each point has, and, when asked,
// trials.csv with one row per run.
type pointRuns struct {
	header string     // trials.csv's header
	prefix []string   // per point: "scenario,point", trials.csv's first columns
	fields [][]string // per point: its values as CSV fields
	out    sink
	trials *File // trials.csv, or nil when not written
	acc    [][sim.NumMetrics]stats.Moments
	done   []int // runs added per point
	runs   int
	buf    []byte
}

// newPointRuns starts collecting runs of points of scenario: each point's
// values, one per name of names (trials.csv's columns). With trials set
// it starts dir's trials.csv.
func newPointRuns(dir, scenario string, names []string, points [][]string, trials bool) (*pointRuns, error) {
	pr := &pointRuns{
		header: trialsHeader("scenario,point,trial,seed" + columns(names)),
		out:    sink{dir: dir},
		acc:    make([][sim.NumMetrics]stats.Moments, len(points)),
		done:   make([]int, len(points)),
	}
	name := csvField(scenario)
	for i, p := range points {
		pr.prefix = append(pr.prefix, name+","+strconv.Itoa(i))
		f := make([]string, len(p))
		for j, v := range p {
			f[j] = csvField(v)
		}
		pr.fields = append(pr.fields, f)
	}
	if !trials {
		return pr, nil
	}
	var err error
	if pr.trials, err = pr.out.stream(TrialsFile, pr.header); err != nil {
		return nil, err
	}
	return pr, nil
}

// Add records one run: trial number trial (whose own seed is seed) of
// point, with fy its final-year means (FinalYear). It adds the run to the
// point's statistics and, in a folder that has trials.csv (a sweep's, a
// sensitivity analysis's shard), writes the run's row. Runs may come in
// any order, but the statistics and trials.csv follow the order they
// come in, so for identical output give them in a fixed order.
func (pr *pointRuns) Add(point, trial int, seed uint64, fy *sim.Record) error {
	switch err := pr.out.ready(); {
	case err != nil:
		return err
	case point < 0 || point >= len(pr.done):
		return fmt.Errorf("output: no point %d", point)
	}
	if pr.trials != nil {
		pr.buf = appendTrialRow(pr.buf[:0], pr.prefix[point], trial, seed, pr.fields[point], fy)
		if err := pr.out.put(pr.trials, pr.buf); err != nil {
			return err
		}
	}
	for m, v := range fy {
		pr.acc[point][m].Add(v)
	}
	pr.done[point]++
	pr.runs++
	return nil
}

// Abort removes the temporary trials.csv, if any, and writes nothing.
// Abort after Finish does nothing.
func (pr *pointRuns) Abort() error { return pr.out.abort() }

// columns returns ",name1,name2...": the CSV columns of names.
func columns(names []string) string {
	var b []byte
	for _, n := range names {
		b = append(b, ',')
		b = append(b, csvField(n)...)
	}
	return string(b)
}
