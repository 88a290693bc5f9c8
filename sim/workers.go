package sim

import (
	"runtime"
	"sync/atomic"
)

// Parallelism within a trial. A month's district work (stepDistrict) reads
// the parameters and writes only its own district, units, citizens and
// random stream, so districts can run on several goroutines at once and
// give the same world as running them in order. The only cross-district
// outputs are each district's election records and counters, which the
// caller collects in district order after the month.

// team is a set of helper goroutines that run districts with the calling
// goroutine. It is created on the first parallel month and reused, so a
// month allocates nothing. Its goroutines refer to the team, not to the
// world, except while a month runs; when the world is collected (or
// stopWorkers is called) they exit.
type team struct {
	wake      []chan struct{} // one per helper goroutine
	scratch   []*passScratch  // one per helper goroutine
	done      chan struct{}   // one send per helper when its share is done
	next      atomic.Int64    // next district to take
	w         *World          // the world of the month being run, else nil
	maslikhat bool            // the month's event calls
	akims     bool
}

// newTeam starts helpers goroutines, each with scratch space for units of
// up to slots slots.
func newTeam(helpers, slots int) *team {
	t := &team{wake: make([]chan struct{}, helpers), scratch: make([]*passScratch, helpers), done: make(chan struct{}, helpers)}
	for i := range t.wake {
		t.wake[i] = make(chan struct{}, 1)
		t.scratch[i] = newPassScratch(slots)
		go t.loop(t.wake[i], t.scratch[i])
	}
	return t
}

func (t *team) loop(wake chan struct{}, ps *passScratch) {
	for range wake {
		t.work(ps)
		t.done <- struct{}{}
	}
}

// work takes districts, largest first (World.schedule), until none is
// left. Taking them one at a time, the largest first, balances districts
// of unequal size: a large district taken last would leave the other
// goroutines idle.
func (t *team) work(ps *passScratch) {
	w := t.w
	for {
		k := int(t.next.Add(1)) - 1
		if k >= len(w.schedule) {
			return
		}
		w.stepDistrict(w.schedule[k], t.maslikhat, t.akims, ps)
	}
}

// run steps every district of w for the month, on the helpers and the
// calling goroutine, and returns when all are done.
func (t *team) run(w *World, maslikhat, akims bool) {
	t.w, t.maslikhat, t.akims = w, maslikhat, akims
	t.next.Store(0)
	for _, c := range t.wake {
		c <- struct{}{}
	}
	t.work(w.ps)
	for range t.wake {
		<-t.done
	}
	t.w = nil
}

func (t *team) stop() {
	for _, c := range t.wake {
		close(c)
	}
}

// stepDistricts runs the month of every district, on w.Workers goroutines.
func (w *World) stepDistricts(maslikhat, akims bool) {
	workers := min(w.Workers, len(w.Districts))
	if workers <= 1 {
		for di := range w.Districts {
			w.stepDistrict(di, maslikhat, akims, w.ps)
		}
		return
	}
	if w.team == nil || len(w.team.wake) != workers-1 {
		w.stopWorkers()
		w.team = newTeam(workers-1, w.maxSlots)
		w.teamCleanup = runtime.AddCleanup(w, (*team).stop, w.team)
	}
	w.team.run(w, maslikhat, akims)
}

// stopWorkers ends the helper goroutines of w, if any. A later parallel
// month starts new ones.
func (w *World) stopWorkers() {
	if w.team == nil {
		return
	}
	w.teamCleanup.Stop()
	w.team.stop()
	w.team = nil
}
