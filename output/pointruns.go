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
	prefix []string   // per point: "scenario,point", trials.csv's first columns
	fields [][]string // per point: its values as CSV fields
	out    sink
	trials *File // trials.csv, or nil when not written
	acc    [][sim.NumMetrics]stats.Moments
	done   []int // runs added per point
	runs   int
	buf    []byte
}

// newPointRuns starts collecting runs of points (each point's values, one
// per column; columns is ",name1,name2..." for trials.csv's header) of
// scenario. With trials set it starts dir's trials.csv.
func newPointRuns(dir, scenario, columns string, points [][]string, trials bool) (*pointRuns, error) {
	pr := &pointRuns{
		out:  sink{dir: dir},
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
	if pr.trials, err = pr.out.stream(TrialsFile, trialsHeader("scenario,point,trial,seed"+columns)); err != nil {
		return nil, err
	}
	return pr, nil
}

// add is Sweep's and Sensitivity's Add.
func (pr *pointRuns) add(point, trial int, seed uint64, fy *sim.Record) error {
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

// columns returns ",name1,name2...": the CSV columns of names.
func columns(names []string) string {
	var b []byte
	for _, n := range names {
		b = append(b, ',')
		b = append(b, csvField(n)...)
	}
	return string(b)
}
