//go:build linux

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// envClusterScaling turns TestSlurmScaling on (make cluster-scaling): it
// installs packages, starts daemons and runs for several minutes, so it
// runs only when asked, never in CI.
const envClusterScaling = "DECENTSIM_CLUSTER_SCALING"

// scalingSetting returns the environment variable name's value, or def
// when it is unset or empty.
func scalingSetting(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// A scalingTiming is what the timing wrapper of TestSlurmScaling recorded
// for one decentsim command of a job: when it started and ended (Unix
// seconds), its wall and CPU seconds and its peak memory.
type scalingTiming struct {
	start, end, wall, cpu float64
	maxRSSKB              int
	load                  string // the load average when read (set by the caller)
}

// scalingWrapper is the program TestSlurmScaling gives the jobs as
// DECENTSIM: it runs decentsim under /usr/bin/time and writes the timing
// of each array task (or of the merge job) to $DIR/time-TASK.txt.
const scalingWrapper = `#!/bin/sh
# decentsim under /usr/bin/time, for TestSlurmScaling.
f="$DIR/time-${SLURM_ARRAY_TASK_ID:-merge}.txt"
date +%%s.%%N > "$f"
status=0
/usr/bin/time -a -o "$f" -f "%%e %%U %%S %%M" %s "$@" || status=$?
date +%%s.%%N >> "$f"
exit $status
`

// readScalingTiming reads a file written by scalingWrapper.
func readScalingTiming(path string) (scalingTiming, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return scalingTiming{}, err
	}
	f := strings.Fields(string(b))
	if len(f) != 6 {
		return scalingTiming{}, fmt.Errorf("%s: want 6 fields (start, wall, user, sys, max RSS, end), got %q", path, b)
	}
	var v [6]float64
	for i, s := range f {
		if v[i], err = strconv.ParseFloat(s, 64); err != nil {
			return scalingTiming{}, fmt.Errorf("%s: field %d: %v", path, i+1, err)
		}
	}
	return scalingTiming{start: v[0], wall: v[1], cpu: v[2] + v[3], maxRSSKB: int(v[4]), end: v[5]}, nil
}

// A scalingRow is one configuration's measurement.
type scalingRow struct {
	tasks        int
	submitWall   float64 // from submit.sh to the merged folder, Slurm's latency included
	makespan     float64 // first shard's start to last shard's end
	shardCPU     float64 // all shards' CPU seconds
	shardWallMax float64 // the longest shard
	merge        scalingTiming
	maxRSSKB     int // the largest shard's peak
	identical    bool
	load         string // /proc/loadavg's 1-minute figure when the merge had ended
}

// TestSlurmScaling measures docs/CLUSTER.md's scaling table: a comparison
// (kz_appointed_pre2013 against kz_direct_2021 by default, at 1:10) run
// once on this machine without Slurm, then through deploy/slurm/submit.sh
// as an array of 1, 2 and 4 tasks of one CPU each on a one-node cluster
// started here (as TestSlurm's), timing every task and the merge, and
// checking each merged folder against the unsharded one byte for byte.
// It logs a Markdown table, also written to $DECENTSIM_SCALING_OUT when
// set. Settings: DECENTSIM_SCALING_TRIALS (8), _FLAGS ("--months 120
// --set world.represent=10"), _TASKS (1,2,4) and _SCENARIOS
// ("kz_appointed_pre2013 kz_direct_2021").
func TestSlurmScaling(t *testing.T) {
	if os.Getenv(envClusterScaling) != "1" {
		t.Skipf("set %s=1 (make cluster-scaling) to measure the Slurm array's scaling on a one-node cluster started here", envClusterScaling)
	}
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		t.Skipf("/usr/bin/time is needed to time the jobs (Debian package time): %v", err)
	}
	trials := scalingSetting("DECENTSIM_SCALING_TRIALS", "8")
	scenarios := strings.Fields(scalingSetting("DECENTSIM_SCALING_SCENARIOS", "kz_appointed_pre2013 kz_direct_2021"))
	var tasks []int
	for _, s := range strings.Split(scalingSetting("DECENTSIM_SCALING_TASKS", "1,2,4"), ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			t.Fatalf("DECENTSIM_SCALING_TASKS: %q is not a whole number of at least 1", s)
		}
		tasks = append(tasks, n)
	}
	if len(scenarios) < 2 {
		t.Fatalf("DECENTSIM_SCALING_SCENARIOS: give at least two scenarios, got %q", scenarios)
	}
	flags := strings.Fields(scalingSetting("DECENTSIM_SCALING_FLAGS", "--months 120 --set world.represent=10"))

	installSlurm(t)
	base := t.TempDir()
	bin := filepath.Join(base, "decentsim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	wrapper := filepath.Join(base, "decentsim-timed")
	if err := os.WriteFile(wrapper, fmt.Appendf(nil, scalingWrapper, bin), 0o755); err != nil {
		t.Fatal(err)
	}
	scripts, err := filepath.Abs(filepath.Join("..", "..", "deploy", "slurm"))
	if err != nil {
		t.Fatal(err)
	}

	// The unsharded comparison, on this machine with every core.
	single := filepath.Join(base, "single")
	args := append(append([]string{"compare"}, scenarios...), "--trials", trials, "--seed", "1", "--quiet", "--out", single)
	args = append(args, flags...)
	timed := exec.Command(wrapper, args...)
	timed.Env = append(os.Environ(), "DIR="+base, "SLURM_ARRAY_TASK_ID=single")
	if out, err := timed.CombinedOutput(); err != nil {
		t.Fatalf("unsharded compare: %v\n%s", err, out)
	}
	ref, err := readScalingTiming(filepath.Join(base, "time-single.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ref.load = loadAverage()

	c := startSlurm(t, filepath.Join(base, "cluster"), filepath.Dir(base))
	c.timeout = 2 * time.Hour
	var rows []scalingRow
	for _, n := range tasks {
		if d := c.exited(); d != nil {
			t.Fatalf("%s (pid %d) exited: %v", d.name, d.cmd.Process.Pid, d.err)
		}
		rows = append(rows, scalingRun(t, c, scalingJob{
			wrapper: wrapper, scripts: scripts, dir: filepath.Join(base, fmt.Sprintf("tasks-%d", n)), single: single,
			scenarios: scenarios, trials: trials, extra: strings.Join(flags, " "), tasks: n,
		}))
	}
	table := scalingTable(ref, rows)
	t.Logf("compare %s --trials %s %s\n%s", strings.Join(scenarios, " "), trials, strings.Join(flags, " "), table)
	if out := os.Getenv("DECENTSIM_SCALING_OUT"); out != "" {
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, []byte(table), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A scalingJob is one configuration of TestSlurmScaling.
type scalingJob struct {
	wrapper, scripts, dir, single string
	scenarios                     []string
	trials, extra                 string
	tasks                         int
}

// scalingRun submits job through submit.sh (WAIT=1), one CPU a task,
// reads the timings its tasks and merge left, and compares the merged
// folder with the unsharded one.
func scalingRun(t *testing.T, c *slurmCluster, job scalingJob) scalingRow {
	t.Helper()
	// Two tasks of 450 MB fit the node's 1000 MB (memory is only
	// scheduled, not enforced, with task/none): both cores can be busy.
	sbatch := "--cpus-per-task=1 --mem=450M"
	env := []string{"DECENTSIM=" + job.wrapper, "COMMAND=compare", "SCENARIO=" + job.scenarios[0], "TRIALS=" + job.trials,
		"SEED=1", "DIR=" + job.dir, "EXTRA_ARGS=" + strings.Join(job.scenarios[1:], " ") + " " + job.extra,
		"SHARDS=" + strconv.Itoa(job.tasks), "WAIT=1", "SBATCH_ARGS=" + sbatch}
	start := time.Now()
	c.run(t, env, filepath.Join(job.scripts, "submit.sh"))
	row := scalingRow{tasks: job.tasks, submitWall: time.Since(start).Seconds(), load: loadAverage()}
	first, last := 0.0, 0.0
	for i := range job.tasks {
		tm, err := readScalingTiming(filepath.Join(job.dir, fmt.Sprintf("time-%d.txt", i)))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 || tm.start < first {
			first = tm.start
		}
		last = max(last, tm.end)
		row.shardCPU += tm.cpu
		row.shardWallMax = max(row.shardWallMax, tm.wall)
		row.maxRSSKB = max(row.maxRSSKB, tm.maxRSSKB)
	}
	row.makespan = last - first
	var err error
	if row.merge, err = readScalingTiming(filepath.Join(job.dir, "time-merge.txt")); err != nil {
		t.Fatal(err)
	}
	row.identical = t.Run(fmt.Sprintf("merged-%d-equals-unsharded", job.tasks), func(t *testing.T) {
		sameFolder(t, job.single, filepath.Join(job.dir, "merged"))
	})
	return row
}

// loadAverage returns the machine's 1-minute load average, from
// /proc/loadavg ("?" if unreadable): the machine may be shared, and a
// busy one makes the tasks wait for a core.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

// scalingTable formats TestSlurmScaling's measurements as Markdown.
func scalingTable(ref scalingTiming, rows []scalingRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d CPUs; unsharded, no Slurm, all cores: %.1f s wall, %.1f s CPU, peak %d MB (load average %s)\n\n",
		runtime.NumCPU(), ref.wall, ref.cpu, ref.maxRSSKB/1024, ref.load)
	b.WriteString("| array tasks (1 CPU each) | submit to merged, wall | shards' makespan | longest shard | shards' CPU | merge wall (CPU) | peak per shard | speedup (makespan, vs the first row) | merged = unsharded | load average |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		same := "yes"
		if !r.identical {
			same = "**no**"
		}
		fmt.Fprintf(&b, "| %d | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s (%.1f s) | %d MB | %.2fx | %s | %s |\n",
			r.tasks, r.submitWall, r.makespan, r.shardWallMax, r.shardCPU, r.merge.wall, r.merge.cpu,
			r.maxRSSKB/1024, rows[0].makespan/r.makespan, same, r.load)
	}
	return b.String()
}
