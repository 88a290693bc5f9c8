// Command decentsim runs the decentsim agent-based model of local
// self-government reforms: Monte Carlo trials of a scenario in parallel,
// written as tidy CSV, a JSON manifest, charts and a readable summary.
//
// Usage:
//
//	decentsim run [NAME|FILE ...] [flags]   run scenarios (default: kz_direct_2021)
//	decentsim compare A B [C ...] [flags]   compare scenarios trial by trial, with statistics
//	decentsim sweep NAME --vary KEY=VALUES  run a scenario over a grid or sample of parameter values
//	decentsim sensitivity NAME --param KEY=LO:HI  which parameters drive the outcomes (Morris, Sobol')
//	decentsim merge SHARD_DIR... --out DIR  merge the shard folders of a run, compare, sweep or sensitivity
//	decentsim validate-model                regenerate docs/VALIDATION.md from fresh runs
//	decentsim calibrate NAME --target FILE  fit declared free parameters to observed patterns
//	decentsim serve [--addr HOST:PORT]      the classroom page in a browser
//	decentsim list                          list the embedded scenarios
//	decentsim show NAME                     print an embedded scenario file
//	decentsim check FILE ...                validate scenario files
//	decentsim version                       print the program version
//
// Exit status: 0 ok, 1 failure while running, 2 bad input or usage,
// 130 interrupted.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/decentsim/decentsim/output"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		cancel() // first signal: stop cleanly
		<-sigs
		// Second: at once, removing the files being written and saying
		// what that leaves behind.
		output.RemoveTemporary()
		os.Stderr.WriteString("decentsim: interrupted again: exiting at once; the output folder is incomplete (no manifest.json): rerun with --force\n")
		os.Exit(exitInterrupted)
	}()
	code := decentsim(ctx, os.Stdout, os.Stderr, os.Args[1:])
	cancel()
	os.Exit(code)
}
