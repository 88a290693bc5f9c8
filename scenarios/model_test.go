package scenarios

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/decentsim/decentsim/sim"
)

// TestModel checks meta.model: its default, inheritance through extends,
// overrides, and that Encode writes it only for a model other than the
// default.
func TestModel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ref       string
		overrides []string
		want      string
	}{
		{"kz_direct_2021", nil, sim.ModelRural},
		{"classic_epstein", nil, sim.ModelClassicEpstein},
		{"classic_legitimacy_sudden", nil, sim.ModelClassicEpstein}, // inherited from classic_epstein
		{"classic_epstein", []string{"meta.model=rural"}, sim.ModelRural},
		{"classroom", []string{`meta.model="classic_epstein"`}, sim.ModelClassicEpstein},
	}
	for _, tt := range tests {
		s, err := Resolve(tt.ref, tt.overrides)
		if err != nil {
			t.Fatalf("Resolve(%q, %q) error: %v", tt.ref, tt.overrides, err)
		}
		if s.Model != tt.want {
			t.Errorf("Resolve(%q, %q).Model = %q; want %q", tt.ref, tt.overrides, s.Model, tt.want)
		}
		text, err := Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		if has := strings.Contains(string(text), "\nmodel = "); has != (tt.want != sim.ModelRural) {
			t.Errorf("Encode(%s) states the model: %v; want it only for a model other than %q", tt.ref, has, sim.ModelRural)
		}
		roundTrip(t, tt.ref, s)
	}
}

// TestClassicEvent checks that an event may change legitimacy during a
// classic run; testdata/load_errors.txt holds the classic scenarios Load
// refuses.
func TestClassicEvent(t *testing.T) {
	t.Parallel()
	// An event may change legitimacy during a classic run.
	src := "[meta]\nmodel = \"classic_epstein\"\nmonths = 10\n[[events]]\nmonth = 5\nlabel = \"drop\"\nset = { \"classic.legitimacy\" = 0.6 }\n"
	s, err := Load(fstest.MapFS{"x.toml": {Data: []byte(src)}}, "x.toml")
	if err != nil {
		t.Fatal(err)
	}
	if e := s.Params.Events; len(e) != 1 || e[0].Month != 5 || e[0].Set["classic.legitimacy"] != sim.Float(0.6) {
		t.Errorf("events = %+v; want legitimacy 0.6 at month 5", e)
	}
}
