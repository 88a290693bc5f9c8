//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// envTestCluster turns TestSlurm on: it installs packages and starts
// daemons, so it runs only when asked (make test-cluster, CI).
const envTestCluster = "DECENTSIM_TEST_CLUSTER"

// The Slurm test's scale: classroom, slurmTrials trials of 24 months in
// slurmShards array tasks.
const (
	slurmTrials = 6
	slurmShards = 3
	slurmMonths = "24"
)

// slurmPackages are the Debian packages TestSlurm installs when one of
// slurmPrograms is missing.
var (
	slurmPackages = []string{"slurm-wlm", "munge"}
	slurmPrograms = []string{"munged", "mungekey", "slurmctld", "slurmd", "sbatch", "sinfo", "squeue", "scancel"}
)

// TestSlurm runs deploy/slurm's scripts on a real Slurm cluster of one
// node, started on this machine: it installs Debian's slurm-wlm and munge
// when missing, starts munged, slurmctld and slurmd with a minimal
// slurm.conf in a temporary folder, submits run-array.sbatch and then
// merge.sbatch with sbatch --wait (and the same through submit.sh, and a
// sweep through submit.sh), and checks that each merged folder equals a
// local single run (or sweep) byte for byte.
// The daemons are stopped by PID at the end, also when the test fails or
// is interrupted.
func TestSlurm(t *testing.T) {
	if os.Getenv(envTestCluster) != "1" {
		t.Skipf("set %s=1 (make test-cluster) to run the Slurm scripts on a one-node cluster started here", envTestCluster)
	}
	installSlurm(t)
	base := t.TempDir()
	bin := filepath.Join(base, "decentsim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	scripts, err := filepath.Abs(filepath.Join("..", "..", "deploy", "slurm"))
	if err != nil {
		t.Fatal(err)
	}
	c := startSlurm(t, filepath.Join(base, "cluster"), filepath.Dir(base))

	single := filepath.Join(base, "single")
	if out, err := exec.Command(bin, "run", "classroom", "--trials", strconv.Itoa(slurmTrials), "--months", slurmMonths,
		"--seed", "1", "--quiet", "--out", single).CombinedOutput(); err != nil {
		t.Fatalf("single run: %v\n%s", err, out)
	}
	// The node has one core per task and little memory: the scripts'
	// #SBATCH lines ask for more, as a site's would, and are overridden
	// on the command line as docs/CLUSTER.md says to.
	small := []string{"--cpus-per-task=1", "--mem=200M"}
	jobEnv := func(dir string) []string {
		return []string{"DECENTSIM=" + bin, "SCENARIO=classroom", "TRIALS=" + strconv.Itoa(slurmTrials), "SEED=1",
			"DIR=" + dir, "EXTRA_ARGS=--months " + slurmMonths}
	}

	t.Run("sbatch", func(t *testing.T) {
		dir := filepath.Join(base, "sbatch")
		env := jobEnv(dir)
		out := c.run(t, env, "sbatch", append(small, "--wait", "--parsable", "--array=0-"+strconv.Itoa(slurmShards-1),
			"--export=ALL", filepath.Join(scripts, "run-array.sbatch"))...)
		array, _, _ := strings.Cut(strings.TrimSpace(out), ";")
		c.run(t, env, "sbatch", append(small, "--wait", "--dependency=afterok:"+array, "--kill-on-invalid-dep=yes",
			"--export=ALL", filepath.Join(scripts, "merge.sbatch"))...)
		sameFolder(t, single, filepath.Join(dir, "merged"))
		for i := range slurmShards {
			if _, err := os.Stat(filepath.Join(c.dir, fmt.Sprintf("decentsim-shard-%s_%d.out", array, i))); err != nil {
				t.Errorf("array task %d wrote no job output: %v", i, err)
			}
		}
	})

	if d := c.exited(); d != nil {
		t.Fatalf("%s (pid %d) exited: %v; not submitting through submit.sh", d.name, d.cmd.Process.Pid, d.err)
	}
	t.Run("submit.sh", func(t *testing.T) {
		dir := filepath.Join(base, "submit")
		env := append(jobEnv(dir), "SHARDS="+strconv.Itoa(slurmShards), "WAIT=1", "SBATCH_ARGS="+strings.Join(small, " "))
		c.run(t, env, filepath.Join(scripts, "submit.sh"))
		sameFolder(t, single, filepath.Join(dir, "merged"))
	})

	// A sweep sharded over its runs, through the same scripts.
	if d := c.exited(); d != nil {
		t.Fatalf("%s (pid %d) exited: %v; not submitting the sweep", d.name, d.cmd.Process.Pid, d.err)
	}
	t.Run("sweep", func(t *testing.T) {
		vary := "--vary fiscal.patronage_weight=0:1:3"
		sweep := filepath.Join(base, "sweep-single")
		args := append([]string{"sweep", "classroom", "--trials", "2", "--months", slurmMonths, "--seed", "1", "--quiet", "--out", sweep},
			strings.Fields(vary)...)
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("single sweep: %v\n%s", err, out)
		}
		dir := filepath.Join(base, "sweep")
		env := []string{"DECENTSIM=" + bin, "COMMAND=sweep", "SCENARIO=classroom", "TRIALS=2", "SEED=1", "DIR=" + dir,
			"EXTRA_ARGS=--months " + slurmMonths + " " + vary, "SHARDS=" + strconv.Itoa(slurmShards), "WAIT=1",
			"SBATCH_ARGS=" + strings.Join(small, " ")}
		c.run(t, env, filepath.Join(scripts, "submit.sh"))
		sameFolder(t, sweep, filepath.Join(dir, "merged"))
	})
}

// installSlurm installs slurmPackages with apt-get unless every one of
// slurmPrograms is already on PATH (or in /usr/sbin).
func installSlurm(t *testing.T) {
	var missing []string
	for _, p := range slurmPrograms {
		if _, err := lookSbin(p); err != nil {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return
	}
	if os.Geteuid() != 0 {
		t.Fatalf("%s not found, and installing %s needs root: apt-get install %s", strings.Join(missing, ", "),
			strings.Join(slurmPackages, " and "), strings.Join(slurmPackages, " "))
	}
	t.Logf("%s not found: installing %s", strings.Join(missing, ", "), strings.Join(slurmPackages, " "))
	apt := func(args ...string) error {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("apt-get %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	install := append([]string{"install", "-y", "-q", "--no-install-recommends"}, slurmPackages...)
	if err := apt(install...); err != nil {
		// The package lists may be missing or stale: update, then retry.
		if err := apt("update", "-q"); err != nil {
			t.Fatal(err)
		}
		if err := apt(install...); err != nil {
			t.Fatal(err)
		}
	}
}

// lookSbin is exec.LookPath, also looking in /usr/sbin and /sbin, which a
// non-login root shell may not have on PATH.
func lookSbin(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/sbin"} {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: not found on PATH or in /usr/sbin", name)
}

// A slurmCluster is the daemons of a one-node Slurm cluster started by
// startSlurm, with their configuration and logs in dir.
type slurmCluster struct {
	dir     string
	env     []string // the environment of every daemon and client: SLURM_CONF and the marker
	marker  string   // an environment entry unique to this cluster's processes
	daemons []*daemon
	timeout time.Duration // bounds each run; slurmJobTimeout when 0
}

// A daemon is one process started by the cluster, in the foreground.
type daemon struct {
	name string
	cmd  *exec.Cmd
	done chan struct{} // closed when it exited
	err  error         // its exit, once done is closed
}

// startSlurm starts munged, slurmctld and slurmd in dir and waits until
// the node is idle. Stopping them is registered with t.Cleanup, and also
// happens if the test binary gets SIGINT or SIGTERM, which then removes
// tmp (the test's temporary folder, which t.Cleanup would remove) and
// exits.
func startSlurm(t *testing.T, dir, tmp string) *slurmCluster {
	for _, sub := range []string{"munge", "state", "spool", "log"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	killStale(t)
	c := &slurmCluster{dir: dir, marker: fmt.Sprintf("%s=%d:%s", envSlurmMarker, os.Getpid(), dir)}
	c.env = append(os.Environ(), "SLURM_CONF="+filepath.Join(dir, "slurm.conf"), c.marker)
	t.Cleanup(func() {
		c.stop(t)
		if t.Failed() {
			c.logTails(t)
		}
	})
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	stopped := make(chan struct{})
	t.Cleanup(func() { signal.Stop(sigs); close(stopped) })
	go func() {
		select {
		case s := <-sigs:
			fmt.Fprintf(os.Stderr, "TestSlurm: %v: stopping the Slurm daemons\n", s)
			c.stop(t)
			os.RemoveAll(tmp)
			os.Exit(1)
		case <-stopped:
		}
	}()

	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	host, _, _ = strings.Cut(host, ".")
	ctldPort, slurmdPort := freePort(t), freePort(t)
	munge := filepath.Join(dir, "munge")
	conf := fmt.Sprintf(`# A one-node cluster for decentsim's TestSlurm.
ClusterName=decentsimtest
SlurmctldHost=%[1]s(127.0.0.1)
SlurmctldPort=%[2]d
SlurmdPort=%[3]d
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=%[4]s/munge.socket
StateSaveLocation=%[5]s/state
SlurmdSpoolDir=%[5]s/spool
SlurmctldPidFile=%[5]s/slurmctld.pid
SlurmdPidFile=%[5]s/slurmd.pid
SlurmctldLogFile=%[5]s/log/slurmctld.log
SlurmdLogFile=%[5]s/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
NodeName=%[1]s NodeAddr=127.0.0.1 CPUs=2 RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=%[1]s Default=YES MaxTime=INFINITE State=UP
`, host, ctldPort, slurmdPort, munge, dir)
	if err := os.WriteFile(filepath.Join(dir, "slurm.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}

	key := filepath.Join(munge, "munge.key")
	c.command(t, "mungekey", "--create", "--keyfile="+key)
	c.start(t, "munged", "--foreground", "--force", "--socket="+filepath.Join(munge, "munge.socket"), "--key-file="+key,
		"--log-file="+filepath.Join(dir, "log", "munged.log"), "--pid-file="+filepath.Join(munge, "munged.pid"),
		"--seed-file="+filepath.Join(munge, "munged.seed"))
	c.waitFor(t, "munged's socket", func() bool {
		_, err := os.Stat(filepath.Join(munge, "munge.socket"))
		return err == nil
	})
	c.start(t, "slurmctld", "-D", "-i")
	c.start(t, "slurmd", "-D")
	c.waitFor(t, "the node to be idle", func() bool {
		out, err := c.output("sinfo", "--noheader", "--format=%T")
		return err == nil && strings.TrimSpace(out) == "idle"
	})
	return c
}

// freePort returns a TCP port free on this machine now.
func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// command runs a program of the cluster's to its end, or fails the test.
func (c *slurmCluster) command(t *testing.T, name string, args ...string) {
	if out, err := c.output(name, args...); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// output runs a program with the cluster's environment and returns its
// combined output.
func (c *slurmCluster) output(name string, args ...string) (string, error) {
	path, err := lookSbin(name)
	if err != nil {
		return "", err
	}
	cmd := exec.Command(path, args...)
	cmd.Env, cmd.Dir = c.env, c.dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := startLocked(cmd); err != nil {
		return "", err
	}
	err = cmd.Wait()
	return out.String(), err
}

// startLocked starts cmd from a goroutine locked to its thread: a
// Pdeathsig is sent when the thread that started the process exits, not
// the process, and Go may end threads.
func startLocked(cmd *exec.Cmd) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return cmd.Start()
}

// start starts a daemon in the foreground, its output in log/NAME.out.
// It runs in its own process group, so a Ctrl-C meant for go test reaches
// the test binary (which stops the cluster) rather than the daemon, and
// gets SIGTERM if the test binary dies without stopping it.
func (c *slurmCluster) start(t *testing.T, name string, args ...string) {
	path, err := lookSbin(name)
	if err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(c.dir, "log", name+".out"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command(path, args...)
	cmd.Env, cmd.Dir, cmd.Stdout, cmd.Stderr = c.env, c.dir, logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := startLocked(cmd); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	d := &daemon{name: name, cmd: cmd, done: make(chan struct{})}
	go func() { d.err = cmd.Wait(); close(d.done) }()
	c.daemons = append(c.daemons, d)
}

// waitFor polls ok for up to 30 seconds, failing the test when it is not
// true by then or when a daemon exits meanwhile.
func (c *slurmCluster) waitFor(t *testing.T, what string, ok func() bool) {
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if d := c.exited(); d != nil {
			t.Fatalf("waiting for %s: %s (pid %d) exited: %v", what, d.name, d.cmd.Process.Pid, d.err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 30 s for %s", what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// exited returns a daemon that has exited, or nil.
func (c *slurmCluster) exited() *daemon {
	for _, d := range c.daemons {
		select {
		case <-d.done:
			return d
		default:
		}
	}
	return nil
}

// slurmJobTimeout bounds each sbatch --wait of TestSlurm.
const slurmJobTimeout = 5 * time.Minute

// run runs a client program (a Slurm command or a deploy script) with the
// cluster's environment plus env, in the cluster's folder, and returns its
// standard output. It fails the test if the program fails, takes longer
// than c.timeout (slurmJobTimeout if 0), or a daemon exits while it runs.
func (c *slurmCluster) run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	path := name
	if !strings.ContainsRune(name, '/') {
		var err error
		if path, err = lookSbin(name); err != nil {
			t.Fatal(err)
		}
	}
	timeout := c.timeout
	if timeout == 0 {
		timeout = slurmJobTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	var stdout, stderr bytes.Buffer
	cmd.Env, cmd.Dir, cmd.Stdout, cmd.Stderr = append(c.env, env...), c.dir, &stdout, &stderr
	// A script's sbatch --wait is a child of the script: on cancel, kill
	// the process group, and stop waiting for output it may hold open.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	if err := startLocked(cmd); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	line := name + " " + strings.Join(args, " ")
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: %v after %v\nstdout:\n%s\nstderr:\n%s", line, err, time.Since(start).Round(time.Millisecond), &stdout, &stderr)
			}
			t.Logf("%s: %v", line, time.Since(start).Round(time.Millisecond))
			return stdout.String()
		case <-time.After(time.Second):
			if d := c.exited(); d != nil {
				cancel()
				<-done
				t.Fatalf("%s: %s (pid %d) exited while it ran: %v", line, d.name, d.cmd.Process.Pid, d.err)
			}
		}
	}
}

// stop cancels the cluster's jobs, stops its daemons by PID (SIGTERM,
// then SIGKILL after 10 seconds), and kills any process they left (job
// steps and scripts), found by the marker in their environment. It may
// be called more than once.
func (c *slurmCluster) stop(t *testing.T) {
	if d := c.daemonNamed("slurmctld"); d != nil && !isDone(d) {
		if out, err := c.output("squeue", "--noheader", "--format=%i"); err == nil && strings.TrimSpace(out) != "" {
			c.output("scancel", strings.Fields(out)...)
		}
	}
	for i := len(c.daemons) - 1; i >= 0; i-- { // slurmd, slurmctld, munged
		d := c.daemons[i]
		if isDone(d) {
			continue
		}
		d.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-d.done:
		case <-time.After(10 * time.Second):
			t.Logf("%s (pid %d) did not stop on SIGTERM; killing it", d.name, d.cmd.Process.Pid)
			d.cmd.Process.Kill()
			<-d.done
		}
	}
	for _, pid := range c.leftovers() {
		t.Logf("killing pid %d, left by the cluster", pid)
		syscall.Kill(pid, syscall.SIGKILL)
	}
}

// leftovers returns the processes, other than this one, whose environment
// holds the cluster's marker: job steps and the job scripts' programs.
func (c *slurmCluster) leftovers() []int {
	return marked(func(marker string) bool { return marker == c.marker })
}

// envSlurmMarker is the environment variable that marks every process a
// TestSlurm cluster starts (daemons, clients, and through them job steps
// and jobs): its value is the test binary's PID, a colon and the
// cluster's folder.
const envSlurmMarker = "DECENTSIM_SLURM_TEST"

// marked returns the processes, other than this one, with an
// envSlurmMarker entry for which match is true.
func marked(match func(marker string) bool) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	prefix := []byte(envSlurmMarker + "=")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		for _, kv := range bytes.Split(env, []byte{0}) {
			if bytes.HasPrefix(kv, prefix) && match(string(kv)) {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids
}

// killStale kills the processes left by an earlier TestSlurm whose test
// binary was killed outright (its daemons died with it, by Pdeathsig, but
// job steps outlive slurmd by design): those whose marker names a test
// binary no longer running. A cluster of a test still running, on this
// machine, is left alone.
func killStale(t *testing.T) {
	stale := marked(func(marker string) bool {
		_, value, _ := strings.Cut(marker, "=")
		owner, _, _ := strings.Cut(value, ":")
		pid, err := strconv.Atoi(owner)
		return err == nil && errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
	})
	for _, pid := range stale {
		t.Logf("killing pid %d, left by an earlier TestSlurm that was killed", pid)
		syscall.Kill(pid, syscall.SIGKILL)
	}
}

func (c *slurmCluster) daemonNamed(name string) *daemon {
	for _, d := range c.daemons {
		if d.name == name {
			return d
		}
	}
	return nil
}

func isDone(d *daemon) bool {
	select {
	case <-d.done:
		return true
	default:
		return false
	}
}

// logTails logs the end of each daemon's log and of each job's output.
func (c *slurmCluster) logTails(t *testing.T) {
	logs, _ := filepath.Glob(filepath.Join(c.dir, "log", "*"))
	jobs, _ := filepath.Glob(filepath.Join(c.dir, "*.out"))
	for _, f := range append(logs, jobs...) {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if len(b) > 3000 {
			b = b[len(b)-3000:]
		}
		t.Logf("%s:\n%s", f, b)
	}
}
