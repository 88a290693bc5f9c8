package output

import (
	"fmt"
	"os"

	"github.com/parquet-go/parquet-go"

	"github.com/decentsim/decentsim/sim"
)

// unitRow is one row of units.parquet: a unit in a month of a trial.
// Money is KZT for the month; turnout is NaN before the unit's first
// popular vote.
type unitRow struct {
	Scenario       string  `parquet:"scenario,dict"`
	Trial          int32   `parquet:"trial"`
	Month          int32   `parquet:"month"`
	Unit           int32   `parquet:"unit"`
	District       int32   `parquet:"district"`
	DistrictName   string  `parquet:"district_name,dict"`
	Oblast         int32   `parquet:"oblast"`
	OblastName     string  `parquet:"oblast_name,dict"`
	UnitType       string  `parquet:"unit_type,dict"`
	SizeClass      string  `parquet:"size_class,dict"`
	DistanceKm     float64 `parquet:"distance_km"`
	Population     float64 `parquet:"population"`
	Budget         float64 `parquet:"budget"`
	OwnRevenue     float64 `parquet:"own_revenue"`
	Transfers      float64 `parquet:"transfers"`
	Leakage        float64 `parquet:"leakage"`
	Services       float64 `parquet:"services"`
	Turnout        float64 `parquet:"turnout"`
	Unrest         float64 `parquet:"unrest"`
	Trust          float64 `parquet:"trust"`
	Legitimacy     float64 `parquet:"legitimacy"`
	AkimCompetence float64 `parquet:"akim_competence"`
	AkimCongruent  bool    `parquet:"akim_congruent"`
	AkimOrigin     string  `parquet:"akim_origin,dict"`
	AkimDownward   float64 `parquet:"akim_downward"`
	AkimTenure     int32   `parquet:"akim_tenure"`
}

// A unitsWriter streams units.parquet: a row group per trial, written as
// the trial arrives, so memory holds one month's rows and the writer's
// buffers for one trial.
type unitsWriter struct {
	f        *File
	w        *parquet.GenericWriter[unitRow]
	scenario string
	rows     []unitRow
}

// newUnitsWriter starts units.parquet through out.
func newUnitsWriter(out *sink, scenario string) (*unitsWriter, error) {
	f, err := out.stream(UnitsFile, "")
	if err != nil {
		return nil, err
	}
	w := parquet.NewGenericWriter[unitRow](f, parquet.Compression(&parquet.Zstd),
		parquet.CreatedBy("decentsim", "", ""))
	return &unitsWriter{f: f, w: w, scenario: scenario}, nil
}

// add writes the rows of trial's panel p, month by month, and ends its
// row group.
func (u *unitsWriter) add(trial int, p *sim.UnitPanel) error {
	for i := range p.Months() {
		month := p.FirstMonth + i
		rows := p.Month(month)
		u.rows = u.rows[:0]
		for k := range rows {
			info, r := &p.Units[k], &rows[k]
			u.rows = append(u.rows, unitRow{
				Scenario: u.scenario, Trial: int32(trial), Month: int32(month), Unit: int32(info.Unit),
				District: int32(info.District), DistrictName: info.DistrictName, Oblast: int32(info.Oblast),
				OblastName: info.OblastName, UnitType: info.Type.String(), SizeClass: info.SizeClass(), DistanceKm: info.DistanceKm,
				Population: r.Residents, Budget: r.Budget, OwnRevenue: r.OwnRevenue, Transfers: r.Transfers, Leakage: r.Leakage,
				Services: r.Services, Turnout: r.Turnout, Unrest: r.Unrest, Trust: r.Trust, Legitimacy: r.Legitimacy,
				AkimCompetence: r.AkimCompetence, AkimCongruent: r.AkimCongruent, AkimOrigin: r.AkimOrigin.String(),
				AkimDownward: r.AkimDownward, AkimTenure: int32(r.AkimTenure),
			})
		}
		if _, err := u.w.Write(u.rows); err != nil {
			return fmt.Errorf("output: %s: %w", UnitsFile, err)
		}
	}
	if err := u.w.Flush(); err != nil {
		return fmt.Errorf("output: %s: %w", UnitsFile, err)
	}
	return nil
}

// copyFrom appends the first trials row groups of the units.parquet at
// path (a shard's, a row group per trial), in order: the trials the
// shard's manifest says are done.
func (u *unitsWriter) copyFrom(path string, trials int) error {
	f, err := os.Open(path)
	if err != nil {
		return mergeErrorf("%s: %v (the shards of a run with --record units each hold one)", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return mergeErrorf("%s: %v", path, err)
	}
	groups := pf.RowGroups()
	if len(groups) < trials {
		return mergeErrorf("%s: %d trials; its manifest.json says %d are done", path, len(groups), trials)
	}
	for _, rg := range groups[:trials] {
		if _, err := u.w.WriteRowGroup(rg); err != nil {
			return fmt.Errorf("output: %s: %w", path, err)
		}
	}
	return nil
}

// close writes the file's footer; the sink then commits it with the other
// streamed files.
func (u *unitsWriter) close() error {
	if err := u.w.Close(); err != nil {
		return fmt.Errorf("output: %s: %w", UnitsFile, err)
	}
	return nil
}
