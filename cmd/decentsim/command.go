package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
)

// Exit statuses.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// usageError is bad usage or bad input: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitError carries an exit status for an error already reported.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

const topUsage = `decentsim simulates decentralization reforms in local government.

Usage:
  decentsim run [NAME|FILE ...] [flags]   run scenarios (default: kz_direct_2021)
  decentsim list                          list the embedded scenarios
  decentsim show NAME                     print an embedded scenario (a template to copy)
  decentsim check FILE ...                validate scenario files
  decentsim world [NAME|FILE] --out F     write a scenario's rural units as a units file (CSV)
  decentsim compare A B [C ...] [flags]   compare scenarios trial by trial, with statistics
  decentsim sweep NAME --vary KEY=VALUES  run a scenario over a grid or sample of parameter values
  decentsim sensitivity NAME --param KEY=LO:HI  which parameters drive the outcomes (Morris, Sobol')
  decentsim merge SHARD_DIR... --out DIR  merge the shard folders of a run, compare, sweep or sensitivity
  decentsim validate-model                regenerate docs/VALIDATION.md from fresh runs
  decentsim calibrate SCENARIO --target F fit declared free parameters to observed patterns
  decentsim bench                         measure speed and memory (national 1:1, classroom speedup)
  decentsim serve [--addr HOST:PORT]      the classroom page: levers, Run, charts, in a browser
  decentsim version                       print the program version

Run 'decentsim COMMAND --help' for a command's flags and an example.
Exit status: 0 ok, 1 failure while running, 2 bad input or usage, 130 interrupted.
`

// decentsim runs the command line args and returns the exit status. It
// writes results to stdout and messages to stderr, and is the whole
// program but for signal handling, so tests run it in-process.
func decentsim(ctx context.Context, stdout, stderr io.Writer, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, topUsage)
		return exitUsage
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "run":
		err = runCmd(ctx, stdout, stderr, rest)
	case "list":
		err = listCmd(stdout, stderr, rest)
	case "show":
		err = showCmd(stdout, stderr, rest)
	case "check":
		err = checkCmd(stdout, stderr, rest)
	case "world":
		err = worldCmd(stdout, stderr, rest)
	case "compare":
		err = compareCmd(ctx, stdout, stderr, rest)
	case "sweep":
		err = sweepCmd(ctx, stdout, stderr, rest)
	case "sensitivity":
		err = sensitivityCmd(ctx, stdout, stderr, rest)
	case "merge":
		err = mergeCmd(stdout, stderr, rest)
	case "validate-model":
		err = validateCmd(ctx, stdout, stderr, rest)
	case "calibrate":
		err = calibrateCmd(ctx, stdout, stderr, rest)
	case "bench":
		err = benchCmd(ctx, stdout, stderr, rest)
	case "serve":
		err = serveCmd(ctx, stdout, stderr, rest)
	case "version", "--version", "-version":
		fs := newFlags("version", "version", "  decentsim version", stderr)
		var pos []string
		if pos, err = parse(fs, rest); err == nil && len(pos) > 0 {
			err = usagef("version takes no arguments")
		}
		if err == nil {
			fmt.Fprintf(stdout, "decentsim %s\n", version())
		}
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, topUsage)
	default:
		err = usagef("unknown command %q; run 'decentsim help' for the list", cmd)
	}
	return report(stdout, stderr, err)
}

// report prints err (if any), or the help asked for on stdout, and returns
// the exit status.
func report(stdout, stderr io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var help helpRequest
	if errors.As(err, &help) {
		fmt.Fprint(stdout, string(help))
		return exitOK
	}
	var el scenarios.ErrorList
	var ue usageError
	switch {
	case errors.As(err, &el):
		fmt.Fprintln(stderr, strings.TrimRight(err.Error(), "\n"))
		return exitUsage
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "decentsim: %s\n", plain(err))
		return exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "decentsim: interrupted")
		return exitInterrupted
	default:
		fmt.Fprintf(stderr, "decentsim: %s\n", plain(err))
		return exitFailure
	}
}

// plain is err's message without the names of the packages it passed
// through ("output: ", "validate: "...), which say nothing to a user.
func plain(err error) string {
	msg := err.Error()
	for _, pkg := range []string{"output", "validate", "sensitivity", "sim", "classroom"} {
		msg = strings.TrimPrefix(msg, pkg+": ")
		msg = strings.ReplaceAll(msg, ": "+pkg+": ", ": ")
		msg = strings.ReplaceAll(msg, "; then: "+pkg+": ", "; then: ")
	}
	return msg
}

// newFlags returns a flag set that prints usage and example to stderr.
func newFlags(name, synopsis, example string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package writes to the FlagSet's output, which parse
	// collects: --help becomes a helpRequest printed on stdout, and a bad
	// flag one line on stderr rather than the whole usage.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: decentsim %s\n\n", synopsis)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(w, "Flags:")
			fs.PrintDefaults()
		}
		fmt.Fprintf(w, "\nExample:\n%s\n", example)
	}
	return fs
}

// helpRequest is --help: the command's usage, for stdout, exit status 0.
type helpRequest string

func (h helpRequest) Error() string { return "help requested" }

// parse parses flags anywhere among args (Go's flag package stops at the
// first positional argument) and returns the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	var out bytes.Buffer
	fs.SetOutput(&out)
	defer fs.SetOutput(io.Discard)
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, helpRequest(out.String())
			}
			return nil, usagef("%s: %v (see 'decentsim %s --help')", fs.Name(), err, fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// prepare makes the output folder dir ready with prep (output.Prepare,
// PrepareCompare and so on); a non-empty folder without --force is bad
// usage, exit status 2.
func prepare(dir string, force bool, prep func(dir string, force bool) error) error {
	if err := prep(dir, force); err != nil {
		var ne *output.NotEmptyError
		if errors.As(err, &ne) {
			return usageError{err}
		}
		return err
	}
	return nil
}
