// Package output writes what the engine produced into an output folder:
// tidy CSV data, summary statistics, charts, a readable report and a
// manifest that says how the run was made.
//
// A run's folder holds
//
//	manifest.json  how the run was made and how it ended: its Provenance
//	               (program, version, command line, scenario and its hash,
//	               seed, trials, months, workers, start, end, status),
//	               the files written, and its shard (see Manifest)
//	scenario.toml  the resolved scenario: re-running it reproduces the data
//	series.csv     scenario,trial,seed,month, then one column per metric
//	               (sim.Metrics order): one row per trial and month
//	elections.csv  one row per election held in any trial
//	events.csv     each trial's event log (sim.LogEvent): shocks, protests,
//	               dismissals, elections, in the order they happened
//	summary.csv    month,metric,mean,sd,ci95_low,ci95_high,p05,p50,p95:
//	               statistics across trials, one row per month and metric
//	summary.md     the final-year table a person reads first
//	charts/        NAME.png and NAME.svg for each headline metric, and
//	               dashboard.png and dashboard.svg with all six
//
// A run of a model with its own metric set (Config.Metrics, such as the
// classic model's sim.ClassicMetrics) writes the same folder with that
// set's columns in series.csv and summary.csv, its headline metrics on the
// charts, and no elections.csv or events.csv; its trials are added with AddSeries.
//
// A command drives it in four steps: Prepare the folder, NewRun, Add each
// trial as sim.Run emits it, and Finish (or Abort):
//
//	if err := output.Prepare(dir, force); err != nil { ... }
//	run, err := output.NewRun(output.Config{Dir: dir, Scenario: name, ...})
//	err = sim.Run(ctx, params, cfg, run.Add)
//	ferr := run.Finish(output.StatusOf(err), time.Now(), err)
//
// Every writer (Run, Comparison, Sweep, Sensitivity) takes the command's
// Provenance in its configuration and completes it for the manifest, the
// same record at the head of every manifest.json, a merge's and a
// shard's included.
//
// # Files are never half-written
//
// Every file is written under a temporary name (".NAME.tmp-RANDOM") in its
// final directory and renamed into place only when complete (Create,
// WriteFile); on error the temporary file is removed. Each writer's files
// go through one sink (sink.go): series.csv and elections.csv (and a
// comparison's or sweep's trials.csv) are streamed as trials arrive and
// renamed by Finish all together, or, if any of them fails, none; a
// process killed before then leaves only hidden temporary files, which
// Prepare with force removes. The other files are written whole, and the
// manifest last, listing every file written. Write errors name the final
// path: "output: write out/x/series.csv: no space left on device".
//
// # Determinism
//
// The data files (series.csv, elections.csv, summary.csv, summary.md,
// scenario.toml) depend only on the trials added, in the order added, so
// they are byte-identical for identical inputs whatever the number of
// workers. Floats are written with strconv's shortest representation that
// round-trips ('g', -1); NaN is written "NA" and infinities "Inf" and
// "-Inf", which R and pandas read as missing and infinite values. Charts
// are drawn from the same numbers with gonum/plot's embedded fonts.
//
// # Shards and merging
//
// A run can be split across machines: ShardOf gives shard I of N, a
// contiguous block of the trials, and a shard's Config.Shard is recorded
// in its manifest. Merge reads the shard folders' series.csv and
// elections.csv back (read.go), checks that the shards belong to one run
// and that none is missing, duplicated or interrupted, and feeds their
// trials, in order, to a Run; since a trial's rows depend only on its
// values, the merged data files are byte-identical to a single run's of
// the same trials. A comparison, sweep or sensitivity analysis is split
// the same way over its runs (BatchShardOf: trial k of one scenario or
// point each); its shard folders also hold ShardDesignFile, the whole
// design, and Merge rebuilds the command's writer from it and adds the
// shards' runs in order. docs/CLUSTER.md describes the commands.
//
// # Memory
//
// Aggregation streams: a TrialResult is not kept after Add returns. What a
// Run keeps is one float64 per trial, month and metric (the numbers of
// series.csv, in binary), because exact quantiles (p05, p50, p95) across
// trials need every value of a month and metric. Memory therefore grows
// only with trials × months × metrics, as the data written out does:
// 8 bytes a value, less than the text of series.csv. float64 rather than
// float32 keeps the summary exact and identical to what series.csv holds.
//
// # Statistics
//
// For each month and metric, the statistics are over trials, skipping NaN
// values: mean; sd, the sample standard deviation (n-1 denominator);
// ci95_low and ci95_high, the 95% interval for the mean that stays in the
// metric's range (stats.BoundedInterval: the Student t interval
// mean ∓ t(0.975, n-1)·sd/√n on the arcsine-square-root scale for a
// metric bounded in 0–1, on the square-root scale for a count,
// back-transformed); p05, p50 and p95, quantiles of type 7 in Hyndman
// and Fan's classification ("Sample quantiles in statistical packages",
// The American Statistician 50(4), 1996), the default of R and numpy.
// With one value, sd and the interval are NA; with none, everything is NA.
// Package stats computes them (stats.Describe), and a comparison's paired
// differences and Holm adjustment (stats.PairedT, stats.Holm).
package output
