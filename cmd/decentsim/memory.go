package main

import (
	"runtime"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/memory"
	"github.com/decentsim/decentsim/cmd/decentsim/internal/rundir"
	"github.com/decentsim/decentsim/experiment"
	"github.com/decentsim/decentsim/sim"
)

// maxMemoryUsage is the usage of run's, compare's, sweep's, sensitivity's
// and merge's --max-memory.
const maxMemoryUsage = "the most memory a run may need, in GB or with a unit (`SIZE`: 64, 64GB, 512MB, 2TB); " +
	"a run estimated to need more is refused before it starts (default: the memory available now)"

// checkMemory refuses the command what, as bad input (exit status 2),
// if parts, what it will hold in memory, exceed the limit of flag.
func checkMemory(what string, flag *memory.Flag, parts ...memory.Part) error {
	if err := memory.Check(what, flag.Limit(), flag.Name(), parts...); err != nil {
		return usageError{err}
	}
	return nil
}

// checkBatchMemory refuses the batch command what (a comparison, sweep
// or sensitivity analysis), as checkMemory does, if its runs of batch,
// with kept what its writer keeps, would not fit. The model's part is
// that of the batch's largest arm, as if every run were of it; when arms
// share burn-ins, a worker holds a burned-in world besides the one it
// runs, counted as a second worker.
func (o *batchOptions) checkBatchMemory(what string, batch *experiment.Batch, kept memory.Part) error {
	runs := batch.Runs()
	if batch.Block != nil {
		runs = batch.Block.Runs
	}
	worlds, shared := o.workers, batch.SharesBurnIn()
	if shared {
		if worlds <= 0 {
			worlds = runtime.GOMAXPROCS(0)
		}
		worlds *= 2
	}
	var model int64
	for arm := range batch.Arms {
		if p, err := batch.Params(arm); err == nil {
			model = max(model, sim.RunBytes(p, batch.Months, runs, worlds))
		}
	}
	part := rundir.ModelPart(model, runs, o.workers, false)
	if shared {
		part.What += ", and as many burned-in worlds, shared by the runs that differ only by events"
	}
	return checkMemory(what, o.maxMemory, kept, part)
}
