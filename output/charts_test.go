package output

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/vg/draw"

	"github.com/decentsim/decentsim/sim"
	"github.com/decentsim/decentsim/stats"
)

// TestCharts checks that a run writes a valid PNG and SVG of non-trivial
// size for each headline metric and the dashboard, listed in the manifest.
func TestCharts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := testConfig(dir, 4, 24)
	runAll(t, cfg, synthetic(4, 24))

	m, err := ReadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f] = true
	}
	type want struct {
		name string
		w, h int // PNG pixels
	}
	var charts []want
	for _, h := range sim.Headlines() {
		charts = append(charts, want{h.String(), 960, 600})
	}
	charts = append(charts, want{DashboardName, 1800, 1020})
	for _, c := range charts {
		pngPath := filepath.Join(dir, ChartsDir, c.name+".png")
		b, err := os.ReadFile(pngPath)
		if err != nil {
			t.Error(err)
			continue
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: %v", pngPath, err)
			continue
		}
		if got := img.Bounds().Size(); got.X != c.w || got.Y != c.h || len(b) < 20<<10 {
			t.Errorf("%s is %dx%d, %d bytes; want %dx%d and over 20 KB", pngPath, got.X, got.Y, len(b), c.w, c.h)
		}
		if !hasColor(img, meanColor) {
			t.Errorf("%s has no mean-line pixels", pngPath)
		}

		svgPath := filepath.Join(dir, ChartsDir, c.name+".svg")
		if b, err = os.ReadFile(svgPath); err != nil {
			t.Error(err)
			continue
		}
		if root, elems, err := parseXML(b); err != nil || root != "svg" || elems < 30 || len(b) < 5<<10 {
			t.Errorf("%s: root <%s>, %d elements, %d bytes, error %v; want a valid <svg> of over 30 elements and 5 KB",
				svgPath, root, elems, len(b), err)
		}
		for _, f := range []string{"charts/" + c.name + ".png", "charts/" + c.name + ".svg"} {
			if !listed[f] {
				t.Errorf("manifest does not list %s", f)
			}
		}
	}
	assertNoTemp(t, dir)
}

// render draws the stand-alone chart of s in format and returns the
// file's bytes.
func render(t *testing.T, s *chartSeries, format string) []byte {
	t.Helper()
	p, err := metricPlot(s, chartInfo{scenario: "test", seed: 1, trialsDone: len(s.traces)}, true)
	if err != nil {
		t.Fatalf("metricPlot(%v) = %v", s.metric, err)
	}
	c := newCanvas(format, chartW, chartH)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestChartsDegenerate checks charts with little to draw: one trial (no
// interval), one month (no line), constant zeros (as the engine
// placeholder returns), a metric NaN throughout, and gaps.
func TestChartsDegenerate(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	for _, tt := range []struct {
		name         string
		mean, lo, hi []float64
		traces       [][]float64
	}{
		{"one trial", []float64{1, 2, 3}, []float64{nan, nan, nan}, []float64{nan, nan, nan}, [][]float64{{1, 2, 3}}},
		{"one month", []float64{0.5}, []float64{0.4}, []float64{0.6}, [][]float64{{0.45}, {0.55}}},
		{"zeros", []float64{0, 0, 0}, []float64{0, 0, 0}, []float64{0, 0, 0}, [][]float64{{0, 0, 0}}},
		{"all NaN", []float64{nan, nan}, []float64{nan, nan}, []float64{nan, nan}, [][]float64{{nan, nan}}},
		{"gaps", []float64{1, nan, 2, 3, nan}, []float64{0.5, nan, 1.5, 2.5, nan}, []float64{1.5, nan, 2.5, 3.5, nan},
			[][]float64{{1, nan, 2, 4, 5}}},
	} {
		// SVG draws the same plot as PNG, faster; TestCharts decodes PNGs.
		s := &chartSeries{metric: sim.Legitimacy, mean: tt.mean, lo: tt.lo, hi: tt.hi, traces: tt.traces}
		if _, _, err := parseXML(render(t, s, "svg")); err != nil {
			t.Errorf("chart of %s: %v", tt.name, err)
		}
	}
}

// TestChartsDeterministic checks that drawing a chart twice gives the same
// bytes, in both formats.
func TestChartsDeterministic(t *testing.T) {
	t.Parallel()
	results := synthetic(3, 30)
	s := &chartSeries{metric: sim.ServiceQuality}
	for i := range 30 {
		var col []float64
		for _, r := range results {
			col = append(col, r.Months[i][sim.ServiceQuality])
		}
		st := stats.Describe(col)
		s.mean, s.lo, s.hi = append(s.mean, st.Mean), append(s.lo, st.CILow), append(s.hi, st.CIHigh)
	}
	for _, format := range chartFormats {
		if a, b := render(t, s, format), render(t, s, format); !bytes.Equal(a, b) {
			t.Errorf("two %s renderings of the same chart differ (%d and %d bytes)", format, len(a), len(b))
		}
	}
}

// parseXML parses b, returning its root element's name and the number of
// elements.
func parseXML(b []byte) (root string, elems int, err error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return root, elems, nil
		}
		if err != nil {
			return root, elems, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			if elems == 0 {
				root = se.Name.Local
			}
			elems++
		}
	}
}

func TestFiniteRuns(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	ys := []float64{1, 2, nan, 3, nan, nan, 4, 5, 6}
	got := finiteRuns(ys)
	want := [][2]int{{0, 2}, {3, 4}, {6, 9}}
	if len(got) != len(want) {
		t.Fatalf("finiteRuns(%v) = %v; want %v", ys, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("finiteRuns(%v) = %v; want %v", ys, got, want)
		}
	}
}
