# decentsim — common tasks. Every target is a plain go command, so a machine
# without make can run the same lines by hand.

GO      ?= go
BIN     ?= bin/decentsim
# A count, not a duration: with a duration the Go 1.26 fuzz coordinator can
# report a spurious "context deadline exceeded" failure when the deadline
# lands while a worker is mid-input (go.dev/issue/75804, fixed in Go 1.27).
# A count has no deadline to race; 100000 inputs take about 15-25 s on 2 cores.
FUZZTIME ?= 100000x

.PHONY: build run test race lint fuzz bench bench-national check test-cluster cluster-scaling validation calibration docking clean

# Results are byte-identical across machines only at GOAMD64=v1: at v3
# and above the compiler fuses multiply-adds (docs/PERFORMANCE.md).
export GOAMD64 := v1

build:
	$(GO) build -o $(BIN) ./cmd/decentsim

run:
	$(GO) run ./cmd/decentsim run

# The README's test command.
test:
	$(GO) test ./...

# -short skips the long statistical experiments, which the plain test run
# covers; the race detector needs the concurrent code paths, not the
# statistics.
race:
	$(GO) test -race -short ./...

lint:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi

fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzLoad$$' -fuzztime=$(FUZZTIME) ./scenarios
	$(GO) test -run='^$$' -fuzz='^FuzzRunRequest$$' -fuzztime=$(FUZZTIME) ./cmd/decentsim/internal/classroom

# Benchmarks of the month and of each process at 1:50 (ns and CPU ns per
# citizen-month, allocations), then `decentsim bench`: one national trial at
# 1:1 on all cores and the classroom speedup (docs/PERFORMANCE.md).
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -short ./sim
	$(GO) run ./cmd/decentsim bench

# The benchmarks at 1:1, where the citizen arrays exceed every cache, beside
# a streaming pass over the same bytes (BENCHCOUNT repetitions, for benchstat).
BENCHCOUNT ?= 5
bench-national:
	$(GO) test -run='^$$' -bench='National' -benchmem -count=$(BENCHCOUNT) -timeout=60m ./sim

# What CI runs first: the README's tests, then vet, gofmt, the race
# detector and a short fuzz of the scenario loader (.ci/run then runs
# test-cluster).
check: test lint race fuzz

# The Slurm scripts on a real one-node Slurm cluster started on this
# machine (docs/CLUSTER.md): installs Debian's slurm-wlm and munge with
# apt-get if missing (needs root), starts munged, slurmctld and slurmd in a
# temporary folder, submits deploy/slurm's jobs, compares the merged folder
# with a single run, and stops the daemons.
test-cluster:
	DECENTSIM_TEST_CLUSTER=1 $(GO) test -run='^TestSlurm$$' -count=1 -timeout=15m -v ./cmd/decentsim

# docs/CLUSTER.md's scaling table (not in CI: about 15 minutes on 2
# cores): a comparison at 1:10 unsharded, then as Slurm arrays of 1, 2 and
# 4 one-CPU tasks on a one-node cluster started as for test-cluster, each
# merged folder checked against the unsharded one; the table goes to
# out/cluster-scaling.md. DECENTSIM_SCALING_TRIALS, _FLAGS, _TASKS and
# _SCENARIOS change the run (see TestSlurmScaling).
cluster-scaling:
	DECENTSIM_CLUSTER_SCALING=1 DECENTSIM_SCALING_OUT=$(CURDIR)/out/cluster-scaling.md $(GO) test -run='^TestSlurmScaling$$' -count=1 -timeout=3h -v ./cmd/decentsim

# Regenerate docs/VALIDATION.md from fresh runs (a few minutes on 2 cores).
validation:
	$(GO) run ./cmd/decentsim validate-model

# The posterior of the declared free parameters of kz_reform_timeline by
# approximate Bayesian computation, at 1:100, a scale the scale table of
# docs/VALIDATION.md shows faithful (about half an hour on 2 cores):
# docs/calibration/abc/posterior.csv, abc.md and the manifest, stamped
# with the golden hash of the model it ran (a test fails when stale).
calibration:
	$(GO) run ./cmd/decentsim calibrate kz_reform_timeline --target docs/calibration/kz_reform_timeline.toml --method abc --set world.represent=100 --out docs/calibration/abc --force

# Regenerate docs/DOCKING.md's charts (runs of the classic model, copied
# to docs/img) and its docking tables against Mesa (about two minutes).
DOCKING_OUT ?= out/docking
docking: build
	$(BIN) run classic_epstein_paper --trials 1 --force --quiet --out $(DOCKING_OUT)/paper_none
	$(BIN) run classic_epstein_paper --trials 1 --set classic.rounding=floor --force --quiet --out $(DOCKING_OUT)/paper_floor
	$(BIN) run classic_legitimacy_sudden --force --quiet --out $(DOCKING_OUT)/sudden
	$(BIN) run classic_legitimacy_gradual --force --quiet --out $(DOCKING_OUT)/gradual
	$(BIN) run classic_epstein --force --quiet --out $(DOCKING_OUT)/mesa
	cp $(DOCKING_OUT)/paper_none/charts/active.png docs/img/classic_paper_none_active.png
	cp $(DOCKING_OUT)/paper_floor/charts/active.png docs/img/classic_paper_floor_active.png
	cp $(DOCKING_OUT)/sudden/charts/active.png docs/img/classic_legitimacy_sudden_active.png
	cp $(DOCKING_OUT)/gradual/charts/active.png docs/img/classic_legitimacy_gradual_active.png
	cp $(DOCKING_OUT)/mesa/charts/dashboard.png docs/img/classic_epstein_dashboard.png
	$(GO) test ./sim -run TestClassicDockingMesa -update

clean:
	rm -rf bin
