package classroom

import (
	"github.com/decentsim/decentsim/cmd/decentsim/internal/memory"
	"github.com/decentsim/decentsim/cmd/decentsim/internal/rundir"
	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// runMemory returns about how many bytes a run of sc holds at once on
// workers goroutines: what `decentsim run` would (rundir.Memory), and
// the values kept for the page's charts.
func runMemory(sc *scenarios.Scenario, workers int) int64 {
	parts := rundir.Memory(sc, rundir.Config{Provenance: output.Provenance{Workers: workers}})
	return memory.Total(parts...) + pageBytes(sc.Trials, sc.Months) + viewBytes(sim.SizeOf(&sc.Params).Units, sc.Months)
}

// pageBytes is what a run keeps for the page's charts (newRun): each
// headline metric's monthly values and final-year means.
func pageBytes(trials, months int) int64 {
	return int64(len(headlines)) * int64(trials) * int64(months+1) * 8
}

// RunsMemory returns about how many bytes the runs the limits let go at
// once hold, each at the limits (trials, months, burn-in, agents and
// units) on workers goroutines: what the limits ask of the machine. The
// terms of office, which set how many elections a trial records, are
// the default scenario's; a run's own are counted when it starts.
func (l *Limits) RunsMemory(workers int) int64 {
	p := sim.Default()
	p.World.BurnInMonths = l.MaxBurnIn
	size := sim.WorldSize{Districts: l.MaxUnits, Units: l.MaxUnits, Slots: l.MaxAgents}
	out := output.Config{Trials: l.MaxTrials, Months: l.MaxMonths}
	one := out.Memory() + size.RunBytes(&p, l.MaxMonths, l.MaxTrials, workers) + pageBytes(l.MaxTrials, l.MaxMonths) +
		viewBytes(l.MaxUnits, l.MaxMonths)
	return int64(l.MaxRunning) * one
}
