package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
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

// A command runs a subcommand with its arguments (after its name),
// writing results to stdout and messages to stderr.
type command func(ctx context.Context, stdout, stderr io.Writer, args []string) error

// commands are the subcommands by name, but version and help.
var commands = map[string]command{
	"run": runCmd, "list": uncancelled(listCmd), "show": uncancelled(showCmd), "check": uncancelled(checkCmd),
	"world":   uncancelled(worldCmd),
	"compare": compareCmd, "sweep": sweepCmd, "sensitivity": sensitivityCmd, "merge": mergeCmd,
	"validate-model": validateCmd, "calibrate": calibrateCmd, "bench": benchCmd, "serve": serveCmd,
}

// uncancelled returns the command of a subcommand too quick to need a
// context.
func uncancelled(f func(stdout, stderr io.Writer, args []string) error) command {
	return func(_ context.Context, stdout, stderr io.Writer, args []string) error { return f(stdout, stderr, args) }
}

// decentsim runs the command line args and returns the exit status. It
// writes results to stdout and messages to stderr, and is the whole
// program but for signal handling, so tests run it in-process.
func decentsim(ctx context.Context, stdout, stderr io.Writer, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, topUsage)
		return exitUsage
	}
	ctx = withCommandLine(ctx, args)
	var err error
	switch name, rest := args[0], args[1:]; name {
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
		if cmd, ok := commands[name]; ok {
			err = cmd(ctx, stdout, stderr, rest)
		} else {
			err = usagef("unknown command %q; run 'decentsim help' for the list", name)
		}
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
	for _, pkg := range []string{"output", "validate", "experiment", "sim", "classroom"} {
		msg = strings.TrimPrefix(msg, pkg+": ")
		msg = strings.ReplaceAll(msg, ": "+pkg+": ", ": ")
		msg = strings.ReplaceAll(msg, "; then: "+pkg+": ", "; then: ")
		msg = strings.ReplaceAll(msg, "\n"+pkg+": ", "\n")
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
// PrepareCompare and so on); a non-empty folder without --force, or a
// file where the folder should be, is bad usage, exit status 2.
func prepare(dir string, force bool, prep func(dir string, force bool) error) error {
	return badFolder(prep(dir, force))
}

// badFolder returns err as a usageError if it is about the output folder
// the user named (not empty, or a file), and err otherwise.
func badFolder(err error) error {
	var ne *output.NotEmptyError
	var nf *output.NotFolderError
	if errors.As(err, &ne) || errors.As(err, &nf) {
		return usageError{err}
	}
	return err
}

// seedFlag is a --seed flag. Its message for a value that is not a seed
// says what a seed is (the flag package's says "parse error").
type seedFlag uint64

// maxSeedFlag is the largest seed: meta.seed is a TOML integer.
const maxSeedFlag = math.MaxInt64

func (s *seedFlag) String() string { return strconv.FormatUint(uint64(*s), 10) }

func (s *seedFlag) Set(v string) error {
	x, err := strconv.ParseUint(v, 0, 64)
	if err != nil || x > maxSeedFlag {
		return fmt.Errorf("a seed is a whole number from 0 to %d", uint64(maxSeedFlag))
	}
	*s = seedFlag(x)
	return nil
}
