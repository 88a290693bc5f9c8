package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// TestResolveDisk loads scenario files from disk through Resolve, with a
// chain of relative extends ending in an embedded scenario.
func TestResolveDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, src string) {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("base/common.toml", "extends = \"kz_indirect_2013\"\n[meta]\ntrials = 4\n[fiscal]\npatronage_weight = 0.9\n"+
		"[[events]]\nmonth = 10\nlabel = \"base event\"\n")
	write("mine.toml", "extends = \"base/common.toml\"\n[meta]\ndescription = \"mine\"\n[fiscal]\ncompliance = 0.5\n"+
		"[[events]]\nmonth = 2\nlabel = \"early\"\n[[events]]\nmonth = 10\nlabel = \"same month, after the base's\"\n")

	s, err := Resolve(filepath.Join(dir, "mine.toml"), []string{"fiscal.compliance=0.6"})
	if err != nil {
		t.Fatalf("Resolve(mine.toml) error: %v", err)
	}
	p := s.Params
	if p.Institutions.Selection != "indirect" || p.Fiscal.PatronageWeight != 0.9 || p.Fiscal.Compliance != 0.6 {
		t.Errorf("Resolve(mine.toml) = selection %q, patronage %v, compliance %v; want indirect, 0.9, 0.6",
			p.Institutions.Selection, p.Fiscal.PatronageWeight, p.Fiscal.Compliance)
	}
	if s.Name != "mine" || s.Description != "mine" || s.Trials != 4 || s.Months != 120 {
		t.Errorf("Resolve(mine.toml) meta = %q, %q, %d trials, %d months; want mine, mine, 4, 120", s.Name, s.Description, s.Trials, s.Months)
	}
	var labels []string
	for _, e := range p.Events {
		labels = append(labels, e.Label)
	}
	if want := []string{"early", "base event", "same month, after the base's"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("Resolve(mine.toml) events = %q; want %q", labels, want)
	}

	// A relative path from the working directory works too.
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, filepath.Join(dir, "mine.toml"))
	if err == nil {
		if _, err := Resolve(rel, nil); err != nil {
			t.Errorf("Resolve(%q) error: %v", rel, err)
		}
	}

	_, err = Resolve(filepath.Join(dir, "missing.toml"), nil)
	checkProblems(t, "Resolve(missing.toml)", err, []problem{{filepath.Join(dir, "missing.toml"), 0, "", "cannot read scenario: no such file"}})
}

// TestLoadFS checks that Load reads from any fs.FS, resolving a relative
// extends in that FS and an embedded name in the library.
func TestLoadFS(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"a/b/s.toml":  {Data: []byte("extends = \"../base.toml\"\n[world]\noblasts = 2\n")},
		"a/base.toml": {Data: []byte("extends = \"classroom\"\n[world]\ndistricts_per_oblast = 3\n")},
	}
	s, err := Load(fsys, "a/b/s.toml")
	if err != nil {
		t.Fatalf("Load(a/b/s.toml) error: %v", err)
	}
	w := s.Params.World
	if w.Oblasts != 2 || w.DistrictsPerOblast != 3 || w.Population != 40000 || s.Trials != 20 || s.Source != "a/b/s.toml" || s.Name != "s" {
		t.Errorf("Load(a/b/s.toml) = %+v; want classroom with 2 oblasts of 3 districts, named s", s)
	}
	_, err = Load(fsys, "a/b/s.toml/..")
	if err == nil {
		t.Errorf("Load(%q) error = nil; want an error", "a/b/s.toml/..")
	}
	fsys["up.toml"] = &fstest.MapFile{Data: []byte("extends = \"../outside.toml\"\n")}
	_, err = Load(fsys, "up.toml")
	checkProblems(t, "Load(up.toml)", err, []problem{{"up.toml", 1, "extends", "cannot read scenario"}})
}

// TestEventsAndShocks checks that shocks that stay in range and election
// flags load; testdata/load_errors.txt holds the events Load refuses.
func TestEventsAndShocks(t *testing.T) {
	t.Parallel()
	src := "[[events]]\nmonth = 2\nhardship = 0.6\n[[events]]\nmonth = 3\nhardship = -0.6\n[[events]]\nmonth = 4\nhardship = 0.6\n" +
		"[[events]]\nmonth = 5\nmaslikhat_election = true\nakim_elections = true\nlegitimacy = -1\n"
	s, err := Load(fstest.MapFS{"s.toml": {Data: []byte(src)}}, "s.toml")
	if err != nil {
		t.Fatalf("Load(shocks within range) error: %v", err)
	}
	if e := s.Params.Events[3]; !e.MaslikhatElection || !e.AkimElections || e.Legitimacy != -1 {
		t.Errorf("Load(shocks within range) event 3 = %+v; want both elections and legitimacy -1", e)
	}
}

func TestParse(t *testing.T) {
	src := []byte("extends = \"classroom\"\n[meta]\nname = \"up\"\n[fiscal]\npatronage_weight = 0.9\n")
	s, err := Parse("up.toml", src, []string{"meta.trials=3"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "up" || s.Trials != 3 || s.Params.Fiscal.PatronageWeight != 0.9 {
		t.Errorf("got name %q, trials %d, patronage %v", s.Name, s.Trials, s.Params.Fiscal.PatronageWeight)
	}
	if s.Params.World.Population != 40000 {
		t.Errorf("did not extend classroom: population %d", s.Params.World.Population)
	}

	_, err = Parse("bad.toml", []byte("[fiscal]\npatronage = 0.9\n\n[institutions]\nrecall = 3\n"), nil)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("want two problems, got %v", err)
	}
	if got := list[0].Error(); !strings.HasPrefix(got, "bad.toml:2: fiscal.patronage") {
		t.Errorf("first problem %q, want it at bad.toml:2", got)
	}

	_, err = Parse("up.toml", []byte("extends = \"other.toml\"\n"), nil)
	if err == nil || !strings.Contains(err.Error(), "cannot extend another file") {
		t.Errorf("extends of a path: got %v", err)
	}
}

func TestNameMustBeAFolder(t *testing.T) {
	for _, name := range []string{"../escape", "", ".hidden", "a/b", `a\b`, "two words"} {
		src := []byte("extends = \"classroom\"\n[meta]\nname = " + strconvQuote(name) + "\n")
		_, err := Parse("n.toml", src, nil)
		if err == nil || !strings.Contains(err.Error(), "n.toml:3: meta.name:") || !strings.Contains(err.Error(), "cannot name an output folder") {
			t.Errorf("name %q: %v", name, err)
		}
	}
	for _, name := range []string{"my_reform", "kz-2021.v2", "A1"} {
		if _, err := Parse("n.toml", []byte("[meta]\nname = "+strconvQuote(name)+"\n"), nil); err != nil {
			t.Errorf("name %q: %v", name, err)
		}
	}
}

func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, `\`, `\\`) + `"` }
