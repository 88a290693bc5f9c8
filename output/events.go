package output

import (
	"fmt"
	"strings"

	"github.com/decentsim/decentsim/sim"
)

// eventsHeader is events.csv's header line.
const eventsHeader = "scenario,trial,seed,month,event,unit,district,detail,candidates,turnout,winner_origin,winner_party,incumbent_won\n"

// eventNames are events.csv's names of the election kinds.
var eventNames = map[sim.ElectionKind]string{
	sim.AkimElection:      "akim_election",
	sim.MaslikhatElection: "maslikhat_election",
	sim.AkimRecall:        "recall_ballot",
	sim.DeputyRecall:      "deputy_recall",
}

// appendEvents appends events.csv's rows for one trial's event log to b,
// one per sim.LogEvent in the order logged. scenario is the CSV-quoted
// scenario name. unit and district are NA for an event of no one unit or
// district. detail is the shock's label, the protest's response, the
// dismissal's reason, an akim election's selection mode, or a recall
// ballot's outcome (recalled or survived). candidates, turnout,
// winner_origin, winner_party and incumbent_won are an election's, as in
// elections.csv, and NA for other events.
func appendEvents(b []byte, scenario string, t *sim.TrialResult) []byte {
	for i := range t.Events {
		e := &t.Events[i]
		b = append(b, scenario...)
		b = fmt.Appendf(b, ",%d,%d,%d,", t.Trial, t.Seed, e.Month)
		var el *sim.ElectionRecord
		switch e.Kind {
		case sim.LogElection:
			el = &t.Elections[e.Index]
			b = append(b, eventNames[el.Kind]...)
		default:
			b = append(b, e.Kind.String()...)
		}
		b = append(b, ',')
		b = appendIndex(b, e.Unit)
		b = append(b, ',')
		b = appendIndex(b, e.District)
		b = append(b, ',')
		b = append(b, csvField(eventDetail(t, e, el))...)
		if el == nil {
			b = append(b, ",NA,NA,NA,NA,NA\n"...)
			continue
		}
		b = fmt.Appendf(b, ",%d,", el.Candidates)
		b = appendFloat(b, el.Turnout)
		b = append(b, ',')
		switch el.Kind {
		case sim.AkimElection:
			b = append(b, el.WinnerOrigin.String()...)
			b = append(b, ',')
			b = append(b, csvField(t.PartyName(el.WinnerParty))...)
		case sim.DeputyRecall:
			b = append(b, "NA,"...)
			b = append(b, csvField(t.PartyName(el.WinnerParty))...)
		default:
			b = append(b, "NA,NA"...)
		}
		b = append(b, ',')
		b = appendBool(b, el.IncumbentWon)
		b = append(b, '\n')
	}
	return b
}

// EventName returns events.csv's event and detail columns for event e of
// trial t (detail NA when it has none).
func EventName(t *sim.TrialResult, e *sim.LogEvent) (event, detail string) {
	if e.Kind != sim.LogElection {
		return e.Kind.String(), eventDetail(t, e, nil)
	}
	el := &t.Elections[e.Index]
	return eventNames[el.Kind], eventDetail(t, e, el)
}

// eventDetail is events.csv's detail of event e, el its election if it
// is one.
func eventDetail(t *sim.TrialResult, e *sim.LogEvent, el *sim.ElectionRecord) string {
	switch e.Kind {
	case sim.LogShock:
		// One line a row: a label's line breaks become spaces.
		return strings.Join(strings.Fields(t.Scheduled[e.Index]), " ")
	case sim.LogProtest:
		return sim.ProtestResponse(e.Detail).String()
	case sim.LogDismissal:
		return sim.DismissalReason(e.Detail).String()
	}
	switch el.Kind {
	case sim.AkimElection:
		return el.Mode.String()
	case sim.AkimRecall:
		if el.IncumbentWon {
			return "survived"
		}
		return "recalled"
	}
	return "NA"
}

// appendIndex appends a unit's or district's index, or NA for -1.
func appendIndex(b []byte, i int32) []byte {
	if i < 0 {
		return append(b, "NA"...)
	}
	return fmt.Appendf(b, "%d", i)
}
