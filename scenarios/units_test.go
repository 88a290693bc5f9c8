package scenarios

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/decentsim/decentsim/sim"
)

// TestUnitsRoundTrip writes generated units and reads them back exactly.
func TestUnitsRoundTrip(t *testing.T) {
	t.Parallel()
	p := sim.Default()
	specs := sim.GenerateUnits(&p, sim.TrialSeed(3, 1))
	specs[0].X, specs[0].Y, specs[1].Income, specs[2].Young, specs[3].Localities = math.NaN(), math.NaN(), math.NaN(), math.NaN(), 0
	var b bytes.Buffer
	if err := WriteUnits(&b, specs); err != nil {
		t.Fatal(err)
	}
	got, err := ReadUnits("u.csv", &b, &p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(nanZero(got), nanZero(specs)) {
		t.Error("ReadUnits(WriteUnits(specs)) differs from specs")
	}
}

// nanZero replaces NaN by a sentinel so that specs compare with DeepEqual.
func nanZero(specs []sim.UnitSpec) []sim.UnitSpec {
	out := append([]sim.UnitSpec(nil), specs...)
	for i := range out {
		for _, f := range []*float64{&out[i].X, &out[i].Y, &out[i].Income, &out[i].Young, &out[i].Old} {
			if math.IsNaN(*f) {
				*f = -12345
			}
		}
	}
	return out
}

func TestReadUnitsErrors(t *testing.T) {
	t.Parallel()
	p := sim.Default()
	const head = "oblast,district,name,type,population\n"
	tests := []struct {
		name, src  string
		line       int
		key, inMsg string
	}{
		{"empty", "", 0, "", "empty"},
		{"unknown column", "oblast,district,name,type,populaton\n", 1, "populaton", "unknown column"},
		{"missing column", "oblast,district,name,type\n", 1, "population", "required column missing"},
		{"no rows", head, 1, "", "no units"},
		{"bad type", head + "Abai,d,u,hamlet,100\n", 2, "type", `"hamlet" is not a unit type`},
		{"bad number", head + "Abai,d,u,village,1e3\n", 2, "population", "not a whole number"},
		{"empty required", head + "Abai,,u,village,100\n", 2, "district", "is empty"},
		{"unknown oblast", head + "Atlantis,d,u,village,100\n", 2, "oblast", "not an oblast"},
		{"cells", head + "Abai,d,u,village,100,5\n", 2, "", "6 cells"},
		{"shares", "oblast,district,name,type,population,young_share,old_share\n# a comment\nAbai,d,u,village,100,0.7,0.6\n", 3, "old_share", "more than 1"},
		{"one coordinate", "oblast,district,name,type,population,x_km,y_km\nAbai,d,u,village,100,5,\n", 2, "x_km", "together"},
		{"quote", head + "Abai,\"d,u,village,100\n", 2, "", "cannot read"},
	}
	for _, tt := range tests {
		_, err := ReadUnits("u.csv", strings.NewReader(tt.src), &p)
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Errorf("%s: ReadUnits error %v; want an ErrorList", tt.name, err)
			continue
		}
		e := list[0]
		if e.File != "u.csv" || e.Line != tt.line || e.Key != tt.key || !strings.Contains(e.Msg, tt.inMsg) || e.Hint == "" {
			t.Errorf("%s: ReadUnits problem %q (line %d, key %q); want line %d, key %q, a message with %q and a hint",
				tt.name, e.Error(), e.Line, e.Key, tt.line, tt.key, tt.inMsg)
		}
	}
	p.World.OblastTable = "uniform"
	if _, err := ReadUnits("u.csv", strings.NewReader(head+"Atlantis,d,u,village,100\n"), &p); err != nil {
		t.Errorf("an oblast outside the table under the uniform table: %v; want it accepted", err)
	}
}

// TestScenarioUnitsFile checks the loader: a units file relative to the
// scenario that names it, an embedded table, and errors at the key.
func TestScenarioUnitsFile(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"w/s.toml":     {Data: []byte("[world]\nunits_file = \"data/u.csv\"\n")},
		"w/data/u.csv": {Data: []byte("oblast,district,name,type,population\nAbai,d1,a,town,5000\nAbai,d1,b,village,300\n")},
		"w/bad.toml":   {Data: []byte("[world]\nunits_file = \"missing.csv\"\n")},
		"w/table.toml": {Data: []byte("[world]\nunits_file = \"kz_synthetic\"\n")},
		"w/typo.toml":  {Data: []byte("[world]\nunits_file = \"kz_synthetc\"\n")},
	}
	s, err := Load(fsys, "w/s.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Params.Units) != 2 || s.Params.Units[0].Population != 5000 {
		t.Errorf("units %+v; want the file's two", s.Params.Units)
	}
	if s, err := Load(fsys, "w/table.toml"); err != nil || len(s.Params.Units) != 2345 {
		t.Errorf("embedded table: %v; want 2,345 units", err)
	}
	for name, want := range map[string]string{"w/bad.toml": "cannot read units file", "w/typo.toml": "did you mean kz_synthetic"} {
		_, err := Load(fsys, name)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), name+":2: world.units_file") {
			t.Errorf("Load(%s) = %v; want %q at %s:2", name, err, want, name)
		}
	}
	if _, err := Parse("up.toml", []byte("[world]\nunits_file = \"/etc/passwd.csv\"\n"), nil); err == nil || !strings.Contains(err.Error(), "only an embedded units table") {
		t.Errorf("an uploaded scenario naming a file: %v; want it refused", err)
	}
}

// FuzzReadUnits reads arbitrary bytes as a units file: never a panic;
// either units that write and read back the same, or well-formed problems.
func FuzzReadUnits(f *testing.F) {
	src, _ := unitTables.ReadFile("units/kz_synthetic.csv")
	f.Add(src[:2000])
	f.Add([]byte("oblast,district,name,type,population,x_km\nAbai,d,u,village,100,NaN\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := sim.Default()
		specs, err := ReadUnits("f.csv", bytes.NewReader(data), &p)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("ReadUnits error %#v; want a non-empty ErrorList", err)
			}
			for _, e := range list {
				if e.File != "f.csv" || e.Msg == "" || e.Hint == "" {
					t.Errorf("problem %#v; want the file, a message and a hint", e)
				}
			}
			return
		}
		var b bytes.Buffer
		if err := WriteUnits(&b, specs); err != nil {
			t.Fatal(err)
		}
		again, err := ReadUnits("f.csv", &b, &p)
		if err != nil || !reflect.DeepEqual(nanZero(again), nanZero(specs)) {
			t.Fatalf("written units read back as %v, %v", again, err)
		}
	})
}

// TestEmbeddedTableIsGenerated keeps the embedded table kz_synthetic what
// it says it is: the generator's units of kz_direct_2021, seed 1, trial
// 0 (regenerate it with decentsim world when the generator changes).
func TestEmbeddedTableIsGenerated(t *testing.T) {
	t.Parallel()
	p := sim.Default()
	src, err := unitTables.ReadFile("units/kz_synthetic.csv")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadUnits("kz_synthetic.csv", bytes.NewReader(src), &p)
	if err != nil {
		t.Fatal(err)
	}
	if want := sim.GenerateUnits(&p, sim.TrialSeed(1, 0)); !reflect.DeepEqual(nanZero(got), nanZero(want)) {
		t.Error("units/kz_synthetic.csv is not GenerateUnits(kz_direct_2021, seed 1, trial 0); regenerate it with decentsim world")
	}
}
