package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// The bench command measures the two figures issue 7 sets targets for
// (docs/PERFORMANCE.md): one national trial at 1:1 on every core, and the
// trial throughput of the classroom scenario on one worker and on all.

const benchSynopsis = "bench [--represent R] [--months M] [--workers W] [--trials N] [--national=false] [--classroom=false] [--json]"

const benchExample = `  decentsim bench                        # national 1:1 and classroom speedup (one to two minutes on 2 cores, 800 MB)
  decentsim bench --represent 50 --json  # a quicker national run, as JSON`

// benchReport is what the bench command measured.
type benchReport struct {
	GoVersion string          `json:"go_version"`
	OS        string          `json:"os"`
	Arch      string          `json:"arch"`
	CPUs      int             `json:"cpus"`
	CPUModel  string          `json:"cpu_model,omitempty"`
	National  *nationalBench  `json:"national,omitempty"`
	Classroom *classroomBench `json:"classroom,omitempty"`
}

// nationalBench is one trial of the national default scenario.
type nationalBench struct {
	Scenario     string `json:"scenario"`
	Represent    int    `json:"represent"`
	Months       int    `json:"months"`
	BurnInMonths int    `json:"burn_in_months"`
	Workers      int    `json:"workers"`
	// Citizens are the living agents in month 1; CitizenMonths counts
	// every month run, the burn-in at month 1's population.
	Citizens      int     `json:"citizens"`
	CitizenMonths float64 `json:"citizen_months"`
	WallSeconds   float64 `json:"wall_seconds"`
	CPUSeconds    float64 `json:"cpu_seconds,omitempty"`
	// NsPerCitizenMonth is wall time, CPUNsPerCitizenMonth CPU time
	// (all threads), per citizen-month.
	NsPerCitizenMonth    float64 `json:"ns_per_citizen_month"`
	CPUNsPerCitizenMonth float64 `json:"cpu_ns_per_citizen_month,omitempty"`
	// PeakMemoryBytes is the process's peak resident set (VmHWM) where the
	// system reports it, else the memory the Go runtime obtained (Sys).
	PeakMemoryBytes  uint64  `json:"peak_memory_bytes"`
	PeakMemorySource string  `json:"peak_memory_source"`
	BytesPerCitizen  float64 `json:"bytes_per_citizen"` // the peak over the citizens
	// SlotBytes is the model's storage of a citizen slot without the
	// network, SlotNetworkBytes the network's a slot (sim.World.SlotBytes),
	// and SlotsPerCitizen the world's slots over its living citizens in
	// month 1 (room for births and arrivals).
	SlotBytes        float64 `json:"slot_bytes"`
	SlotNetworkBytes float64 `json:"slot_network_bytes"`
	SlotsPerCitizen  float64 `json:"slots_per_citizen"`
	// StreamNsPerCitizenMonth is the streaming limit measured after the
	// trial: the wall time per citizen-month of the fastest of three
	// passes that stream citizen arrays as large as the world's on the
	// same workers (sim.StreamCitizens). StreamRatio is the trial's wall
	// time per citizen-month over it; StreamCPURatio its CPU time per
	// citizen-month over the limit times the workers.
	StreamNsPerCitizenMonth float64 `json:"stream_ns_per_citizen_month"`
	StreamRatio             float64 `json:"stream_ratio"`
	StreamCPURatio          float64 `json:"stream_cpu_ratio,omitempty"`
}

// classroomBench is the classroom scenario's trial throughput.
type classroomBench struct {
	Scenario             string  `json:"scenario"`
	Trials               int     `json:"trials"`
	Months               int     `json:"months"`
	Workers              int     `json:"workers"`
	SerialSeconds        float64 `json:"serial_seconds"`
	ParallelSeconds      float64 `json:"parallel_seconds"`
	SerialTrialsPerSec   float64 `json:"serial_trials_per_second"`
	ParallelTrialsPerSec float64 `json:"parallel_trials_per_second"`
	Speedup              float64 `json:"speedup"`
	Efficiency           float64 `json:"parallel_efficiency"` // speedup per worker
}

type benchOptions struct {
	represent, months, workers, trials int
	national, classroom, json          bool
}

func benchCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	var o benchOptions
	fs := newFlags("bench", benchSynopsis, benchExample, stderr)
	fs.IntVar(&o.represent, "represent", 1, "residents per citizen agent in the national run (1 is the whole country at 1:1)")
	fs.IntVar(&o.months, "months", 120, "recorded months per trial (the burn-in runs as well)")
	fs.IntVar(&o.workers, "workers", 0, "goroutines for the national trial and the parallel classroom run (default: all cores)")
	fs.IntVar(&o.trials, "trials", 0, "classroom trials (default: the scenario's meta.trials)")
	fs.BoolVar(&o.national, "national", true, "run the national trial")
	fs.BoolVar(&o.classroom, "classroom", true, "run the classroom throughput")
	fs.BoolVar(&o.json, "json", false, "print the figures as JSON instead of a table")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("bench takes no arguments")
	case o.represent < 1:
		return usagef("--represent must be at least 1, not %d", o.represent)
	case o.months < 1:
		return usagef("--months must be at least 1, not %d", o.months)
	case o.workers < 0:
		return usagef("--workers must be at least 0 (0 means all cores), not %d", o.workers)
	case o.trials < 0:
		return usagef("--trials must be at least 1, not %d", o.trials)
	}
	if o.workers == 0 {
		o.workers = runtime.GOMAXPROCS(0)
	}
	rep := benchReport{
		GoVersion: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH,
		CPUs: runtime.NumCPU(), CPUModel: cpuModel(),
	}
	// The national run goes first, so that the peak memory is its own.
	if o.national {
		if rep.National, err = benchNational(ctx, &o); err != nil {
			return err
		}
	}
	if o.classroom {
		if rep.Classroom, err = benchClassroom(ctx, &o); err != nil {
			return err
		}
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return writeBenchTable(stdout, &rep)
}

// benchNational runs one trial of the national default scenario.
func benchNational(ctx context.Context, o *benchOptions) (*nationalBench, error) {
	s, err := scenarios.Resolve(scenarios.Default, []string{
		"world.represent=" + strconv.Itoa(o.represent),
		"--months:meta.months=" + strconv.Itoa(o.months),
	})
	if err != nil {
		return nil, err
	}
	nb := &nationalBench{
		Scenario: s.Name, Represent: o.represent, Months: s.Months,
		BurnInMonths: s.Params.World.BurnInMonths, Workers: o.workers,
	}
	slots := 0
	watch := func(w *sim.World) {
		pop := 0
		for i := range w.Units {
			pop += w.Units[i].Pop
		}
		if w.Month == 1 {
			slots = w.Citizens.Len()
			nb.SlotBytes, nb.SlotNetworkBytes = w.SlotBytes()
			nb.Citizens = pop
			nb.CitizenMonths += float64(nb.BurnInMonths) * float64(pop)
		}
		nb.CitizenMonths += float64(pop)
	}
	runtime.GC()
	cpu0, start := cpuSeconds(), time.Now()
	_, err = sim.RunTrialWith(ctx, &s.Params, s.Months, s.Seed, 0, &sim.TrialOptions{Workers: o.workers, Watch: watch})
	if err != nil {
		return nil, err
	}
	nb.WallSeconds = time.Since(start).Seconds()
	if cpu := cpuSeconds(); cpu > 0 {
		nb.CPUSeconds = cpu - cpu0
	}
	nb.PeakMemoryBytes, nb.PeakMemorySource = peakMemory()
	if nb.CitizenMonths > 0 {
		nb.NsPerCitizenMonth = nb.WallSeconds * 1e9 / nb.CitizenMonths
		nb.CPUNsPerCitizenMonth = nb.CPUSeconds * 1e9 / nb.CitizenMonths
	}
	if nb.Citizens > 0 {
		nb.BytesPerCitizen = float64(nb.PeakMemoryBytes) / float64(nb.Citizens)
		nb.SlotsPerCitizen = float64(slots) / float64(nb.Citizens)
		stream := sim.StreamCitizens(slots, o.workers, 3)
		nb.StreamNsPerCitizenMonth = float64(stream.Nanoseconds()) / float64(nb.Citizens)
		nb.StreamRatio = nb.NsPerCitizenMonth / nb.StreamNsPerCitizenMonth
		nb.StreamCPURatio = nb.CPUNsPerCitizenMonth / (nb.StreamNsPerCitizenMonth * float64(o.workers))
	}
	return nb, nil
}

// benchClassroom runs the classroom scenario's trials on one worker, then
// on o.workers.
func benchClassroom(ctx context.Context, o *benchOptions) (*classroomBench, error) {
	overrides := []string{"--months:meta.months=" + strconv.Itoa(o.months)}
	if o.trials > 0 {
		overrides = append(overrides, "--trials:meta.trials="+strconv.Itoa(o.trials))
	}
	s, err := scenarios.Resolve("classroom", overrides)
	if err != nil {
		return nil, err
	}
	cb := &classroomBench{Scenario: s.Name, Trials: s.Trials, Months: s.Months, Workers: o.workers}
	timed := func(workers int) (float64, error) {
		cfg := sim.RunConfig{Months: s.Months, Seed: s.Seed, Trials: sim.TrialList(s.Trials), Workers: workers}
		start := time.Now()
		err := sim.Run(ctx, &s.Params, cfg, func(*sim.TrialResult) error { return nil })
		return time.Since(start).Seconds(), err
	}
	if cb.SerialSeconds, err = timed(1); err != nil {
		return nil, err
	}
	if cb.ParallelSeconds, err = timed(o.workers); err != nil {
		return nil, err
	}
	cb.SerialTrialsPerSec = float64(cb.Trials) / cb.SerialSeconds
	cb.ParallelTrialsPerSec = float64(cb.Trials) / cb.ParallelSeconds
	cb.Speedup = cb.SerialSeconds / cb.ParallelSeconds
	cb.Efficiency = cb.Speedup / float64(o.workers)
	return cb, nil
}

// writeBenchTable prints the report as a small table.
func writeBenchTable(w io.Writer, r *benchReport) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	cpu := r.CPUModel
	if cpu == "" {
		cpu = "CPU model unknown"
	}
	fmt.Fprintf(tw, "decentsim bench: %s %s/%s, %d CPUs, %s\n", r.GoVersion, r.OS, r.Arch, r.CPUs, cpu)
	if n := r.National; n != nil {
		fmt.Fprintf(tw, "\nnational: %s at 1:%d, 1 trial of %d months + %d burn-in, %d workers\n",
			n.Scenario, n.Represent, n.Months, n.BurnInMonths, n.Workers)
		fmt.Fprintf(tw, "\tmeasured\ttarget (1:1, 2 cores)\n")
		if n.Represent != 1 {
			// Per-unit and per-district work weighs more per citizen in a
			// scaled-down world, and memory has a fixed part.
			fmt.Fprintf(tw, "(the targets are for 1:1; at 1:%d the figures per citizen are not comparable)\n", n.Represent)
		}
		fmt.Fprintf(tw, "citizens\t%d\t\n", n.Citizens)
		fmt.Fprintf(tw, "citizen-months\t%.4g\t\n", n.CitizenMonths)
		fmt.Fprintf(tw, "wall time\t%.2f s\tunder 10 s\n", n.WallSeconds)
		if n.CPUSeconds > 0 {
			fmt.Fprintf(tw, "CPU time\t%.2f s\t\n", n.CPUSeconds)
			fmt.Fprintf(tw, "CPU ns per citizen-month\t%.1f\twell under 15\n", n.CPUNsPerCitizenMonth)
		}
		fmt.Fprintf(tw, "wall ns per citizen-month\t%.1f\t\n", n.NsPerCitizenMonth)
		fmt.Fprintf(tw, "peak memory (%s)\t%.0f MB\tunder 1 GB\n", n.PeakMemorySource, float64(n.PeakMemoryBytes)/1e6)
		fmt.Fprintf(tw, "citizen slot, bytes without the network\t%.1f\tunder 64\n", n.SlotBytes)
		fmt.Fprintf(tw, "citizen slot, bytes with the network\t%.1f\t\n", n.SlotBytes+n.SlotNetworkBytes)
		fmt.Fprintf(tw, "slots per living citizen\t%.3f\t\n", n.SlotsPerCitizen)
		fmt.Fprintf(tw, "peak memory per living citizen\t%.1f bytes\t\n", n.BytesPerCitizen)
		fmt.Fprintf(tw, "streaming limit, wall ns per citizen-month\t%.2f\t\n", n.StreamNsPerCitizenMonth)
		fmt.Fprintf(tw, "wall time / streaming limit\t%.1fx\t\n", n.StreamRatio)
		if n.StreamCPURatio > 0 {
			fmt.Fprintf(tw, "CPU time / streaming limit on %d workers\t%.1fx\t\n", n.Workers, n.StreamCPURatio)
		}
	}
	if c := r.Classroom; c != nil {
		fmt.Fprintf(tw, "\nclassroom: %d trials of %d months + burn-in\n", c.Trials, c.Months)
		fmt.Fprintf(tw, "\tmeasured\ttarget\n")
		fmt.Fprintf(tw, "1 worker\t%.2f s (%.1f trials/s)\t\n", c.SerialSeconds, c.SerialTrialsPerSec)
		fmt.Fprintf(tw, "%d workers\t%.2f s (%.1f trials/s)\t\n", c.Workers, c.ParallelSeconds, c.ParallelTrialsPerSec)
		fmt.Fprintf(tw, "speedup\t%.2fx\tat least 1.8x on 2 workers\n", c.Speedup)
	}
	return tw.Flush()
}

// peakMemory returns the process's peak resident set from
// /proc/self/status (Linux), or else the memory the Go runtime has
// obtained from the system, with the name of the figure.
func peakMemory() (uint64, string) {
	if f, err := os.Open("/proc/self/status"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
			if !ok {
				continue
			}
			fields := strings.Fields(rest)
			if len(fields) == 2 && fields[1] == "kB" {
				if kb, err := strconv.ParseUint(fields[0], 10, 64); err == nil {
					return kb * 1024, "VmHWM"
				}
			}
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Sys, "Go runtime Sys"
}

// cpuModel returns the CPU's model name from /proc/cpuinfo (Linux), or "".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
