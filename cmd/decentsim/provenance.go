package main

import (
	"context"
	"slices"
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
		CommandLine: slices.Clone(line), Workers: workers, Start: time.Now(),
	}
}
