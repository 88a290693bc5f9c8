package classroom

import (
	"context"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/rundir"
	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// run states, as the page sees them.
const (
	stateRunning     = "running"
	stateDone        = "done"
	stateInterrupted = "interrupted"
	stateFailed      = "failed"
)

// A run is one press of the Run button: a scenario's trials running in the
// background into its own output folder, with the headline metrics of the
// trials finished so far kept for the page's charts.
type run struct {
	id      string
	client  string // the page that started it; a new run from it cancels this one
	addr    string // the network address of the computer that started it
	memory  int64  // about the bytes it holds while it runs (runMemory)
	scen    *scenarios.Scenario
	dir     string
	cancel  context.CancelFunc
	created time.Time

	mu        sync.Mutex
	state     string
	errText   string
	done      int
	values    [][]float64 // [headline][trial*months + month-1], trials in order
	finals    [][]float64 // [headline][trial]: the trial's final-year mean
	files     []string    // the output folder's files, slash-separated, once finished
	bytes     int64       // the size of those files, and of the district view's
	view      bool        // the district view (district.go) is written
	watchers  int         // event streams open on the run
	watched   bool        // an event stream has been opened
	downloads int         // downloads of its files in progress
	changed   chan struct{}
	version   int
}

// headlines are the metrics the page charts.
var headlines = sim.Headlines()

func newRun(id, client string, s *scenarios.Scenario, dir string, cancel context.CancelFunc, now time.Time) *run {
	r := &run{id: id, client: client, scen: s, dir: dir, cancel: cancel, created: now,
		state: stateRunning, changed: make(chan struct{})}
	r.values = make([][]float64, len(headlines))
	r.finals = make([][]float64, len(headlines))
	for i := range r.values {
		r.values[i] = make([]float64, 0, s.Trials*s.Months)
		r.finals[i] = make([]float64, 0, s.Trials)
	}
	return r
}

// notify wakes every event stream waiting on the run. r.mu must be held.
func (r *run) notify() {
	r.version++
	close(r.changed)
	r.changed = make(chan struct{})
}

// add records a finished trial's headline metrics.
func (r *run) add(t *sim.TrialResult) {
	final := output.FinalYear(t)
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, m := range headlines {
		for _, rec := range t.Months {
			r.values[i] = append(r.values[i], rec[m])
		}
		r.finals[i] = append(r.finals[i], final[m])
	}
	r.done++
	r.notify()
}

// size returns the bytes of the run's files and whether it has finished
// (before, its files are still being written and are not counted).
func (r *run) size() (int64, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bytes, r.state != stateRunning
}

// viewPath is where the run's district view is kept: beside its folder,
// so that it is not one of the run's files.
func (r *run) viewPath() string { return r.dir + ".view.json" }

// remove removes the run's folder and district view.
func (r *run) remove() error {
	err := os.RemoveAll(r.dir)
	if rerr := os.Remove(r.viewPath()); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) && err == nil {
		err = rerr
	}
	return err
}

// end records how the run ended and the files its folder holds; view is
// the size of its district view (0: none).
func (r *run) end(status output.Status, err error, view int64) {
	files, bytes := listFiles(r.dir)
	r.mu.Lock()
	defer r.mu.Unlock()
	switch status {
	case output.StatusOK:
		r.state = stateDone
	case output.StatusInterrupted:
		r.state = stateInterrupted
	default:
		r.state = stateFailed
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		r.errText = err.Error()
	}
	r.files, r.bytes, r.view = files, bytes+view, view > 0
	r.notify()
}

// execute runs the trials, then writes the output folder's other files.
// It is the run's goroutine.
func (r *run) execute(ctx context.Context, workers int, version string) {
	job, err := rundir.Start(r.scen, rundir.Config{Dir: r.dir, Each: r.add, Provenance: output.Provenance{
		Program: "decentsim", Version: version, Command: "serve", Workers: workers, Start: r.created,
	}})
	if err != nil {
		r.end(output.StatusFailed, err, 0)
		return
	}
	end := job.Run(ctx, nil)
	err = end.RunErr
	if err == nil {
		err = end.FinishErr
	}
	if cause := context.Cause(ctx); end.Status == output.StatusInterrupted && !errors.Is(cause, context.Canceled) {
		err = cause // stopped by the server (runTimeError), not the page
	}
	var view int64
	if end.Status == output.StatusOK {
		// A view that cannot be made leaves the run without one: the
		// page says so; the run's files stand.
		if v, verr := buildView(ctx, r.scen, workers); verr == nil {
			view, _ = writeView(r.viewPath(), v)
		}
	}
	r.end(end.Status, err, view)
}

// listFiles lists the files under dir, slash-separated, sorted, and
// returns their total size.
func listFiles(dir string) ([]string, int64) {
	var files []string
	var bytes int64
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err == nil {
			files = append(files, filepath.ToSlash(rel))
		}
		if info, err := d.Info(); err == nil {
			bytes += info.Size()
		}
		return nil
	})
	sort.Strings(files)
	return files, bytes
}

// A snapshot is what an event stream sends the page: the run's progress
// and, per headline metric, the mean and 95% interval of each month over
// the trials finished so far (the statistics of summary.csv).
type snapshot struct {
	ID       string        `json:"id"`
	Scenario string        `json:"scenario"`
	State    string        `json:"state"`
	Error    string        `json:"error,omitempty"`
	Done     int           `json:"done"`
	Trials   int           `json:"trials"`
	Months   int           `json:"months"`
	Metrics  []metricBands `json:"metrics"`
	Final    []finalYear   `json:"final,omitempty"`
	Files    []string      `json:"files,omitempty"`
	// District says the district view of trial 0 can be fetched.
	District bool `json:"district,omitempty"`
}

// metricBands is one headline metric's monthly means and 95% intervals.
// Values that cannot be computed yet (one trial: no interval) are null.
type metricBands struct {
	Name string     `json:"name"`
	Unit string     `json:"unit"`
	Mean []*float64 `json:"mean"`
	Low  []*float64 `json:"low"`
	High []*float64 `json:"high"`
}

// finalYear is a headline metric's final-year mean and interval, the
// figure summary.md reports.
type finalYear struct {
	Name string   `json:"name"`
	Mean *float64 `json:"mean"`
	Low  *float64 `json:"low"`
	High *float64 `json:"high"`
}

// snapshot computes the page's view of the run. It returns the version it
// describes and a channel closed at the next change.
func (r *run) snapshot() (snapshot, int, <-chan struct{}) {
	r.mu.Lock()
	done, version, changed := r.done, r.version, r.changed
	snap := snapshot{ID: r.id, Scenario: r.scen.Name, State: r.state, Error: r.errText,
		Done: done, Trials: r.scen.Trials, Months: r.scen.Months, Files: r.files, District: r.view}
	// Trials only append, so the first done*months values stay valid
	// after the lock is released.
	values := make([][]float64, len(r.values))
	finals := make([][]float64, len(r.finals))
	for i := range r.values {
		values[i] = r.values[i][:done*r.scen.Months]
		finals[i] = r.finals[i][:done]
	}
	r.mu.Unlock()

	months := snap.Months
	col := make([]float64, done)
	for i, m := range headlines {
		info := sim.Metrics[m]
		mb := metricBands{Name: info.Name, Unit: info.Unit,
			Mean: make([]*float64, months), Low: make([]*float64, months), High: make([]*float64, months)}
		for mo := 0; mo < months && done > 0; mo++ {
			for t := 0; t < done; t++ {
				col[t] = values[i][t*months+mo]
			}
			st := stats.Describe(col)
			mb.Mean[mo], mb.Low[mo], mb.High[mo] = num(st.Mean), num(st.CILow), num(st.CIHigh)
		}
		snap.Metrics = append(snap.Metrics, mb)
		if done > 0 {
			st := stats.Describe(finals[i])
			snap.Final = append(snap.Final, finalYear{Name: info.Name, Mean: num(st.Mean), Low: num(st.CILow), High: num(st.CIHigh)})
		}
	}
	return snap, version, changed
}

// num returns a pointer to x, or nil when x is NaN or infinite (JSON has
// no NaN).
func num(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}
