package sim

// The event log of a trial: what the agents did, in the order it
// happened, for telling a trial's story (events.csv, the classroom page's
// story). Recording it reads the world and draws no random numbers, so it
// changes no result.

// LogKind is what a logged event is.
type LogKind uint8

// The kinds of logged event.
const (
	LogShock     LogKind = iota // a scheduled event (a reform or a shock) applied at the start of the month
	LogProtest                  // a protest began in a unit, and the district akim's response
	LogDismissal                // the district akim dismissed a rural akim
	LogElection                 // an election (ElectionRecord): an akim chosen, a maslikhat elected, a recall ballot
)

var logKindNames = [...]string{"shock", "protest", "dismissal", "election"}

// String returns the kind's name as written in output.
func (k LogKind) String() string { return logKindNames[k] }

// ProtestResponse is the district akim's response to a protest
// (respondToProtest).
type ProtestResponse uint8

// The responses to a protest.
const (
	RespondNothing ProtestResponse = iota // no response
	RespondMoney                          // emergency money next month
	RespondPolice                         // more police
	RespondBlame                          // blaming (and dismissing) the rural akim
)

var responseNames = [...]string{"no_response", "emergency_money", "more_police", "akim_blamed"}

// String returns the response's name as written in output.
func (r ProtestResponse) String() string { return responseNames[r] }

// DismissalReason is why the district akim dismissed a rural akim.
type DismissalReason uint8

// The reasons for a dismissal.
const (
	DismissedForProtest DismissalReason = iota // blamed for a protest
	DismissedByChoice                          // the superior expected a better replacement (its objective)
)

var reasonNames = [...]string{"blamed_for_protest", "superior_choice"}

// String returns the reason's name as written in output.
func (r DismissalReason) String() string { return reasonNames[r] }

// LogEvent is one event of a trial's log. Its details are in Index and
// Detail, read by Kind: for LogElection, Index is the election's index in
// TrialResult.Elections; for LogShock, Index is the scheduled event's
// index in TrialResult.Scheduled; for LogProtest, Detail is a
// ProtestResponse; for LogDismissal, a DismissalReason.
type LogEvent struct {
	Month    int32 // month it happened, 1-based
	Unit     int32 // unit index; -1 when it concerns no one unit (a shock, a maslikhat election)
	District int32 // district index; -1 for a shock
	Index    int32
	Kind     LogKind
	Detail   uint8
}

// noteProtest logs the start of a protest in unit ui of district d and
// the response the district akim chose: police is the unit's police
// before the response, blamed whether it blamed the akim.
func (d *District) noteProtest(w *World, ui int, police float64, blamed bool) {
	u := &w.Units[ui]
	r := RespondNothing
	switch {
	case blamed:
		r = RespondBlame
	case u.Conceded:
		r = RespondMoney
	case u.Police > police:
		r = RespondPolice
	}
	d.log = append(d.log, LogEvent{Month: int32(w.Month), Unit: int32(ui), District: int32(d.index),
		Kind: LogProtest, Detail: uint8(r)})
}

// noteDismissal logs the dismissal of unit ui's akim.
func (d *District) noteDismissal(w *World, ui int, why DismissalReason) {
	d.log = append(d.log, LogEvent{Month: int32(w.Month), Unit: int32(ui), District: int32(d.index),
		Kind: LogDismissal, Detail: uint8(why)})
}

// collectLog appends this month's events to dst: the scheduled events of
// the month first, then district by district its protests and
// dismissals, in the order they happened, then its elections. first is
// the index in TrialResult.Elections of the month's first election
// (collectElections' order).
func (w *World) collectLog(dst []LogEvent, first int) []LogEvent {
	m := int32(w.Month)
	for i := range w.Params.Events {
		if w.Params.Events[i].Month == w.Month {
			dst = append(dst, LogEvent{Month: m, Unit: -1, District: -1, Index: int32(i), Kind: LogShock})
		}
	}
	for di := range w.Districts {
		d := &w.Districts[di]
		dst = append(dst, d.log...)
		for i := range d.elections {
			e := &d.elections[i]
			unit := int32(e.Unit)
			if e.Kind == MaslikhatElection {
				unit = -1
			}
			dst = append(dst, LogEvent{Month: m, Unit: unit, District: int32(di), Index: int32(first), Kind: LogElection})
			first++
		}
	}
	return dst
}

// scheduledLabels returns the labels of p's scheduled events, in order,
// "scheduled event" for one without a label.
func scheduledLabels(p *Params) []string {
	out := make([]string, len(p.Events))
	for i, e := range p.Events {
		out[i] = e.Label
		if out[i] == "" {
			out[i] = "scheduled event"
		}
	}
	return out
}
