package validate

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/scenarios"
)

// TestPeople runs where people go and the Qantar replay on the timeline
// at a coarse scale and checks the measurements and the chart.
func TestPeople(t *testing.T) {
	t.Parallel()
	sc, err := scenarios.Resolve("kz_reform_timeline", []string{"world.represent=1000"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := People(context.Background(), &sc.Params, sc.Months, 1, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Years) != 16 || r.Years[0] != 2010 || len(r.South) != 16 {
		t.Fatalf("years %v; want 2010-2025", r.Years)
	}
	for i := range r.Years {
		s, n := r.South[i].Mean, r.North[i].Mean
		if !(s > 0.4 && n > 0.1 && s+n < 1) || math.IsNaN(r.Best[i].Mean) || math.IsNaN(r.Worst[i].Mean) {
			t.Fatalf("%d: south %v, north %v, best %v, worst %v", r.Years[i], s, n, r.Best[i].Mean, r.Worst[i].Mean)
		}
	}
	if last := len(r.Years) - 1; !(r.Best[last].Mean > r.Worst[last].Mean) {
		t.Errorf("net migration by 2025: best-served %v, worst-served %v; want the best served to gain more", r.Best[last].Mean, r.Worst[last].Mean)
	}
	if q := r.QantarProtest.Mean; !(q >= 0 && q <= 1) || r.Dismissals2022.Mean < r.QantarDismissals.Mean {
		t.Errorf("Qantar: protest share %v, dismissals %v in January and %v in 2022", q, r.QantarDismissals.Mean, r.Dismissals2022.Mean)
	}
	var png, md bytes.Buffer
	if err := r.Chart(&png); err != nil || !bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")) {
		t.Errorf("Chart: %v, %d bytes; want a PNG", err, png.Len())
	}
	r.Markdown(&md, "kz_reform_timeline", 2345, "img/x.png")
	if !strings.Contains(md.String(), "## The Qantar replay") || !strings.Contains(md.String(), "img/x.png") {
		t.Error("Markdown lacks the Qantar section or the chart")
	}
}
