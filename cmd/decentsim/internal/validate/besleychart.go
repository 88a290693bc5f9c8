package validate

import (
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// WriteBesleyChart draws the docking of Besley's two-period model as a
// PNG: per office value, the engine's pooling share and congruent share
// after the election (points with their 95% intervals) against the
// analytic equilibrium (lines).
func WriteBesleyChart(w io.Writer, pts []BesleyPoint) error {
	p := plot.New()
	p.Title.Text = "Docking with Besley (2006): engine (points, 95% CI) vs equilibrium (lines)"
	p.X.Label.Text = "value of office, million KZT a month"
	p.Y.Label.Text = "share"
	p.Y.Min, p.Y.Max = 0, 1
	p.Legend.Top = false
	p.Legend.Left = false
	series := []struct {
		name           string
		engine, lo, hi func(BesleyPoint) float64
		theory         func(BesleyPoint) float64
		c              color.Color
	}{
		{"rent-seekers who pool", func(b BesleyPoint) float64 { return b.Pool.Mean }, func(b BesleyPoint) float64 { return b.Pool.CILow },
			func(b BesleyPoint) float64 { return b.Pool.CIHigh }, func(b BesleyPoint) float64 { return b.PoolTheory.Mean }, color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}},
		{"congruent after the election", func(b BesleyPoint) float64 { return b.Congruent.Mean }, func(b BesleyPoint) float64 { return b.Congruent.CILow },
			func(b BesleyPoint) float64 { return b.Congruent.CIHigh }, func(b BesleyPoint) float64 { return b.CongruentTheory.Mean }, color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}},
	}
	for _, s := range series {
		line, points, bars := make(plotter.XYs, len(pts)), make(plotter.XYs, len(pts)), make(plotter.XYs, 0, 2*len(pts))
		for i, pt := range pts {
			x := pt.OfficeValue / 1e6
			line[i] = plotter.XY{X: x, Y: s.theory(pt)}
			points[i] = plotter.XY{X: x, Y: s.engine(pt)}
			bars = append(bars, plotter.XY{X: x, Y: s.lo(pt)}, plotter.XY{X: x, Y: s.hi(pt)})
		}
		l, err := plotter.NewLine(line)
		if err != nil {
			return err
		}
		l.Color, l.Width = s.c, vg.Points(1.5)
		sc, err := plotter.NewScatter(points)
		if err != nil {
			return err
		}
		sc.Color, sc.Shape, sc.Radius = s.c, draw.CircleGlyph{}, vg.Points(3)
		p.Add(l, sc)
		for i := 0; i < len(bars); i += 2 {
			bar, err := plotter.NewLine(bars[i : i+2])
			if err != nil {
				return err
			}
			bar.Color = s.c
			p.Add(bar)
		}
		p.Legend.Add(s.name+" (engine; line: theory)", l, sc)
	}
	c := vgimg.PngCanvas{Canvas: vgimg.New(7*vg.Inch, 4*vg.Inch)}
	p.Draw(draw.New(c))
	_, err := c.WriteTo(w)
	return err
}
