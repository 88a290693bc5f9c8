package sim

import (
	"bytes"
	"context"
	"math"
	"runtime"
	"sync"
	"testing"
)

// Benchmarks of the month and of each monthly process. Each reports, besides
// ns/op and allocations:
//
//	ns/citizen-month      wall time per living citizen per month
//	cpu-ns/citizen-month  CPU time of the process (all threads) per
//	                      living citizen per month, where the platform
//	                      reports it; steadier than wall time on a shared
//	                      machine
//
// Process benchmarks divide by the living citizens too, so their figures
// add up to the month's. The National benchmarks run the default world at
// 1:1 (about 7.35 million citizens; a few seconds to build) and are
// skipped with -short. docs/PERFORMANCE.md records the figures.

// benchWorld returns the national default world at 1:represent, warmed up
// for a year so that benchmarks measure the steady state.
func benchWorld(b *testing.B, represent int) *World {
	b.Helper()
	if represent == 1 && testing.Short() {
		b.Skip("the national world at 1:1 takes seconds to build")
	}
	p := Default()
	p.World.Represent = represent
	w := newTestWorld(b, &p, TrialSeed(1, 0))
	w.Workers = runtime.GOMAXPROCS(0)
	for m := 0; m < 12; m++ {
		if err := w.Step(); err != nil {
			b.Fatal(err)
		}
	}
	w.stopWorkers()
	w.Workers = 1
	return w
}

func livingCitizens(w *World) int {
	n := 0
	for i := range w.Units {
		n += w.Units[i].Pop
	}
	return n
}

// perCitizenMonth times the benchmark loop and reports its wall and CPU
// time per citizen-month, n citizens being processed per iteration.
type perCitizenMonth struct {
	b      *testing.B
	n      int
	cpu    float64 // CPU seconds at the start
	paused bool
}

func startPerCitizenMonth(b *testing.B, n int) *perCitizenMonth {
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	return &perCitizenMonth{b: b, n: n, cpu: cpuSeconds()}
}

// pause and resume exclude work between them from the wall time, as
// StopTimer and StartTimer do. CPU time cannot be split that finely (the
// kernel accounts it by ticks), so a paused benchmark reports wall time
// only.
func (t *perCitizenMonth) pause() {
	t.b.StopTimer()
	t.paused = true
}

func (t *perCitizenMonth) resume() { t.b.StartTimer() }

func (t *perCitizenMonth) stop() {
	cpu := cpuSeconds() - t.cpu
	t.b.StopTimer()
	per := float64(t.b.N) * float64(t.n)
	t.b.ReportMetric(float64(t.b.Elapsed().Nanoseconds())/per, "ns/citizen-month")
	if cpu > 0 && !t.paused {
		t.b.ReportMetric(cpu*1e9/per, "cpu-ns/citizen-month")
	}
}

func benchMonth(b *testing.B, represent, workers int) {
	w := benchWorld(b, represent)
	w.Workers = workers
	defer w.stopWorkers()
	n := livingCitizens(w)
	var rec recorder
	var elections []ElectionRecord
	t := startPerCitizenMonth(b, n)
	for i := 0; i < b.N; i++ {
		if err := w.Step(); err != nil {
			b.Fatal(err)
		}
		elections = w.collectElections(elections[:0])
		var r Record
		rec.winStart = 0
		rec.record(w, elections, &r)
	}
	t.stop()
}

// BenchmarkMonth runs whole months (and their recording) of the national
// default at 1:50, districts one after another.
func BenchmarkMonth(b *testing.B) { benchMonth(b, 50, 1) }

// BenchmarkMonthWorkers is BenchmarkMonth with the districts on
// GOMAXPROCS goroutines.
func BenchmarkMonthWorkers(b *testing.B) { benchMonth(b, 50, runtime.GOMAXPROCS(0)) }

// BenchmarkMonthLarge is BenchmarkMonth at 1:5 (units of hundreds of
// citizens, as at 1:1), districts one after another: the whole month
// beside CitizenPassLarge.
func BenchmarkMonthLarge(b *testing.B) { benchMonth(b, 5, 1) }

// BenchmarkMonthNational runs months of the national default at 1:1 on
// GOMAXPROCS goroutines: the figure the 10-second target is about.
func BenchmarkMonthNational(b *testing.B) { benchMonth(b, 1, runtime.GOMAXPROCS(0)) }

// BenchmarkMonthNationalSerial is BenchmarkMonthNational on one goroutine.
func BenchmarkMonthNationalSerial(b *testing.B) { benchMonth(b, 1, 1) }

// benchNewWorld builds the national default world at 1:represent on one
// goroutine and reports the wall time per citizen slot and the CPU time
// per living citizen.
func benchNewWorld(b *testing.B, represent int) {
	if represent == 1 && testing.Short() {
		b.Skip("the national world at 1:1 takes seconds to build")
	}
	p := Default()
	p.World.Represent = represent
	var slots, living int
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuSeconds()
	for i := 0; i < b.N; i++ {
		w, err := NewWorld(&p, TrialSeed(1, 0))
		if err != nil {
			b.Fatal(err)
		}
		slots, living = w.Citizens.Len(), livingCitizens(w)
	}
	cpu = cpuSeconds() - cpu
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(slots), "ns/slot")
	if cpu > 0 {
		b.ReportMetric(cpu*1e9/float64(b.N)/float64(living), "cpu-ns/citizen")
	}
}

// BenchmarkNewWorld builds the national default world at 1:5 (about 1.5
// million citizens), as every trial does before its burn-in.
func BenchmarkNewWorld(b *testing.B) { benchNewWorld(b, 5) }

// BenchmarkNewWorldNational builds the national default world at 1:1.
func BenchmarkNewWorldNational(b *testing.B) { benchNewWorld(b, 1) }

// benchUnits runs f for every unit of the national default at 1:50.
func benchUnits(b *testing.B, f func(w *World, ui int, u *Unit, d *District)) {
	benchUnitsAt(b, 50, f)
}

// benchUnitsAt runs f for every unit of the national default at
// 1:represent.
func benchUnitsAt(b *testing.B, represent int, f func(w *World, ui int, u *Unit, d *District)) {
	w := benchWorld(b, represent)
	t := startPerCitizenMonth(b, livingCitizens(w))
	for i := 0; i < b.N; i++ {
		for ui := range w.Units {
			u := &w.Units[ui]
			f(w, ui, u, &w.Districts[u.District])
		}
		dropMovers(w)
	}
	t.stop()
}

// BenchmarkCitizenPass runs only the citizens' pass (perception, trust,
// participation, unrest, migration and births: processes 6, 7, 8, 11).
func BenchmarkCitizenPass(b *testing.B) { benchUnits(b, livePass) }

// livePass is the citizens' pass of one unit, as benchUnits runs it.
func livePass(w *World, _ int, u *Unit, d *District) { w.live(u, d, w.ps) }

// BenchmarkCitizenPassNational is BenchmarkCitizenPass at 1:1, where the
// citizen arrays (about 390 MB) do not fit in any cache; compare it with
// BenchmarkStreamNational.
func BenchmarkCitizenPassNational(b *testing.B) { benchUnitsAt(b, 1, livePass) }

// dropMovers empties the districts' queues of leavers, which a benchmark
// of the pass alone does not place.
func dropMovers(w *World) {
	for di := range w.Districts {
		w.Districts[di].movers = w.Districts[di].movers[:0]
	}
}

// BenchmarkMoney runs process 2 (revenue, transfers, leakage) for every
// district.
func BenchmarkMoney(b *testing.B) {
	w := benchWorld(b, 50)
	t := startPerCitizenMonth(b, livingCitizens(w))
	for i := 0; i < b.N; i++ {
		for di := range w.Districts {
			w.money(&w.Districts[di])
		}
	}
	t.stop()
}

// BenchmarkServices runs the akims' yearly planning and processes 3-5
// (rent and contractors, orders, allocation, capture, services) for every
// unit, as in a January.
func BenchmarkServices(b *testing.B) {
	benchUnits(b, func(w *World, _ int, u *Unit, d *District) {
		w.planAkim(u, d)
		w.leakage(u, d)
		w.services(u, d)
	})
}

// BenchmarkArrests runs the arrests and the protest response of every
// unit (after a hardship shock, so that there are actives to arrest).
func BenchmarkArrests(b *testing.B) {
	w := benchWorld(b, 50)
	w.Params.Behavior.HardshipShift += 0.3
	for ui := range w.Units {
		u := &w.Units[ui]
		w.live(u, &w.Districts[u.District], w.ps)
	}
	state := make([][BlockLen]float32, 2*len(w.Citizens.Blocks))
	for bi := range w.Citizens.Blocks {
		state[2*bi], state[2*bi+1] = w.Citizens.Blocks[bi].ActiveFrac, w.Citizens.Blocks[bi].JailFrac
	}
	active := make([]float64, len(w.Units))
	for ui := range w.Units {
		active[ui] = w.Units[ui].Active
	}
	t := startPerCitizenMonth(b, livingCitizens(w))
	for i := 0; i < b.N; i++ {
		for ui := range w.Units {
			u := &w.Units[ui]
			w.arrest(u)
			w.protestResponse(u)
		}
		t.pause()
		for bi := range w.Citizens.Blocks {
			w.Citizens.Blocks[bi].ActiveFrac, w.Citizens.Blocks[bi].JailFrac = state[2*bi], state[2*bi+1]
		}
		for ui := range w.Units {
			w.Units[ui].Active = active[ui]
		}
		t.resume()
	}
	t.stop()
}

// BenchmarkAkimSelection holds a direct election in every unit (process 9
// as in a month when an event calls all akim elections). Per
// citizen-month here means per citizen of such a month.
func BenchmarkAkimSelection(b *testing.B) {
	benchUnits(b, func(w *World, ui int, _ *Unit, d *District) {
		_ = w.selectAkim(ui, d, true)
	})
}

// BenchmarkMaslikhatElection elects every district's maslikhat (a month
// when all are due, as at the start of each term).
func BenchmarkMaslikhatElection(b *testing.B) {
	w := benchWorld(b, 50)
	t := startPerCitizenMonth(b, livingCitizens(w))
	for i := 0; i < b.N; i++ {
		for di := range w.Districts {
			_ = w.maslikhatElection(di)
		}
	}
	t.stop()
}

// BenchmarkRemovals runs process 10 (dismissals and recalls, with the
// selections they trigger) for every unit.
func BenchmarkRemovals(b *testing.B) {
	w := benchWorld(b, 50)
	t := startPerCitizenMonth(b, livingCitizens(w))
	for i := 0; i < b.N; i++ {
		for di := range w.Districts {
			d := &w.Districts[di]
			d.elections = d.elections[:0]
			for ui := d.FirstUnit; ui < d.End; ui++ {
				w.removals(ui, d, false)
			}
		}
	}
	t.stop()
}

// BenchmarkRecord computes the month's metrics (process 12).
func BenchmarkRecord(b *testing.B) {
	w := benchWorld(b, 50)
	var rec recorder
	elections := w.collectElections(nil)
	t := startPerCitizenMonth(b, livingCitizens(w))
	for i := 0; i < b.N; i++ {
		var r Record
		rec.winStart = 0
		rec.record(w, elections, &r)
	}
	t.stop()
}

func benchStream(b *testing.B, represent int) {
	w := benchWorld(b, represent)
	c := quiescentCitizens(w.Citizens.Len())
	benchStreamSerial(b, w, &c, streamPass)
}

// quiescentCitizens returns n citizen slots, zeroed (so the arithmetic
// of a streaming pass stays finite) and quiescent.
func quiescentCitizens(n int) Citizens {
	c := newCitizens(n)
	for bi := range c.Blocks {
		for l := range BlockLen {
			c.Blocks[bi].State[l] = Quiescent
		}
	}
	return c
}

// benchStreamSerial runs pass over c on one goroutine, timed per living
// citizen of w, and reports the bytes read a second.
func benchStreamSerial[S float32 | uint64](b *testing.B, w *World, c *Citizens, pass func(*Citizens) S) {
	t := startPerCitizenMonth(b, livingCitizens(w))
	var sum S
	for i := 0; i < b.N; i++ {
		sum += pass(c)
	}
	t.stop()
	reportReadBandwidth(b, c)
	if sum == 1 {
		b.Log(sum)
	}
}

// reportReadBandwidth reports the GB a second that b.N passes over c
// read.
func reportReadBandwidth(b *testing.B, c *Citizens) {
	b.ReportMetric(float64(c.Len())*bytesPerCitizen*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s-read")
}

// streamFields reads every byte of c once and writes back the fields the
// citizens' pass writes, a field of a block at a time, then the slices of
// the other fields: tight loops whose speed is the memory bandwidth.
func streamFields(c *Citizens) (sum uint64) {
	for bi := range c.Blocks {
		h := &c.Blocks[bi]
		for _, f := range []*[BlockLen]uint8{&h.State, &h.Flags, &h.Age} {
			for i, x := range f {
				f[i] = x ^ 1
			}
		}
		for _, f := range []*[BlockLen]float32{&h.IncomeHard, &h.Civic, &h.Party} {
			for _, x := range f {
				sum += uint64(math.Float32bits(x))
			}
		}
		for _, f := range []*[BlockLen]float32{&h.Awareness, &h.Efficacy, &h.Trust, &h.TrustDist, &h.Frustr, &h.Legit, &h.ActiveFrac, &h.JailFrac, &h.NbrVoted} {
			for i, x := range f {
				f[i] = x * 0.5
			}
		}
	}
	for _, x := range c.Edu {
		sum += uint64(x)
	}
	for _, x := range c.Income {
		sum += uint64(math.Float32bits(x))
	}
	return sum
}

// BenchmarkStreamFieldsNational streams the 1:1 world's citizen arrays
// field by field (streamFields): the memory-bandwidth floor of a pass that
// reads every field and writes the pass's fields.
func BenchmarkStreamFieldsNational(b *testing.B) {
	w := benchWorld(b, 1)
	c := newCitizens(w.Citizens.Len())
	benchStreamSerial(b, w, &c, streamFields)
}

// BenchmarkStreamFieldsNationalWorkers is BenchmarkStreamFieldsNational
// with the slots split among GOMAXPROCS goroutines: the floor for a
// parallel month, when the cores share the memory bandwidth.
func BenchmarkStreamFieldsNationalWorkers(b *testing.B) {
	w := benchWorld(b, 1)
	benchStreamWorkers(b, w, func(c *Citizens) { streamFields(c) })
}

// benchStreamWorkers runs pass over arrays as large as w's citizens, split
// among GOMAXPROCS goroutines.
func benchStreamWorkers(b *testing.B, w *World, pass func(*Citizens)) {
	c := quiescentCitizens(w.Citizens.Len())
	parts := splitCitizens(&c, runtime.GOMAXPROCS(0))
	t := startPerCitizenMonth(b, livingCitizens(w))
	for i := 0; i < b.N; i++ {
		var wg sync.WaitGroup
		for j := range parts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				pass(&parts[j])
			}()
		}
		wg.Wait()
	}
	t.stop()
	reportReadBandwidth(b, &c)
}

// BenchmarkStreamNationalWorkers is BenchmarkStreamNational with the
// blocks split among GOMAXPROCS goroutines: the memory floor of a
// parallel month.
func BenchmarkStreamNationalWorkers(b *testing.B) {
	benchStreamWorkers(b, benchWorld(b, 1), func(c *Citizens) { streamPass(c) })
}

// BenchmarkStream is a streaming pass over citizen arrays as large as the
// 1:50 world's: the lower bound set by memory traffic.
func BenchmarkStream(b *testing.B) { benchStream(b, 50) }

// BenchmarkStreamNational is BenchmarkStream at 1:1 (arrays of about
// 390 MB, far beyond the caches): the memory-bandwidth limit of the
// citizens' pass on one core.
func BenchmarkStreamNational(b *testing.B) { benchStream(b, 1) }

// BenchmarkCitizenPassLarge is BenchmarkCitizenPass at 1:5: units of
// hundreds of citizens, as at 1:1, in a world that builds in a fraction of
// a second (the arrays still exceed the caches).
func BenchmarkCitizenPassLarge(b *testing.B) { benchUnitsAt(b, 5, livePass) }

// benchTrialRun returns a trial of the national default at 1:50 after
// a two-month burn-in, ready to run month 1, and its parameters.
func benchTrialRun(b *testing.B) (*BurnedIn, *Params) {
	b.Helper()
	p := Default()
	p.World.BurnInMonths = 2
	bi, err := BurnIn(context.Background(), &p, 1, 0, 1)
	if err != nil {
		b.Fatal(err)
	}
	return bi, &p
}

// BenchmarkCloneWorld copies a burned-in world at 1:50, as every arm but
// the last that shares a burn-in does (BurnedIn.Run with keep), and
// reports the time per citizen slot.
func BenchmarkCloneWorld(b *testing.B) {
	bi, _ := benchTrialRun(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = bi.w.clone()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(bi.w.Citizens.Len()), "ns/slot")
}

// BenchmarkCheckpoint saves a trial at 1:50 (TrialRun.Checkpoint) and
// takes it up again (ResumeTrial, which generates the world again), and
// reports the time and the checkpoint's bytes per citizen slot.
func BenchmarkCheckpoint(b *testing.B) {
	bi, p := benchTrialRun(b)
	t := bi.Start(p, 12, nil, false)
	slots := float64(t.w.Citizens.Len())
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := t.Checkpoint(&buf, p); err != nil {
			b.Fatal(err)
		}
		if _, err := ResumeTrial(bytes.NewReader(buf.Bytes()), p, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/slots, "ns/slot")
	b.ReportMetric(float64(buf.Len())/slots, "bytes/slot")
}
