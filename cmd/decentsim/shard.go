package main

import (
	"strconv"
	"strings"
)

// The environment variables --shard auto reads.
const (
	envSlurmID     = "SLURM_ARRAY_TASK_ID"
	envSlurmCount  = "SLURM_ARRAY_TASK_COUNT"
	envSlurmMin    = "SLURM_ARRAY_TASK_MIN"
	envSlurmMax    = "SLURM_ARRAY_TASK_MAX"
	envK8sIndex    = "JOB_COMPLETION_INDEX"
	envShardCount  = "DECENTSIM_SHARD_COUNT"
	shardFlagUsage = "run only shard `I/N` of the trials (0-based I; contiguous blocks: shard 0 the first trials), " +
		"or auto: I and N from a Slurm job array (I = SLURM_ARRAY_TASK_ID, N = SLURM_ARRAY_TASK_COUNT, or _MAX+1, " +
		"or DECENTSIM_SHARD_COUNT if set) or a Kubernetes Indexed Job (I = JOB_COMPLETION_INDEX, N = DECENTSIM_SHARD_COUNT); see docs/CLUSTER.md"
)

// parseShard parses a --shard value, "I/N" or "auto", and returns the
// shard's index and count. auto reads the environment through getenv
// (os.LookupEnv in the program): a Slurm array task's SLURM_ARRAY_TASK_ID
// is the index, and the count is DECENTSIM_SHARD_COUNT if set, else the
// array's size, SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MAX+1 (the
// array must then start at 0); without Slurm, a Kubernetes Indexed Job's
// JOB_COMPLETION_INDEX is the index and DECENTSIM_SHARD_COUNT the count.
// Errors are usage errors.
func parseShard(spec string, getenv func(string) (string, bool)) (index, count int, err error) {
	if spec == "auto" {
		return autoShard(getenv)
	}
	i, n, ok := strings.Cut(spec, "/")
	index, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, usagef("--shard %q: want I/N (such as 0/4, the first of 4 shards) or auto", spec)
	}
	if count < 1 || index < 0 || index >= count {
		return 0, 0, usagef("--shard %q: want 0 <= I < N", spec)
	}
	return index, count, nil
}

// autoShard is parseShard for "auto".
func autoShard(getenv func(string) (string, bool)) (index, count int, err error) {
	num := func(name string) (int, bool, error) {
		v, ok := getenv(name)
		if !ok || v == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, true, usagef("--shard auto: %s=%q is not a whole number", name, v)
		}
		return n, true, nil
	}
	id, isSlurm, err := num(envSlurmID)
	if err != nil {
		return 0, 0, err
	}
	if isSlurm {
		cnt, hasCount, err1 := num(envSlurmCount)
		lo, hasMin, err2 := num(envSlurmMin)
		hi, hasMax, err3 := num(envSlurmMax)
		given, hasGiven, err4 := num(envShardCount)
		for _, e := range []error{err1, err2, err3, err4} {
			if e != nil {
				return 0, 0, e
			}
		}
		switch {
		case hasGiven:
			// Set when some tasks of an array are rerun alone (sbatch
			// --array=17): the array's own size is not the shard count.
			cnt = given
		case hasMin && lo != 0:
			return 0, 0, usagef("--shard auto: the array starts at task %d (%s), but shards count from 0: submit --array=0-N-1, "+
				"or set %s=N when rerunning some tasks of an N-shard run", lo, envSlurmMin, envShardCount)
		case hasMax && hasCount && hi+1 != cnt:
			return 0, 0, usagef("--shard auto: %s=%d, but tasks 0..%s=%d are %d; submit the array as --array=0-%d, without a step or list",
				envSlurmCount, cnt, envSlurmMax, hi, hi+1, cnt-1)
		case !hasCount && !hasMax:
			return 0, 0, usagef("--shard auto: %s is set but neither %s nor %s; is this a Slurm job array?",
				envSlurmID, envSlurmCount, envSlurmMax)
		case !hasCount:
			cnt = hi + 1
		}
		if cnt < 1 || id >= cnt {
			return 0, 0, usagef("--shard auto: %s=%d is not a shard of %d (0..%d)", envSlurmID, id, cnt, cnt-1)
		}
		return id, cnt, nil
	}
	idx, isK8s, err := num(envK8sIndex)
	if err != nil {
		return 0, 0, err
	}
	if isK8s {
		cnt, ok, err := num(envShardCount)
		switch {
		case err != nil:
			return 0, 0, err
		case !ok:
			return 0, 0, usagef("--shard auto: %s is set but %s is not; set it to the Job's completions", envK8sIndex, envShardCount)
		case cnt < 1:
			return 0, 0, usagef("--shard auto: %s=%d; want at least 1", envShardCount, cnt)
		case idx >= cnt:
			return 0, 0, usagef("--shard auto: %s=%d is not below %s=%d", envK8sIndex, idx, envShardCount, cnt)
		}
		return idx, cnt, nil
	}
	return 0, 0, usagef("--shard auto: neither %s (a Slurm job array) nor %s (a Kubernetes Indexed Job) is set; give --shard I/N",
		envSlurmID, envK8sIndex)
}
