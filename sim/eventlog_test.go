package sim

import (
	"context"
	"testing"
)

// TestEventLog runs a district under strain, with a scheduled shock and
// a superior that may dismiss, and checks its log against the trial:
// every protest that began (counted by a watcher from the units'
// protest flags) is logged once, every election once and pointing at its
// record, every dismissal followed by a new akim's selection in the same
// unit and month, and the shock at its month.
func TestEventLog(t *testing.T) {
	t.Parallel()
	p := classroomLike(20)
	p.Institutions.SuperiorCanDismiss = true
	p.Events = []Event{{Month: 6, Label: "price shock", Hardship: 0.3, Legitimacy: -0.2}}
	const months = 48
	var onsets int
	was := map[int]bool{}
	res, err := RunTrialWatched(context.Background(), &p, months, 7, 0, func(w *World) {
		for i := range w.Units {
			if w.Units[i].Protest && !was[i] {
				onsets++
			}
			was[i] = w.Units[i].Protest
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	count := map[LogKind]int{}
	seen := make([]int, len(res.Elections))
	for i, e := range res.Events {
		count[e.Kind]++
		if i > 0 && e.Month < res.Events[i-1].Month {
			t.Fatalf("event %d of month %d after one of month %d", i, e.Month, res.Events[i-1].Month)
		}
		switch e.Kind {
		case LogElection:
			el := &res.Elections[e.Index]
			seen[e.Index]++
			if int(e.Month) != el.Month || int(e.District) != el.District || (el.Kind != MaslikhatElection && int(e.Unit) != el.Unit) {
				t.Errorf("event %d %+v points at election %+v", i, e, *el)
			}
		case LogDismissal:
			if !dismissalFollowed(res, i) {
				t.Errorf("dismissal %+v is not followed by a selection in its unit", e)
			}
		case LogShock:
			if e.Month != 6 || res.Scheduled[e.Index] != "price shock" {
				t.Errorf("shock %+v (%q); want month 6, price shock", e, res.Scheduled[e.Index])
			}
		}
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("election %d logged %d times", i, n)
		}
	}
	if count[LogProtest] != onsets || onsets == 0 {
		t.Errorf("%d protests logged; %d began", count[LogProtest], onsets)
	}
	if count[LogShock] != 1 || count[LogDismissal] == 0 {
		t.Errorf("logged %v; want one shock and some dismissals", count)
	}
}

// dismissalFollowed reports whether the dismissal res.Events[i] is
// followed by an akim's selection in its unit in the same month.
func dismissalFollowed(res *TrialResult, i int) bool {
	d := res.Events[i]
	for _, e := range res.Events[i+1:] {
		if e.Month != d.Month {
			break
		}
		if e.Kind == LogElection && e.Unit == d.Unit && res.Elections[e.Index].Kind == AkimElection {
			return true
		}
	}
	return false
}

// eventLogDoc is docs/METRICS.md's section on events.csv.
const eventLogDoc = `
## Event log (events.csv)

The story of each trial: one row per event, in the order it happened
(within a month: the scheduled events, then district by district its
protests and dismissals, then its elections). Columns ` + "`" + `scenario, trial,
seed, month, event, unit, district, detail, candidates, turnout,
winner_origin, winner_party, incumbent_won` + "`" + `; ` + "`" + `unit` + "`" + ` and ` + "`" + `district` + "`" + ` are NA
for an event of no one unit (a shock; ` + "`" + `unit` + "`" + ` for a maslikhat election).

| event | detail | the election columns |
|---|---|---|
| ` + "`" + `shock` + "`" + ` | the scheduled event's label (a reform or a shock of the scenario's ` + "`" + `[[events]]` + "`" + `) | NA |
| ` + "`" + `protest` + "`" + ` | a protest began in the unit (the first month of a run of protest months); the district akim's response that month: ` + "`" + `no_response` + "`" + `, ` + "`" + `emergency_money` + "`" + `, ` + "`" + `more_police` + "`" + `, ` + "`" + `akim_blamed` + "`" + ` | NA |
| ` + "`" + `dismissal` + "`" + ` | the district akim dismissed the rural akim: ` + "`" + `blamed_for_protest` + "`" + `, or ` + "`" + `superior_choice` + "`" + ` (it expected a replacement to serve it better) | NA |
| ` + "`" + `akim_election` + "`" + ` | a rural akim chosen (on schedule, or after a dismissal or recall): the mode, ` + "`" + `appointed` + "`" + `, ` + "`" + `indirect` + "`" + ` or ` + "`" + `direct` + "`" + ` | candidates, turnout (NA without a popular vote), winner's origin and party, whether the incumbent won |
| ` + "`" + `maslikhat_election` + "`" + ` | NA | candidates, turnout |
| ` + "`" + `recall_ballot` + "`" + ` | ` + "`" + `recalled` + "`" + ` or ` + "`" + `survived` + "`" + ` | turnout NA; incumbent_won is 1 when the akim survived |
| ` + "`" + `deputy_recall` + "`" + ` | NA | the by-election winner's party |

The election rows are those of elections.csv, in the same order. Recording
the log draws no random numbers: a run's other files are the same with or
without it.
`
