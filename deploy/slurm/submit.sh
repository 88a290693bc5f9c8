#!/bin/bash
# Submit a decentsim run split over a Slurm job array, and a merge job
# that starts when every shard succeeded (sbatch --dependency=afterok).
#
#   SCENARIO=kz_direct_2021 TRIALS=200 SHARDS=10 DIR=$PWD/out/kz deploy/slurm/submit.sh
#
# Prints the two job ids. The merged folder is $DIR/merged. See
# docs/CLUSTER.md.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
export DECENTSIM=${DECENTSIM:-decentsim}
export SCENARIO=${SCENARIO:-kz_direct_2021}
export TRIALS=${TRIALS:-200}
export SEED=${SEED:-1}
export DIR=${DIR:-$PWD/out/cluster}
export EXTRA_ARGS=${EXTRA_ARGS:-}
SHARDS=${SHARDS:-10}
export DECENTSIM_SHARD_COUNT=$SHARDS     # --shard auto's N, so a task rerun alone keeps it

if ! [ "$SHARDS" -ge 1 ] 2>/dev/null || [ "$SHARDS" -gt "$TRIALS" ]; then
	echo "submit.sh: SHARDS=$SHARDS must be between 1 and TRIALS=$TRIALS" >&2
	exit 2
fi
mkdir -p "$DIR"

# --parsable prints "jobid" (or "jobid;cluster"); keep the id.
array=$(sbatch --parsable --array="0-$((SHARDS - 1))" --export=ALL "$here/run-array.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes --export=ALL "$here/merge.sbatch")
merge=${merge%%;*}

echo "array job $array ($SHARDS shards of $TRIALS trials of $SCENARIO), merge job $merge"
echo "results: $DIR/merged (check with: squeue -j $array,$merge; sacct -j $array,$merge)"
