#!/bin/bash
# Submit a decentsim run split over a Slurm job array, and a merge job
# that starts when every shard succeeded (sbatch --dependency=afterok).
#
#   SCENARIO=kz_direct_2021 TRIALS=200 SHARDS=10 DIR=$PWD/out/kz deploy/slurm/submit.sh
#
# Prints the two job ids. The merged folder is $DIR/merged. SBATCH_ARGS
# adds sbatch options to both jobs (your site's --partition or --account,
# or --cpus-per-task and --mem to override the scripts' #SBATCH lines).
# WAIT=1 waits until the merge job has ended (sbatch --wait) and exits
# with its status: 0 when every shard and the merge succeeded. See
# docs/CLUSTER.md.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
export DECENTSIM=${DECENTSIM:-decentsim}
export COMMAND=${COMMAND:-run}           # or compare, sweep, sensitivity (their flags in EXTRA_ARGS)
export SCENARIO=${SCENARIO:-kz_direct_2021}
export TRIALS=${TRIALS:-200}
export SEED=${SEED:-1}
export DIR=${DIR:-$PWD/out/cluster}
export EXTRA_ARGS=${EXTRA_ARGS:-}
SHARDS=${SHARDS:-10}
SBATCH_ARGS=${SBATCH_ARGS:-}             # more sbatch options for both jobs
WAIT=${WAIT:-0}                          # 1: return when the merge job has ended, with its status
export DECENTSIM_SHARD_COUNT=$SHARDS     # --shard auto's N, so a task rerun alone keeps it

if ! [ "$SHARDS" -ge 1 ] 2>/dev/null; then
	echo "submit.sh: SHARDS=$SHARDS must be a whole number, at least 1" >&2
	exit 2
fi
# A run's shards split its trials; compare's, sweep's and sensitivity's
# their runs (trials times scenarios or points), which decentsim checks.
if [ "$COMMAND" = run ] && [ "$SHARDS" -gt "$TRIALS" ]; then
	echo "submit.sh: SHARDS=$SHARDS must be at most TRIALS=$TRIALS" >&2
	exit 2
fi
mkdir -p "$DIR"

# --parsable prints "jobid" (or "jobid;cluster"); keep the id.
# shellcheck disable=SC2086 # SBATCH_ARGS is a list of options
array=$(sbatch --parsable $SBATCH_ARGS --array="0-$((SHARDS - 1))" --export=ALL "$here/run-array.sbatch")
array=${array%%;*}
merge_opts=(--dependency="afterok:$array" --kill-on-invalid-dep=yes --export=ALL)

if [ "$WAIT" = 1 ]; then
	echo "array job $array ($SHARDS shards of $COMMAND $SCENARIO, $TRIALS trials); waiting for the merge job"
	status=0
	# shellcheck disable=SC2086
	sbatch --wait $SBATCH_ARGS "${merge_opts[@]}" "$here/merge.sbatch" || status=$?
	if [ "$status" = 0 ]; then
		echo "results: $DIR/merged"
	else
		echo "submit.sh: the merge job failed or was cancelled (exit status $status); check the array with: sacct -j $array" >&2
	fi
	exit "$status"
fi

# shellcheck disable=SC2086
merge=$(sbatch --parsable $SBATCH_ARGS "${merge_opts[@]}" "$here/merge.sbatch")
merge=${merge%%;*}

echo "array job $array ($SHARDS shards of $COMMAND $SCENARIO, $TRIALS trials), merge job $merge"
echo "results: $DIR/merged (check with: squeue -j $array,$merge; sacct -j $array,$merge)"
