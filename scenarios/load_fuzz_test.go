package scenarios

import (
	"errors"
	"reflect"
	"testing"
	"testing/fstest"
)

// FuzzLoad loads arbitrary bytes as a scenario. Loading must never panic;
// it must give either an ErrorList of well-formed problems, or a scenario
// that Encode writes back to text loading to exactly the same scenario.
// The shape check must agree with the TOML decoder (shapeAgreesWithTOML).
// The seed corpus is the embedded library, the adversarial inputs (1 KiB
// each) and testdata/fuzz/FuzzLoad, which holds issue 20's nesting bombs.
func FuzzLoad(f *testing.F) {
	for _, in := range List() {
		src, err := Source(in.Name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("extends = \"base.toml\"\n[[events]]\nmonth = 24\nset = { \"institutions.recall\" = true }\n"))
	f.Add([]byte("[meta]\nmonths = 3\n[[events]]\nmonth = 4\n"))
	for _, in := range adversarial(maxDifferential) {
		f.Add([]byte(in.src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if d := shapeAgreesWithTOML(string(data)); d != "" {
			t.Fatal(d)
		}
		fsys := fstest.MapFS{
			"f.toml":    {Data: data},
			"base.toml": {Data: []byte("[meta]\nmonths = 24\n[institutions]\nselection = \"indirect\"\n")},
		}
		s, err := Load(fsys, "f.toml")
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Load error = %#v; want a non-empty ErrorList", err)
			}
			for _, e := range list {
				if e.Msg == "" || e.Hint == "" || e.File == "" {
					t.Errorf("Load problem %#v; want a file, a message and a hint", e)
				}
			}
			if s != nil {
				t.Fatalf("Load = %+v, %v; want no scenario with an error", s, err)
			}
			return
		}
		text, err := Encode(s)
		if err != nil {
			t.Fatalf("Encode(Load(data)) error: %v", err)
		}
		back, err := Load(fstest.MapFS{"f.toml": {Data: text}}, "f.toml")
		if err != nil {
			t.Fatalf("Load(Encode(Load(data))) error: %v\n%s", err, text)
		}
		if !reflect.DeepEqual(back, s) {
			t.Fatalf("Load(Encode(s)) differs from s: %v\n%s", paramsDiff(back.Params, s.Params), text)
		}
	})
}
