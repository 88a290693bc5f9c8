package classroom

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/scenarios"
)

// TestDistrictView runs the classroom scenario and reads its district
// view: every unit placed, a value a unit and month for each quantity,
// and the story of trial 0 the same events, in the same order, as the
// run's events.csv. A run still going has none.
func TestDistrictView(t *testing.T) {
	srv, ts := newTestServer(t, nil)
	r := long
	r.Client = "slow"
	slow := start(t, ts, r)
	var e errorBody
	if code := call(t, "GET", ts.URL+"/api/runs/"+slow+"/district", "", &e); code != http.StatusConflict {
		t.Errorf("district view of a run going: status %d; want 409", code)
	}
	call(t, "DELETE", ts.URL+"/api/runs/"+slow, "", nil)

	id := start(t, ts, runRequest{Client: "a", Scenario: "classroom_qantar", Trials: "2", Months: "36"})
	snaps, _ := watch(t, context.Background(), ts, id)
	if end := snaps[len(snaps)-1]; end.State != stateDone || !end.District {
		t.Fatalf("end %s, district %v; want done with a district view", end.State, end.District)
	}
	var v districtView
	if code := call(t, "GET", ts.URL+"/api/runs/"+id+"/district", "", &v); code != 200 {
		t.Fatalf("district view: status %d", code)
	}
	n := len(v.Units)
	if n != 17 || v.TotalUnits != 17 || v.Months != 36 || len(v.Districts) != 1 {
		t.Fatalf("%d units of %d, %d months, %d districts; want 17, 36, 1", n, v.TotalUnits, v.Months, len(v.Districts))
	}
	for name, l := range map[string]int{"residents": len(v.Residents), "quality": len(v.Quality), "unrest": len(v.Unrest),
		"budget": len(v.Budget), "origin": len(v.Origin), "party": len(v.Party), "chosen": len(v.Chosen), "tenure": len(v.Tenure)} {
		if l != n*36 {
			t.Errorf("%s: %d values; want %d", name, l, n*36)
		}
	}
	rows := trialRows(t, ts.URL+"/api/runs/"+id+"/files/events.csv", "0")
	if len(rows) == 0 || len(v.Events) != len(rows) || v.TotalEvents != len(rows) {
		t.Fatalf("%d events in the view (of %d); events.csv has %d for trial 0", len(v.Events), v.TotalEvents, len(rows))
	}
	shock := false
	for i, row := range rows {
		ev := v.Events[i]
		if row[4] != ev.Event || row[7] != ev.Detail || row[3] != strconv.Itoa(ev.Month) {
			t.Fatalf("event %d: view %+v; events.csv %v", i, ev, row)
		}
		shock = shock || ev.Event == "shock" && ev.Month == 13
	}
	if !shock {
		t.Errorf("classroom_qantar's shock in month 13 is not in the story")
	}
	srv.mu.Lock()
	path := srv.runs[id].viewPath()
	srv.mu.Unlock()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("view file: %v", err)
	}
}

// trialRows returns the rows of trial of the CSV file at url.
func trialRows(t *testing.T, url, trial string) [][]string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	all, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, row := range all[1:] {
		if row[1] == trial {
			out = append(out, row)
		}
	}
	return out
}

// TestDistrictViewBounds checks that a world of more units than the view
// holds shows its first maxViewUnits, with their values, and says how
// many there are.
func TestDistrictViewBounds(t *testing.T) {
	t.Parallel()
	sc, err := scenarios.Resolve("classroom", []string{"world.rural_districts=450", "world.represent=200", "meta.months=3"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := buildView(context.Background(), sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Units) != maxViewUnits || v.TotalUnits <= maxViewUnits || len(v.Quality) != maxViewUnits*3 || len(v.Tenure) != maxViewUnits*3 {
		t.Errorf("%d units of %d, %d values of quality, %d of tenure; want %d units, %d values", len(v.Units), v.TotalUnits,
			len(v.Quality), len(v.Tenure), maxViewUnits, maxViewUnits*3)
	}
	for i, u := range v.Units {
		if u.ID != i {
			t.Fatalf("unit %d has id %d", i, u.ID)
		}
	}
}
