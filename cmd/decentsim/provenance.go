package main

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/decentsim/decentsim/output"
)

// program is the program's name, first in every recorded command line.
const program = "decentsim"

// commandLineKey is the context key of the command line being run.
type commandLineKey struct{}

// withCommandLine returns ctx carrying the command line of the program
// run with args (its arguments after the program's name).
func withCommandLine(ctx context.Context, args []string) context.Context {
	return context.WithValue(ctx, commandLineKey{}, append([]string{program}, args...))
}

// provenance returns what a writer records of the command being run in
// ctx: the program, its version, the command, the whole command line,
// the workers, and the start, now.
func provenance(ctx context.Context, command string, workers int) output.Provenance {
	line, _ := ctx.Value(commandLineKey{}).([]string)
	return output.Provenance{
		Program: program, Version: version(), Command: command,
		CommandLine: slices.Clone(line), Overrides: setsOf(line), Workers: workers, Start: time.Now(),
	}
}

// setsOf returns the values of every --set (or -set) in the command
// line, in order, as "--set V" or "--set=V" gives them; the flags after
// a "--" are not flags.
func setsOf(line []string) []string {
	var out []string
	for i := 0; i < len(line); i++ {
		a := line[i]
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "set" {
			continue
		}
		if !hasValue && i+1 < len(line) {
			i++
			value = line[i]
		}
		out = append(out, value)
	}
	return out
}
