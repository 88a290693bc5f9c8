package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/memory"
	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
)

const mergeSynopsis = "merge SHARD_DIR... --out DIR [--allow-partial] [--no-charts] [--max-memory SIZE] [--force] [--quiet]"

const mergeExample = `  decentsim run classroom --trials 90 --shard 0/3 --out out/cls/shard-0   # on three machines,
  decentsim run classroom --trials 90 --shard 1/3 --out out/cls/shard-1   # or as a Slurm array
  decentsim run classroom --trials 90 --shard 2/3 --out out/cls/shard-2   # (docs/CLUSTER.md)
  decentsim merge out/cls/shard-* --out out/classroom

The shards of a compare, sweep or sensitivity command made with --shard
merge the same way, into the folder the command would write unsharded.`

// mergeCmd merges the shard folders of a run, comparison, sweep or
// sensitivity analysis made with --shard.
func mergeCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("merge", mergeSynopsis, mergeExample, stderr)
	out := fs.String("out", "", "the merged output folder (required)")
	partial := fs.Bool("allow-partial", false, "merge a run's shards even if some are missing or interrupted; the manifest and summary.md name the missing trials")
	noCharts := fs.Bool("no-charts", false, "write no charts")
	force := fs.Bool("force", false, "overwrite the output folder's files if it is not empty")
	quiet := fs.Bool("quiet", false, "print nothing on stderr but errors (and no note of a partial merge)")
	maxMemory := memory.NewFlag("--max-memory")
	fs.Var(maxMemory, "max-memory", maxMemoryUsage)
	dirs, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *out == "":
		return usagef("merge needs --out DIR, the merged folder")
	case len(dirs) == 0:
		return usagef("merge needs the shard folders: decentsim %s", mergeSynopsis)
	}
	for _, d := range dirs {
		if filepath.Clean(d) == filepath.Clean(*out) {
			return usagef("--out %s is one of the shard folders; choose another", *out)
		}
	}
	m, err := output.Merge(output.MergeConfig{
		Shards: dirs, Dir: *out, Force: *force, AllowPartial: *partial,
		Provenance: provenance(ctx, "merge", 0), NoCharts: *noCharts,
		SensitivityIndices: mergedIndices,
		Events: func(toml []byte, months int) ([]output.ChartEvent, error) {
			s, err := scenarios.Parse(output.ScenarioFile, toml, nil)
			if err != nil {
				return nil, err
			}
			return output.ScheduledEvents(&s.Params, months), nil
		},
		Memory: func(bytes int64) error {
			return checkMemory("merge", maxMemory, memory.Part{Bytes: bytes,
				What: "the merged runs' values, kept for the statistics across trials",
				Hint: "merge on a machine with more memory"})
		},
	})
	if err != nil {
		var me *output.MergeError
		var ue usageError
		switch {
		case errors.As(err, &ue): // too large for the memory
			return err
		case errors.As(err, &me):
			return usageError{err}
		}
		return badFolder(err)
	}
	fmt.Fprintln(stdout, *out)
	if m.Merged != nil && len(m.Merged.Missing) > 0 && !*quiet {
		fmt.Fprintf(stderr, "decentsim: partial merge: %d of %d trials; the missing ones are listed in %s\n",
			m.TrialsDone, m.Trials, filepath.Join(*out, output.ManifestFile))
	}
	return nil
}
