package scenarios

import (
	"math"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/decentsim/decentsim/sim"
)

// roundTrip encodes s, loads the result, and reports any difference.
func roundTrip(t *testing.T, what string, s *Scenario) {
	t.Helper()
	text, err := Encode(s)
	if err != nil {
		t.Fatalf("Encode(%s) error: %v", what, err)
	}
	back, err := Load(fstest.MapFS{"resolved.toml": {Data: text}}, "resolved.toml")
	if err != nil {
		t.Fatalf("Load(Encode(%s)) error:\n%v\n%s", what, err, text)
	}
	back.Source = s.Source
	if !reflect.DeepEqual(back, s) {
		t.Errorf("Load(Encode(%s)) differs from %s: %v; meta %q %q %d %d %d vs %q %q %d %d %d",
			what, what, paramsDiff(back.Params, s.Params),
			back.Name, back.Description, back.Months, back.Trials, back.Seed,
			s.Name, s.Description, s.Months, s.Trials, s.Seed)
	}
	again, err := Encode(back)
	if err != nil || string(again) != string(text) {
		t.Errorf("Encode(Load(Encode(%s))) = %q, %v; want the same text", what, again, err)
	}
}

func TestRoundTripLibrary(t *testing.T) {
	t.Parallel()
	for _, in := range List() {
		s, err := Resolve(in.Name, nil)
		if err != nil {
			t.Fatalf("Resolve(%q, nil) error: %v", in.Name, err)
		}
		roundTrip(t, in.Name, s)
	}
}

func TestRoundTripOverrides(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ref       string
		overrides []string
	}{
		{"kz_reform_timeline", []string{"meta.seed=9223372036854775807", "meta.trials=3", "behavior.trust_rate=0.1234567890123456789"}},
		{"classroom", []string{"world.median_income=123456.789", "fiscal.equalisation=1e-7", "institutions.selection=indirect", "meta.description=tricky \"name\"\twith\\escapes"}},
		{"kz_fiscal_autonomy", []string{"fiscal.service_cost_per_capita=1e9", "unrest.k=0.1", "unrest.rounding=floor", "participation.cost=3"}},
		{"kz_qantar_shock", []string{"meta.description=описание с юникодом", "meta.months=14"}},
	}
	for _, tt := range tests {
		s, err := Resolve(tt.ref, tt.overrides)
		if err != nil {
			t.Fatalf("Resolve(%q, %q) error: %v", tt.ref, tt.overrides, err)
		}
		roundTrip(t, tt.ref+" with overrides", s)
	}
}

func TestRoundTripNoExtends(t *testing.T) {
	t.Parallel()
	src := "[meta]\nname = \"plain\"\n[[events]]\nmonth = 3\nlabel = \"\"\nakim_elections = true\n" +
		"[events.set.fiscal]\nown_budget = false\ntransfer_per_capita = 10\n"
	s, err := Load(fstest.MapFS{"p.toml": {Data: []byte(src)}}, "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := sim.Event{Month: 3, AkimElections: true, Set: map[string]sim.Value{"fiscal.own_budget": sim.Bool(false), "fiscal.transfer_per_capita": sim.Float(10)}}
	if len(s.Params.Events) != 1 || !reflect.DeepEqual(s.Params.Events[0], want) {
		t.Errorf("Load(%q) events = %+v; want [%+v]", src, s.Params.Events, want)
	}
	roundTrip(t, "p.toml", s)
}

func TestFormatFloat(t *testing.T) {
	t.Parallel()
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1.0 / 3, 2.3, 1e-4, 9.99e-5, 1e15, 123456789012345.6,
		1e300, 5e-324, math.MaxFloat64, -7.35e6, math.Nextafter(1, 2)} {
		s, err := formatFloat(x)
		if err != nil {
			t.Errorf("formatFloat(%v) error: %v", x, err)
			continue
		}
		got, ok := parseValue(s).(float64)
		if !ok || got != x || math.Signbit(got) != math.Signbit(x) {
			t.Errorf("formatFloat(%v) = %q, which TOML reads as %v (%T); want the float %v", x, s, parseValue(s), parseValue(s), x)
		}
	}
	for _, x := range []float64{math.NaN(), math.Inf(1)} {
		if s, err := formatFloat(x); err == nil {
			t.Errorf("formatFloat(%v) = %q, nil; want an error", x, s)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	t.Parallel()
	good, err := Resolve("", nil)
	if err != nil {
		t.Fatal(err)
	}
	nan := *good
	nan.Params.Behavior.TrustRate = math.NaN()
	big := *good
	big.Seed = math.MaxUint64
	badEvent := *good
	badEvent.Params.Events = []sim.Event{{Month: 1, Set: map[string]sim.Value{"x.y": {}}}}
	for name, s := range map[string]*Scenario{"nil": nil, "NaN": &nan, "huge seed": &big, "bad event value": &badEvent} {
		if _, err := Encode(s); err == nil {
			t.Errorf("Encode(%s) error = nil; want an error", name)
		}
	}
}
