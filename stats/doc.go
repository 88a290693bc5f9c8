// Package stats holds every statistic decentsim computes from its trials:
// the summary of a sample (Describe: mean, standard deviation, Student t
// interval, quantiles), streaming moments for samples too many to keep
// (Moments, Mean), the comparison of two samples (PairedT for trials
// matched by seed, WelchT and MannWhitney for independent ones), Holm's
// adjustment of many p-values, percentile bootstrap intervals, and the
// weighted Gini coefficient of inequality.
//
// One package computes them so that a run's intervals, a sweep's and a
// comparison's agree, and a test checks each once against reference
// values from R or SciPy. The summaries keep the algorithms their callers
// were written with, so that no published number changes: Describe sorts
// a sample and sums twice (its result does not depend on the order of
// trials), Moments follows Welford's one-pass update (a sweep keeps three
// numbers a point and metric, not every trial), and PairedT sums in trial
// order. Their results can differ in the last bits.
//
// Conventions: NaN values are missing values and are skipped (in PairedT,
// the pair is); a statistic that needs more values than there are is
// NaN, never a division by zero or a panic; intervals are 95%; a
// difference of two samples is b − a, the second against the first
// (PairedT, WelchT). Random numbers come from a *rand.Rand the caller
// seeds (math/rand/v2); the global generator is never used.
//
// The package imports only the standard library and gonum, so the engine
// (sim) and any program may use it.
package stats
