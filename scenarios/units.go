package scenarios

import (
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/decentsim/decentsim/sim"
)

// Units files: a world from data. world.units_file names a CSV file, one
// row per rural unit, or an embedded table (a name without ".csv"); the
// loader reads it into Params.Units, and the world is built from those
// units instead of generated ones (sim.GenerateUnits, which `decentsim
// world` writes in the same format).
//
// The first row names the columns, in any order: oblast, district, name,
// type (town, rural_district, village or settlement) and population
// (residents) are required; x_km and y_km (position, km), income_index
// (income level relative to the national median), settlements (villages
// and hamlets in the unit), young_share and old_share (shares of adults
// aged 18-34 and 60+) are optional, and an empty cell means unknown: the
// world draws it as the generator does. Lines starting with # are
// comments.

// UnitColumns are the columns of a units file, in the order WriteUnits
// writes them; the first five are required.
var UnitColumns = []string{"oblast", "district", "name", "type", "population",
	"x_km", "y_km", "income_index", "settlements", "young_share", "old_share"}

const requiredUnitColumns = 5

// maxUnits bounds the rows of a units file.
const maxUnits = 1_000_000

// unitTables holds the embedded units tables.
//
//go:embed units/*.csv
var unitTables embed.FS

// unitTableNames returns the names of the embedded units tables, sorted.
func unitTableNames() []string { return embeddedNames(unitTables, "units", ".csv") }

// isUnitTable reports whether ref names an embedded table rather than a
// file: no path separator and no ".csv".
func isUnitTable(ref string) bool {
	return !strings.ContainsAny(ref, `/\`) && !strings.HasSuffix(ref, ".csv")
}

// ReadUnits reads a units file from r, called name in problems, for a
// world of p (which checks oblast names against world.oblast_table). On
// invalid input it returns an ErrorList: each problem names the file, the
// line, the column and what to do.
func ReadUnits(name string, r io.Reader, p *sim.Params) ([]sim.UnitSpec, error) {
	var errs ErrorList
	fail := func(line int, col, msg, hint string) {
		errs = append(errs, &Error{File: name, Line: line, Key: col, Msg: msg, Hint: hint})
	}
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			fail(0, "", "the units file is empty", "start with a header line: "+strings.Join(UnitColumns, ","))
		} else {
			fail(csvLine(err), "", "cannot read the header: "+csvProblem(err), "write the column names on the first line, separated by commas")
		}
		return nil, errs
	}
	headerLine, _ := cr.FieldPos(0)
	cols := unitHeader(slices.Clone(header), func(col, msg, hint string) { fail(headerLine, col, msg, hint) })
	if len(errs) > 0 {
		return nil, errs
	}
	var specs []sim.UnitSpec
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fail(csvLine(err), "", "cannot read this line: "+csvProblem(err), "check its quotes and commas")
			if len(errs) >= 20 {
				break
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(specs) >= maxUnits {
			fail(line, "", fmt.Sprintf("more than %d units", maxUnits), "split the country into several worlds")
			break
		}
		spec, col, msg, hint := unitRow(rec, cols, p)
		if col == "" && len(rec) != len(cols) {
			col, msg, hint = "", fmt.Sprintf("%d cells; the header has %d", len(rec), len(cols)), "give every row a cell for every column, empty where unknown"
		}
		if col != "" || msg != "" {
			fail(line, col, msg, hint)
			if len(errs) >= 20 { // enough to show what is wrong
				break
			}
			continue
		}
		specs = append(specs, spec)
	}
	if len(errs) == 0 && len(specs) == 0 {
		fail(headerLine, "", "the units file has no units", "add one row per rural unit below the header")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return specs, nil
}

// csvProblem is the CSV reader's error without its "record on line N"
// part, which the problem's line gives.
func csvProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// csvLine is the line of a CSV reader's error, or 0.
func csvLine(err error) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.StartLine
	}
	return 0
}

// unitHeader maps each column of header to its index in UnitColumns,
// reporting unknown, repeated and missing columns.
func unitHeader(header []string, fail func(col, msg, hint string)) []int {
	cols := make([]int, len(header))
	seen := map[int]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		j := slices.Index(UnitColumns, h)
		switch {
		case j < 0:
			hint := "the columns are " + strings.Join(UnitColumns, ", ")
			if c := closest(h, UnitColumns); c != "" {
				hint = "did you mean " + c + "? " + hint
			}
			fail(h, "unknown column", hint)
		case seen[j]:
			fail(h, "column given twice", "keep one of the two")
		}
		seen[j], cols[i] = true, j
	}
	for j, c := range UnitColumns[:requiredUnitColumns] {
		if !seen[j] {
			fail(c, "required column missing", "the header must name "+strings.Join(UnitColumns[:requiredUnitColumns], ", "))
		}
	}
	return cols
}

// unitRow reads one row. It returns the spec, or the column at fault with
// what is wrong and a hint.
func unitRow(rec []string, cols []int, p *sim.Params) (spec sim.UnitSpec, col, msg, hint string) {
	spec = sim.UnitSpec{X: math.NaN(), Y: math.NaN(), Income: math.NaN(), Young: math.NaN(), Old: math.NaN()}
	for i, cell := range rec[:min(len(rec), len(cols))] {
		cell = strings.TrimSpace(cell)
		c := UnitColumns[cols[i]]
		if cell == "" {
			if cols[i] < requiredUnitColumns {
				return spec, c, "is empty", "every unit needs its " + strings.Join(UnitColumns[:requiredUnitColumns], ", ")
			}
			continue
		}
		if msg, hint := setUnitCell(&spec, c, cell); msg != "" {
			return spec, c, msg, hint
		}
	}
	if field, msg := sim.CheckUnit(&spec, p); field != "" {
		return spec, field, msg, unitHint(field)
	}
	return spec, "", "", ""
}

// setUnitCell sets column c of spec from cell, or says what is wrong.
func setUnitCell(spec *sim.UnitSpec, c, cell string) (msg, hint string) {
	switch c {
	case "oblast":
		spec.Oblast = cell
	case "district":
		spec.District = cell
	case "name":
		spec.Name = cell
	case "type":
		t, ok := sim.UnitTypeOf(cell)
		if !ok {
			hint := "use one of " + strings.Join(sim.UnitTypeNames(), ", ")
			if s := closest(cell, sim.UnitTypeNames()); s != "" {
				hint = fmt.Sprintf("did you mean %s? %s", s, hint)
			}
			return fmt.Sprintf("%q is not a unit type", cell), hint
		}
		spec.Type = t
	case "population", "settlements":
		n, err := strconv.Atoi(cell)
		if err != nil {
			return fmt.Sprintf("%q is not a whole number", cell), "write the number of " + map[string]string{"population": "residents", "settlements": "villages and hamlets"}[c] + " without separators"
		}
		if c == "population" {
			spec.Population = n
		} else {
			spec.Localities = n
		}
	default:
		x, err := strconv.ParseFloat(cell, 64)
		if err != nil || math.IsNaN(x) {
			return fmt.Sprintf("%q is not a number", cell), "write a decimal number such as 0.35, or leave the cell empty if unknown"
		}
		*unitFloat(spec, c) = x
	}
	return "", ""
}

// unitFloat returns the field of spec that the float column c sets.
func unitFloat(spec *sim.UnitSpec, c string) *float64 {
	switch c {
	case "x_km":
		return &spec.X
	case "y_km":
		return &spec.Y
	case "income_index":
		return &spec.Income
	case "young_share":
		return &spec.Young
	}
	return &spec.Old
}

// unitHint says what to do about a problem sim.CheckUnit found in field.
func unitHint(field string) string {
	switch field {
	case "oblast":
		return "use one of " + strings.Join(sim.KazakhstanOblasts(), ", ") + `, or set world.oblast_table = "uniform" for other oblasts`
	case "x_km":
		return "give both coordinates in km, or leave both empty"
	case "young_share", "old_share":
		return "give shares of adults between 0 and 1 that add up to at most 1, or leave them empty"
	case "population":
		return "give the unit's residents, at least 1"
	}
	return "correct the value, or leave the cell empty if the column is optional"
}

// WriteUnits writes specs as a units file, every column, floats in the
// shortest form that reads back to the same value and unknown values as
// empty cells.
func WriteUnits(w io.Writer, specs []sim.UnitSpec) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(UnitColumns); err != nil {
		return fmt.Errorf("scenarios: writing units: %w", err)
	}
	f := func(x float64) string {
		if math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	for _, s := range specs {
		loc := ""
		if s.Localities > 0 {
			loc = strconv.Itoa(s.Localities)
		}
		rec := []string{s.Oblast, s.District, s.Name, s.Type.String(), strconv.Itoa(s.Population),
			f(s.X), f(s.Y), f(s.Income), loc, f(s.Young), f(s.Old)}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("scenarios: writing units: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("scenarios: writing units: %w", err)
	}
	return nil
}

// loadUnits reads the units file the resolved scenario s names, if any,
// into s.Params.Units: an embedded table by name, or a file relative to
// the scenario file that set world.units_file (read as that file was),
// or, for a command-line override, as given.
func (l *loader) loadUnits(o opener, b *build, s *Scenario) {
	ref := s.Params.World.UnitsFile
	if ref == "" {
		return
	}
	const key = "world.units_file"
	at := b.where[key]
	var src []byte
	var err error
	name := ref
	switch {
	case isUnitTable(ref):
		src, err = unitTables.ReadFile(path.Join("units", ref+".csv"))
		if err != nil {
			hint := "name a file ending in .csv, or one of the embedded tables: " + strings.Join(unitTableNames(), ", ")
			if c := closest(ref, unitTableNames()); c != "" {
				hint = "did you mean " + c + "? " + hint
			}
			l.fail(at, key, fmt.Sprintf("unknown units table %q", ref), hint)
			return
		}
		name = "units/" + ref + ".csv"
	default:
		fo, ok := l.openers[at.file]
		if !ok {
			fo = diskOpener{} // an override: a path as given
		} else {
			name = fo.join(at.file, ref)
		}
		_, mem := o.(memOpener)
		if fo == libraryOpener || mem {
			what := map[bool]string{false: "an embedded scenario", true: "an uploaded scenario"}[mem]
			l.fail(at, key, what+" can name only an embedded units table", "use a table name such as "+strings.Join(unitTableNames(), ", "))
			return
		}
		src, err = fo.read(name)
		if err != nil {
			l.fail(at, key, "cannot read units file: "+readProblem(err)+fmt.Sprintf(" (looked for %s)", name),
				"units_file takes a path to a .csv file relative to the scenario file, or an embedded table's name")
			return
		}
	}
	specs, err := ReadUnits(name, bytes.NewReader(src), &s.Params)
	var list ErrorList
	if errors.As(err, &list) {
		l.errs = append(l.errs, list...)
		return
	}
	s.Params.Units = specs
}
