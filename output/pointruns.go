package output

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// pointRuns collects the runs of a design's points, for sweeps and
// sensitivity analyses: per point and metric the moments of the runs'
// final-year means, how many runs each point has, and, when asked,
// trials.csv with one row per run.
type pointRuns struct {
	prefix []string   // per point: "scenario,point", trials.csv's first columns
	fields [][]string // per point: its values as CSV fields
	trials *File      // trials.csv, or nil when not written
	acc    [][sim.NumMetrics]stats.Moments
	done   []int // runs added per point
	runs   int
	buf    []byte
	err    error
	closed bool
}

// newPointRuns starts collecting runs of points (each point's values, one
// per column; columns is ",name1,name2..." for trials.csv's header) of
// scenario. With trials set it starts dir's trials.csv.
func newPointRuns(dir, scenario, columns string, points [][]string, trials bool) (*pointRuns, error) {
	pr := &pointRuns{
		acc:  make([][sim.NumMetrics]stats.Moments, len(points)),
		done: make([]int, len(points)),
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
	if pr.trials, err = Create(filepath.Join(dir, TrialsFile)); err != nil {
		return nil, err
	}
	pr.trials.WriteString(trialsHeader("scenario,point,trial,seed" + columns))
	return pr, nil
}

// add records one run: trial number trial (whose own seed is seed) of
// point, with fy its final-year means (FinalYear). It writes the run's
// row of trials.csv, if written. The statistics and trials.csv follow the
// order runs come in, so for identical output give them in a fixed order.
func (pr *pointRuns) add(point, trial int, seed uint64, fy *sim.Record) error {
	switch {
	case pr.err != nil:
		return pr.err
	case pr.closed:
		return errors.New("output: add after finish")
	case point < 0 || point >= len(pr.done):
		return fmt.Errorf("output: no point %d", point)
	}
	if pr.trials != nil {
		pr.buf = appendTrialRow(pr.buf[:0], pr.prefix[point], trial, seed, pr.fields[point], fy)
		if _, err := pr.trials.Write(pr.buf); err != nil {
			pr.err = err
			pr.trials.Abort()
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

// abort removes the temporary trials.csv, if any, and writes nothing.
// abort after finishing does nothing.
func (pr *pointRuns) abort() error {
	if pr.closed {
		return nil
	}
	pr.closed = true
	if pr.trials != nil {
		return pr.trials.Abort()
	}
	return nil
}
