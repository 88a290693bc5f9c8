package sim

import (
	"fmt"
	"maps"
	"slices"
)

// Scheduled events: process 1 of the month. Reforms switch parameters and
// shocks shift hardship or legitimacy at given months; an event can also
// call maslikhat elections or end every akim's term at once.

// applyEvents applies the events of month m in the order given and reports
// whether maslikhat elections and the selection of every akim are called
// this month; a share of akims to choose anew is kept in w.electShare.
func (w *World) applyEvents(m int) (maslikhat, akims bool, err error) {
	maslikhat, share, err := w.Params.applyEvents(m)
	if err != nil {
		return false, false, err
	}
	w.electShare = share
	return maslikhat, share >= 1, w.derive()
}

// applyEvents applies to p the events of p.Events at month (or, in the
// classic mode, step) m, in the order given: each event's parameter
// changes through Set, then its hardship and legitimacy shocks. It reports
// whether any of them calls maslikhat elections, and the largest share of
// akims any of them chooses anew (1 for akim_elections). The
// main model and the classic mode share it, so an event means the same in
// both.
func (p *Params) applyEvents(m int) (maslikhat bool, akims float64, err error) {
	for i := range p.Events {
		e := &p.Events[i]
		if e.Month != m {
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(e.Set)) {
			if err := p.Set(k, e.Set[k]); err != nil {
				return false, 0, fmt.Errorf("sim: event at month %d: %w", m, err)
			}
		}
		p.Behavior.HardshipShift += e.Hardship
		p.Behavior.LegitimacyShift += e.Legitimacy
		maslikhat = maslikhat || e.MaslikhatElection
		if e.AkimElections {
			akims = 1
		}
		akims = max(akims, e.AkimElectionsShare)
	}
	return maslikhat, akims, nil
}
