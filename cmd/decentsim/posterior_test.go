package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/output"
)

// testPosterior is a posterior.csv of four particles spread over initial
// awareness, as calibrate --method abc writes them.
const testPosterior = "particle,weight,participation.initial_awareness,distance\n" +
	"1,0.25,0.15,1\n2,0.25,0.35,1\n3,0.25,0.55,1\n4,0.25,0.75,1\n"

// TestComparePosteriorWidensIntervals runs the same comparison with and
// without --posterior: drawing each trial's parameters from a posterior
// must widen the awareness interval of every scenario (what is not
// known about the parameters joins trial noise), record the posterior in
// the manifest, and leave the output the same for any number of workers.
func TestComparePosteriorWidensIntervals(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	post := filepath.Join(base, "posterior.csv")
	writeTestFile(t, post, []byte(testPosterior))
	width := func(dir string, extra ...string) map[string]float64 {
		args := append([]string{"compare", "classroom", "classroom_qantar", "--trials", "6", "--months", "24", "--quiet", "--no-charts", "--out", dir}, extra...)
		if code, _, stderr := run(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		w := map[string]float64{}
		for _, r := range readRows(t, filepath.Join(dir, output.CompareFile)) {
			if r["window"] == "final_year" && r["metric"] == "awareness" {
				w[r["scenario"]] = parseNum(t, r["ci95_high"]) - parseNum(t, r["ci95_low"])
			}
		}
		return w
	}
	plain := width(filepath.Join(base, "plain"))
	drawn := width(filepath.Join(base, "post"), "--posterior", post)
	if len(plain) != 2 {
		t.Fatalf("compare.csv has final-year awareness for %v; want both scenarios", plain)
	}
	for s, w := range plain {
		if !(drawn[s] > 2*w) {
			t.Errorf("%s: awareness 95%% interval %.4g with --posterior, %.4g without; want more than twice as wide", s, drawn[s], w)
		}
	}
	t.Logf("awareness interval widths without %v, with --posterior %v", plain, drawn)
	m, err := os.ReadFile(filepath.Join(base, "post", output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(m), `"posterior": "`+post) || !strings.Contains(string(m), `"posterior_sha256"`) {
		t.Errorf("manifest does not name the posterior:\n%s", m)
	}
	one := filepath.Join(base, "post1")
	if code, _, stderr := run(t, "compare", "classroom", "classroom_qantar", "--trials", "6", "--months", "24", "--quiet", "--no-charts",
		"--out", one, "--workers", "1", "--posterior", post); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a, _ := os.ReadFile(filepath.Join(base, "post", output.CompareFile))
	b, _ := os.ReadFile(filepath.Join(one, output.CompareFile))
	if string(a) != string(b) {
		t.Error("compare.csv with --posterior differs between --workers 1 and the default")
	}
}

func TestPosteriorBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tt := range []struct{ src, want string }{
		{"particle,weight,behavior.civic_dut,distance\n1,1,0.5,0\n", "not a real-valued parameter"},
		{"particle,weight,behavior.civic_duty,distance\n1,x,0.5,0\n", "line 2"},
		{"particle,weight,behavior.civic_duty,distance\n1,0,0.5,0\n", "at least one must be positive"},
		{"a,b\n1,2\n", "header"},
	} {
		p := filepath.Join(dir, "p.csv")
		writeTestFile(t, p, []byte(tt.src))
		code, _, stderr := run(t, "run", "classroom", "--trials", "1", "--months", "2", "--quiet", "--out", filepath.Join(dir, "out"), "--posterior", p)
		if code == 0 || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "--posterior") {
			t.Errorf("posterior %q: exit %d, stderr %q; want an error naming --posterior and %q", tt.src, code, stderr, tt.want)
		}
	}
}
