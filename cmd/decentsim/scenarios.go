package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/decentsim/decentsim/scenarios"
)

func listCmd(stdout, stderr io.Writer, args []string) error {
	fs := newFlags("list", "list", "  decentsim list", stderr)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("list takes no arguments")
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, s := range scenarios.List() {
		fmt.Fprintf(tw, "%s\t%s\n", s.Name, s.Description)
	}
	return tw.Flush()
}

func showCmd(stdout, stderr io.Writer, args []string) error {
	fs := newFlags("show", "show NAME", "  decentsim show kz_direct_2021 > my_reform.toml", stderr)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("show takes one scenario name; 'decentsim list' lists them")
	}
	src, err := scenarios.Source(pos[0])
	if err != nil {
		return usageError{err}
	}
	_, err = stdout.Write(src)
	return err
}

func checkCmd(stdout, stderr io.Writer, args []string) error {
	fs := newFlags("check", "check FILE|NAME ...", "  decentsim check my_reform.toml", stderr)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("check needs at least one scenario file")
	}
	bad := false
	for _, ref := range pos {
		if _, err := scenarios.Resolve(ref, nil); err != nil {
			fmt.Fprintln(stderr, err)
			bad = true
			continue
		}
		fmt.Fprintf(stdout, "%s: ok\n", ref)
	}
	if bad {
		return exitError{exitUsage}
	}
	return nil
}
