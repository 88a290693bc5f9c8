package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress draws a one-line progress bar on a terminal: trials done, rate
// and time left.
type progress struct {
	w     io.Writer
	name  string
	total int
	start time.Time
	last  time.Time
}

// startProgress returns a progress bar named name of total trials or
// runs, started at start, on stderr if it is a terminal and not quiet;
// otherwise nil, a bar that draws nothing.
func startProgress(stderr io.Writer, quiet bool, name string, total int, start time.Time) *progress {
	if quiet || !isTerminal(stderr) {
		return nil
	}
	p := &progress{w: stderr, name: name, total: total, start: start}
	p.draw(0)
	return p
}

// updater returns the bar's update, sim.RunConfig.Progress: nil for no
// bar.
func (p *progress) updater() func(done int) {
	if p == nil {
		return nil
	}
	return p.update
}

// update draws the bar of done trials, at most ten times a second.
func (p *progress) update(done int) {
	now := time.Now()
	if done < p.total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	p.draw(done)
}

// draw draws the bar of done trials.
func (p *progress) draw(done int) {
	const width = 30
	fill := 0
	if p.total > 0 {
		fill = width * done / p.total
	}
	el := time.Since(p.start).Seconds()
	rate, left := 0.0, "?"
	if done > 0 && el > 0 {
		rate = float64(done) / el
		left = (time.Duration(float64(p.total-done)/rate) * time.Second).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d trials  %.2f trials/s  %s left ", p.name,
		strings.Repeat("=", fill), strings.Repeat(" ", width-fill), done, p.total, rate, left)
}

// done ends the bar's line.
func (p *progress) done() {
	if p != nil {
		fmt.Fprintln(p.w)
	}
}
