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
		"or auto: I and N from a Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT or _MIN/_MAX) " +
		"or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with N in DECENTSIM_SHARD_COUNT); see docs/CLUSTER.md"
)

// parseShard parses a --shard value, "I/N" or "auto", and returns the
// shard's index and count. auto reads the environment through getenv (os.LookupEnv
// in the program): a Slurm array task's SLURM_ARRAY_TASK_ID, with the
// count from SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MAX-MIN+1 and the
// index from ID-MIN; else a Kubernetes Indexed Job's JOB_COMPLETION_INDEX
// with the count from DECENTSIM_SHARD_COUNT. Errors are usage errors.
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
		for _, e := range []error{err1, err2, err3} {
			if e != nil {
				return 0, 0, e
			}
		}
		switch {
		case hasMin && hasMax && hi < lo:
			return 0, 0, usagef("--shard auto: %s=%d is below %s=%d", envSlurmMax, hi, envSlurmMin, lo)
		case hasMin && hasMax && hasCount && hi-lo+1 != cnt:
			return 0, 0, usagef("--shard auto: %s=%d, but %s..%s span %d tasks; submit the array as --array=0-%d without a step or list",
				envSlurmCount, cnt, envSlurmMin, envSlurmMax, hi-lo+1, cnt-1)
		case !hasCount && !(hasMin && hasMax):
			return 0, 0, usagef("--shard auto: %s is set but neither %s nor %s and %s; is this a Slurm job array?",
				envSlurmID, envSlurmCount, envSlurmMin, envSlurmMax)
		case !hasCount:
			cnt = hi - lo + 1
		}
		index = id - lo // lo is 0 when not given
		if index < 0 || index >= cnt {
			return 0, 0, usagef("--shard auto: %s=%d is not in the array's %d tasks from %d", envSlurmID, id, cnt, lo)
		}
		return index, cnt, nil
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
