package sim

import "fmt"

// Scheduled events: process 1 of the month. Reforms switch parameters and
// shocks shift hardship or legitimacy at given months; an event can also
// call maslikhat elections or end every akim's term at once.

// applyEvents applies the events of month m in the order given and reports
// whether maslikhat elections and akim selections are called this month.
func (w *World) applyEvents(m int) (maslikhat, akims bool, err error) {
	for i := range w.Params.Events {
		e := &w.Params.Events[i]
		if e.Month != m {
			continue
		}
		for _, k := range sortedKeys(e.Set) {
			if err := w.Params.Set(k, e.Set[k]); err != nil {
				return false, false, fmt.Errorf("sim: event at month %d: %w", m, err)
			}
		}
		w.Params.Behavior.HardshipShift += e.Hardship
		w.Params.Behavior.LegitimacyShift += e.Legitimacy
		maslikhat = maslikhat || e.MaslikhatElection
		akims = akims || e.AkimElections
	}
	w.mode = modeOf(w.Params.Institutions.Selection)
	return maslikhat, akims, nil
}
