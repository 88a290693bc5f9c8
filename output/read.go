package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"

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
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	prefix := []byte(csvField(scenario) + ",")
	values := make([]float64, 0, months*nm)
	trial, month := -1, 0
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
		rest, ok := bytes.CutPrefix(line[:len(line)-1], prefix)
		if !ok {
			return bad("row not of scenario %q", scenario)
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
		if k != trial {
			if trial >= 0 {
				if month != months {
					return bad("trial %d has %d months; want %d", trial, month, months)
				}
				if err := fn(trial, seed, values); err != nil {
					return err
				}
			}
			trial, seed, month, values = k, s, 0, values[:0]
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
		return fn(trial, seed, values)
	}
	return nil
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

// readElections reads elections.csv at path, written for scenario, and
// returns each trial's rows as written, by trial index.
func readElections(path, scenario string) (map[int][]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	header, body, ok := bytes.Cut(b, []byte{'\n'})
	if !ok || string(header)+"\n" != electionsHeader {
		return nil, fmt.Errorf("output: %s: not an elections.csv of this version (header differs)", path)
	}
	prefix := []byte(csvField(scenario) + ",")
	rows := map[int][]byte{}
	for lineNo := 2; len(body) > 0; lineNo++ {
		i := bytes.IndexByte(body, '\n')
		if i < 0 {
			return nil, fmt.Errorf("output: %s:%d: incomplete last line", path, lineNo)
		}
		line := body[:i+1]
		body = body[i+1:]
		rest, ok := bytes.CutPrefix(line, prefix)
		if !ok {
			return nil, fmt.Errorf("output: %s:%d: row not of scenario %q", path, lineNo, scenario)
		}
		field, _, _ := bytes.Cut(rest, []byte{','})
		k, err := strconv.Atoi(string(field))
		if err != nil {
			return nil, fmt.Errorf("output: %s:%d: %v", path, lineNo, err)
		}
		rows[k] = append(rows[k], line...)
	}
	return rows, nil
}
