package output

import (
	"strings"
	"testing"
)

// TestEventsRows checks events.csv's rows for a trial with one event of
// each kind: the election's figures joined from its record, NA where an
// event has none, and a shock's label quoted on one line.
func TestEventsRows(t *testing.T) {
	tr := synthetic(1, 3)[0]
	got := string(appendEvents([]byte(eventsHeader), "s", tr))
	want := eventsHeader +
		`s,0,1000,1,shock,NA,NA,"price shock, ""2022"" second line",NA,NA,NA,NA,NA` + "\n" +
		"s,0,1000,1,protest,3,1,more_police,NA,NA,NA,NA,NA\n" +
		"s,0,1000,1,dismissal,3,1,blamed_for_protest,NA,NA,NA,NA,NA\n" +
		"s,0,1000,1,akim_election,3,1,direct,3,0.61,official,self-nominated,1\n" +
		"s,0,1000,2,maslikhat_election,NA,1,NA,2,0.4,NA,NA,0\n" +
		"s,0,1000,3,recall_ballot,2,0,recalled,1,NA,NA,NA,0\n"
	if got != want {
		t.Errorf("events.csv:\n%s\nwant:\n%s", got, want)
	}
	if n := strings.Count(got, "\n"); n != 1+len(tr.Events) {
		t.Errorf("%d lines; want a header and one a event", n)
	}
}
