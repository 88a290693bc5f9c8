package output

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// seriesColors tell scenarios (or sweep values) apart on a chart: the
// Okabe–Ito palette, distinguishable with the common colour-vision
// deficiencies (Okabe and Ito 2008, "Color Universal Design"), darkest
// first, without its yellow, which is too light for a line on white.
var seriesColors = []color.NRGBA{
	{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}, // blue
	{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}, // vermillion
	{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}, // bluish green
	{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}, // reddish purple
	{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, // orange
	{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, // sky blue
	{R: 0x00, G: 0x00, B: 0x00, A: 0xff}, // black
}

// seriesStyle returns the line colour, band colour and dash pattern of
// the i-th series: colours repeat after seven, with dashes.
func seriesStyle(i int) (line, band color.NRGBA, dashes []vg.Length) {
	line = seriesColors[i%len(seriesColors)]
	band = line
	band.A = 0x38
	if i >= len(seriesColors) {
		dashes = []vg.Length{vg.Points(6), vg.Points(3)}
	}
	return line, band, dashes
}

// legendItem is one entry of a legend strip: a name, and the line and
// band colours of its thumbnail (a band without a line if line.A is 0, a
// marker if glyph is set).
type legendItem struct {
	name   string
	line   color.NRGBA
	band   color.NRGBA
	dashes []vg.Length
	glyph  draw.GlyphDrawer
}

// legendStyle is the text style of legend strips.
func legendStyle() text.Style {
	sty := plot.New().Legend.TextStyle
	sty.Font.Size = vg.Points(11)
	sty.XAlign, sty.YAlign = text.XLeft, text.YCenter
	return sty
}

// legendLayout places items left to right in rows no wider than width;
// it returns each item's row and x offset, and the number of rows.
func legendLayout(items []legendItem, width vg.Length) (rows []int, xs []vg.Length, nrows int) {
	sty := legendStyle()
	thumb, gap := vg.Points(24), vg.Points(6)
	x, row := vg.Length(0), 0
	for _, it := range items {
		w := thumb + gap + sty.Width(it.name) + 3*gap
		if x > 0 && x+w > width {
			row++
			x = 0
		}
		rows = append(rows, row)
		xs = append(xs, x)
		x += w
	}
	if len(items) == 0 {
		return nil, nil, 0
	}
	return rows, xs, row + 1
}

// legendRowHeight is the height of one row of a legend strip.
var legendRowHeight = vg.Points(18)

// legendHeight is the height the legend strip of items needs in width.
func legendHeight(items []legendItem, width vg.Length) vg.Length {
	_, _, n := legendLayout(items, width)
	return vg.Length(n) * legendRowHeight
}

// drawLegend draws items as a strip of rows across the top of c.
func drawLegend(c draw.Canvas, items []legendItem) {
	sty := legendStyle()
	thumb, gap := vg.Points(24), vg.Points(6)
	rows, xs, _ := legendLayout(items, c.Max.X-c.Min.X)
	for i, it := range items {
		x := c.Min.X + xs[i]
		y := c.Max.Y - (vg.Length(rows[i])+0.5)*legendRowHeight
		if it.band.A > 0 {
			h := legendRowHeight * 0.6
			c.FillPolygon(it.band, []vg.Point{{X: x, Y: y - h/2}, {X: x + thumb, Y: y - h/2}, {X: x + thumb, Y: y + h/2}, {X: x, Y: y + h/2}})
		}
		if it.glyph != nil {
			c.DrawGlyph(draw.GlyphStyle{Color: it.line, Radius: vg.Points(3.5), Shape: it.glyph}, vg.Point{X: x + thumb/2, Y: y})
		} else if it.line.A > 0 {
			c.StrokeLine2(draw.LineStyle{Color: it.line, Width: vg.Points(2), Dashes: it.dashes}, x, y, x+thumb, y)
		}
		c.FillText(sty, vg.Point{X: x + thumb + gap, Y: y}, it.name)
	}
}

// legendPad is the margin around a legend strip.
var legendPad = vg.Points(8)

// withLegend draws p above a legend strip of items at the bottom of dc.
func withLegend(dc draw.Canvas, p *plot.Plot, items []legendItem) {
	inner := draw.Crop(dc, legendPad, -legendPad, legendPad, 0)
	h := legendHeight(items, inner.Max.X-inner.Min.X)
	p.Draw(draw.Crop(dc, legendPad/2, 0, h+legendPad, 0))
	drawLegend(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-h)), items)
}

// dashboardLegendHeight is the height of a dashboard's legend strip of
// items, with its margin.
func dashboardLegendHeight(items []legendItem) vg.Length {
	return legendHeight(items, dashboardW-2*legendPad) + legendPad
}

// panelsWithLegend returns chart file name, dashboardW wide and h high:
// title above n panels, panel(0) to panel(n-1), tiled cols to a row, and
// a legend strip of items lh high (dashboardLegendHeight) at the bottom.
func panelsWithLegend(name string, h, lh vg.Length, title string, items []legendItem, cols, n int, panel func(i int) (*plot.Plot, error)) chartFile {
	return chartFile{name, dashboardW, h, func(dc draw.Canvas) error {
		var panels []*plot.Plot
		for i := range n {
			p, err := panel(i)
			if err != nil {
				return err
			}
			panels = append(panels, p)
		}
		drawPanels(draw.Crop(dc, 0, 0, lh, 0), title, vg.Points(14), panels, cols)
		drawLegend(draw.Crop(dc, legendPad, -legendPad, legendPad/2, -(h-lh)), items)
		return nil
	}}
}
