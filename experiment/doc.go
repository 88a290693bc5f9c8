// Package experiment designs experiments on the model and runs them: the
// parameters to vary and their values, the points of a design, and the
// trials at each point, with common random numbers and in shards.
//
// A Parser reads vary specs, section.key=VALUES, into Vary values (a
// parameter and its levels or range). A Design is the points to run:
// every combination of the levels (Grid), a Latin hypercube sample
// (LatinHypercube), or any points of the unit hypercube mapped to the
// parameters' ranges (Unit). Design.Params applies a point to a copy of
// a scenario's sim.Params, and Design.Check validates every point with
// Params.Validate before anything runs.
//
// A Sensitivity is a global sensitivity analysis: Morris elementary
// effects for screening many parameters, and Sobol' first-order and
// total indices, with Saltelli's sampling, for apportioning an outcome's
// variance among a few. Its Design returns points in [0,1]^k (from
// MorrisDesign, or SaltelliDesign on base samples such as those of
// SobolSequence), the caller maps and runs them, and Estimate turns the
// outcomes, in the design's order, into indices with bootstrap intervals
// (from the estimators Morris and Sobol). The estimators' tests check
// them against functions whose indices are known analytically.
//
// A Batch runs the trials of several arms (the scenarios of a
// comparison, the points of a design) trial by trial, trial k of every
// arm with the same seed and trial index, all of them or a shard's
// Block, and gives each result, in order, to a function of the caller's:
// the package writes no file. Its results are the same for any number
// of workers.
//
// Randomness comes from PCG streams of the run's seed (math/rand/v2);
// the global generator is never used. The package imports sim and stats
// only: it reads no scenario file and writes no output. Its specs are
// those of decentsim's command line, and a Parser's messages name its
// options.
package experiment
