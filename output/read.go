package output

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/decentsim/decentsim/sim"
)

// This file reads an output folder's data files back, for Merge. It reads
// only what this package writes: rows are in the writers' exact format,
// so values parse back to the same float64 (appendFloat writes the
// shortest form that reads back exactly) and rows rewritten from them are
// byte-identical.

// metricsOfHeader returns the metrics whose series.csv header is header
// (with its line break): the main model's, or the classic model's with
// its time unit.
func metricsOfHeader(header string) (metrics []sim.MetricInfo, unit string, ok bool) {
	switch header {
	case seriesHeaderOf(sim.Metrics[:]):
		return nil, "", true
	case seriesHeaderOf(sim.ClassicMetrics):
		return sim.ClassicMetrics, "step", true
	}
	return nil, "", false
}

// readHeader returns the first line of the file at path.
func readHeader(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("output: %w", err)
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("output: %s: no header line", path)
	}
	return line, nil
}

// readSeries reads series.csv at path, written for scenario with nm
// metrics and months rows a trial, and calls fn with each trial's
// trial index, seed and values (month-major, nm a month) in the order of
// the file. values is reused between calls.
func readSeries(path, scenario string, nm, months int, fn func(trial int, seed uint64, values []float64) error) error {
	return readSeriesOf(path, []string{scenario}, nm, months, func(_, trial int, seed uint64, values []float64) error {
		return fn(trial, seed, values)
	})
}

// readSeriesOf is readSeries for a series.csv whose rows are of any of
// scenarios (a comparison's): fn gets the index of each trial's scenario.
func readSeriesOf(path string, scenarios []string, nm, months int, fn func(s, trial int, seed uint64, values []float64) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	prefixes := make([][]byte, len(scenarios))
	for i, name := range scenarios {
		prefixes[i] = []byte(csvField(name) + ",")
	}
	values := make([]float64, 0, months*nm)
	sc, trial, month := -1, -1, 0
	var seed uint64
	lineNo := 0
	bad := func(format string, args ...any) error {
		return fmt.Errorf("output: %s:%d: %s", path, lineNo, fmt.Sprintf(format, args...))
	}
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			var long []byte
			long = append(long, line...)
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = br.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if err == io.EOF && len(line) == 0 {
			break
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("output: read %s: %w", path, err)
		}
		lineNo++
		if lineNo == 1 {
			continue // the header, checked by the caller
		}
		if len(line) == 0 || line[len(line)-1] != '\n' {
			return bad("incomplete last line")
		}
		var rest []byte
		row := -1
		for i, prefix := range prefixes {
			var ok bool
			if rest, ok = bytes.CutPrefix(line[:len(line)-1], prefix); ok {
				row = i
				break
			}
		}
		if row < 0 {
			return bad("row not of scenario %s", quoteJoin(scenarios))
		}
		fields := bytes.Split(rest, []byte{','})
		if len(fields) != 3+nm {
			return bad("%d fields; want %d", len(fields)+1, 4+nm)
		}
		k, err1 := strconv.Atoi(string(fields[0]))
		s, err2 := strconv.ParseUint(string(fields[1]), 10, 64)
		mo, err3 := strconv.Atoi(string(fields[2]))
		if err := errors.Join(err1, err2, err3); err != nil {
			return bad("%v", err)
		}
		if k != trial || row != sc {
			if trial >= 0 {
				if month != months {
					return bad("trial %d has %d months; want %d", trial, month, months)
				}
				if err := fn(sc, trial, seed, values); err != nil {
					return err
				}
			}
			sc, trial, seed, month, values = row, k, s, 0, values[:0]
		}
		if mo != month+1 || s != seed {
			return bad("trial %d: month %d (seed %d) out of sequence", k, mo, s)
		}
		month = mo
		for _, fld := range fields[3:] {
			v, err := parseValue(fld)
			if err != nil {
				return bad("%v", err)
			}
			values = append(values, v)
		}
		if err == io.EOF {
			break
		}
	}
	if trial >= 0 {
		if month != months {
			return fmt.Errorf("output: %s: trial %d has %d months; want %d", path, trial, month, months)
		}
		return fn(sc, trial, seed, values)
	}
	return nil
}

// quoteJoin returns names quoted and joined with " or ".
func quoteJoin(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, " or ")
}

// parseValue parses a value as appendFloat writes it.
func parseValue(b []byte) (float64, error) {
	switch string(b) {
	case "NA":
		return math.NaN(), nil
	case "Inf":
		return math.Inf(1), nil
	case "-Inf":
		return math.Inf(-1), nil
	}
	return strconv.ParseFloat(string(b), 64)
}

// electionsReader reads an elections.csv (or another file of rows a
// trial, such as events.csv) back a trial at a time, in the order of the
// file, so that a merge holds one trial's rows at once, however many
// trials the file holds. The rows are of any of scenarios
// (a comparison's; a run's one) and come in the order of the runs:
// trial by trial, a trial's scenarios in order.
type electionsReader struct {
	path      string
	f         *os.File
	br        *bufio.Reader
	prefixes  [][]byte
	scenarios []string
	lineNo    int
	next      []byte // the row read ahead, nil at the end of the file
	nextRun   int    // its run: its trial × len(scenarios) + its scenario
	nextTrial int
	rows      []byte // what rows returned last
}

// openElections opens the elections.csv at path, whose rows are of any
// of scenarios, and checks its header.
func openElections(path string, scenarios []string) (*electionsReader, error) {
	return openRows(path, electionsHeader, scenarios)
}

// openRows opens the file of rows a trial at path, whose header must be
// header and whose rows are of any of scenarios.
func openRows(path, header string, scenarios []string) (*electionsReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	r := &electionsReader{path: path, f: f, br: bufio.NewReaderSize(f, 1<<16), scenarios: scenarios}
	for _, name := range scenarios {
		r.prefixes = append(r.prefixes, []byte(csvField(name)+","))
	}
	if got, err := r.br.ReadString('\n'); err != nil || got != header {
		f.Close()
		return nil, fmt.Errorf("output: %s: not an %s of this version (header differs)", path, filepath.Base(path))
	}
	r.lineNo = 1
	if err := r.advance(); err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

// advance reads the next row ahead, and which run it is of.
func (r *electionsReader) advance() error {
	line, err := r.br.ReadBytes('\n')
	switch {
	case err == io.EOF && len(line) == 0:
		r.next = nil
		return nil
	case err == io.EOF:
		return fmt.Errorf("output: %s:%d: incomplete last line", r.path, r.lineNo+1)
	case err != nil:
		return fmt.Errorf("output: read %s: %w", r.path, err)
	}
	r.lineNo++
	for s, prefix := range r.prefixes {
		if rest, ok := bytes.CutPrefix(line, prefix); ok {
			field, _, _ := bytes.Cut(rest, []byte{','})
			k, err := strconv.Atoi(string(field))
			if err != nil {
				return fmt.Errorf("output: %s:%d: %v", r.path, r.lineNo, err)
			}
			r.next, r.nextTrial, r.nextRun = line, k, k*len(r.scenarios)+s
			return nil
		}
	}
	return fmt.Errorf("output: %s:%d: row not of scenario %s", r.path, r.lineNo, quoteJoin(r.scenarios))
}

// rowsOf returns the rows of trial of scenario s, as written (none if it
// held no election), valid until the next call. Calls must follow the
// order of the runs; a row of an earlier run than asked for is of a
// trial that series.csv does not hold.
func (r *electionsReader) rowsOf(s, trial int) ([]byte, error) {
	run := trial*len(r.scenarios) + s
	r.rows = r.rows[:0]
	for r.next != nil && r.nextRun <= run {
		if r.nextRun < run {
			return nil, r.notInSeries()
		}
		r.rows = append(r.rows, r.next...)
		if err := r.advance(); err != nil {
			return nil, err
		}
	}
	return r.rows, nil
}

// close closes the file; rows left unread are of trials that series.csv
// does not hold.
func (r *electionsReader) close() error {
	r.f.Close()
	if r.next != nil {
		return r.notInSeries()
	}
	return nil
}

// notInSeries is the error of the row read ahead, of a trial series.csv
// does not hold.
func (r *electionsReader) notInSeries() error {
	of := ""
	if len(r.scenarios) > 1 {
		of = " of " + r.scenarios[r.nextRun%len(r.scenarios)]
	}
	return fmt.Errorf("output: %s:%d: %s holds trial %d%s, which is not in series.csv", r.path, r.lineNo, filepath.Base(r.path), r.nextTrial, of)
}

// readTrials reads a sweep's or a sensitivity shard's trials.csv at path,
// whose header must be header, with nv values (of the varied keys) after
// scenario, point, trial and seed and the final-year means last, and
// calls fn with each row's fields in the order of the file. values and fy
// are reused between calls.
func readTrials(path, header string, nv int, fn func(scenario string, point, trial int, seed uint64, values []string, fy *sim.Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<16))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	var fy sim.Record
	for lineNo := 1; ; lineNo++ {
		rec, err := r.Read()
		if err == io.EOF {
			if lineNo == 1 {
				return fmt.Errorf("output: %s: empty (no header line)", path)
			}
			return nil
		}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("output: %s:%d: %s", path, lineNo, fmt.Sprintf(format, args...))
		}
		if err != nil {
			return bad("%v", err)
		}
		if lineNo == 1 {
			want, _ := csv.NewReader(strings.NewReader(header)).Read()
			if !slices.Equal(rec, want) {
				return fmt.Errorf("output: %s: its columns are not those of this design", path)
			}
			continue
		}
		if len(rec) != 4+nv+len(fy) {
			return bad("%d fields; want %d", len(rec), 4+nv+len(fy))
		}
		point, err1 := strconv.Atoi(rec[1])
		trial, err2 := strconv.Atoi(rec[2])
		seed, err3 := strconv.ParseUint(rec[3], 10, 64)
		if err := errors.Join(err1, err2, err3); err != nil {
			return bad("%v", err)
		}
		for m, fld := range rec[4+nv:] {
			if fy[m], err = parseValue([]byte(fld)); err != nil {
				return bad("%v", err)
			}
		}
		if err := fn(rec[0], point, trial, seed, rec[4:4+nv], &fy); err != nil {
			return err
		}
	}
}
