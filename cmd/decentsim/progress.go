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

func newProgress(w io.Writer, name string, total int, start time.Time) *progress {
	p := &progress{w: w, name: name, total: total, start: start}
	p.draw(0)
	return p
}

// update is sim.RunConfig.Progress.
func (p *progress) update(done int) {
	now := time.Now()
	if done < p.total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	p.draw(done)
}

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

func (p *progress) done() { fmt.Fprintln(p.w) }
