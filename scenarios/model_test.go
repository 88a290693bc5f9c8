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

func TestClassicScenarioErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []problem
	}{
		{"unknown model", "[meta]\nmodel = \"epstein\"\n",
			[]problem{{"x.toml", 2, "meta.model", `"epstein" is not one of rural, classic_epstein`}}},
		{"model not a word", "[meta]\nmodel = 2\n",
			[]problem{{"x.toml", 2, "meta.model", "wants a quoted word"}}},
		{"densities over one", "[classic]\ncitizen_density = 0.9\ncop_density = 0.2\n",
			[]problem{{"x.toml", 3, "classic.cop_density", "citizen_density + cop_density = 1.1"}}},
		{"grid changed by an event", "[meta]\nmodel = \"classic_epstein\"\n[[events]]\nmonth = 2\nlabel = \"x\"\nset = { \"classic.width\" = 10 }\n",
			[]problem{{"x.toml", 6, "events[0].set.classic.width", "cannot change during a run"}}},
		{"bad classic word", "[classic]\nneighbourhood = \"hexagonal\"\n",
			[]problem{{"x.toml", 2, "classic.neighbourhood", "is not one of von_neumann, moore, euclidean"}}},
	}
	for _, tt := range tests {
		_, err := Load(fstest.MapFS{"x.toml": {Data: []byte(tt.src)}}, "x.toml")
		checkProblems(t, tt.name, err, tt.want)
	}
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
