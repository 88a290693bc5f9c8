// Package sensitivity holds the estimators of decentsim's global
// sensitivity analysis: Morris elementary effects for screening many
// parameters, and Sobol' first-order and total indices, with Saltelli's
// sampling, for apportioning an outcome's variance among a few.
//
// Both work on the unit hypercube [0,1]^k: a design function
// (MorrisDesign, or SaltelliDesign on base samples such as those of
// SobolSequence) returns the points at which to evaluate the model, the
// caller maps each coordinate to its parameter's range and evaluates,
// and an estimator (Morris, Sobol) turns the outcomes, in the design's
// order, into indices. The package knows
// nothing of scenarios or the simulation; its tests check it against
// functions whose indices are known analytically.
//
// Randomness comes from a *rand.Rand the caller seeds (math/rand/v2); the
// global generator is never used.
package sensitivity
