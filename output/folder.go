package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/decentsim/decentsim/sim"
)

// The names of the files in an output folder.
const (
	ManifestFile  = "manifest.json"
	ScenarioFile  = "scenario.toml"
	SeriesFile    = "series.csv"
	ElectionsFile = "elections.csv"
	EventsFile    = "events.csv"
	SummaryFile   = "summary.csv"
	ReportFile    = "summary.md"
	ChartsDir     = "charts"
	DashboardName = "dashboard" // charts/dashboard.png and .svg
)

// A NotEmptyError reports that an output folder already holds files.
type NotEmptyError struct {
	Dir string
}

// Error returns the message, with a hint for the command's user.
func (e *NotEmptyError) Error() string {
	return "output: " + e.Dir + " is not empty; use --force to overwrite or --out to choose another folder"
}

// A NotFolderError reports that an output folder cannot be made because
// File, dir itself or a folder above it, is a file.
type NotFolderError struct {
	Dir  string
	File string
}

// Error returns the message, with a hint for the command's user.
func (e *NotFolderError) Error() string {
	if e.File == e.Dir {
		return "output: " + e.Dir + " is a file, not a folder; use --out to choose a folder"
	}
	return "output: cannot make the folder " + e.Dir + ": " + e.File + " is a file, not a folder; use --out to choose another folder"
}

// notFolder returns a *NotFolderError if dir or a folder above it is a
// file, and nil otherwise.
func notFolder(dir string) error {
	for p := filepath.Clean(dir); ; p = filepath.Dir(p) {
		info, err := os.Stat(p)
		if err == nil {
			if info.IsDir() {
				return nil
			}
			return &NotFolderError{Dir: dir, File: p}
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

// Prepare makes dir ready for a run: it creates dir and dir/charts. A dir
// that exists and is not empty (holds more than an empty charts folder) is
// a *NotEmptyError unless force is set; a dir that is a file, or under
// one, is a *NotFolderError.
//
// With force, Prepare removes only the files this package writes (the
// names above, charts/NAME.png and charts/NAME.svg for every metric and
// the dashboard, and temporary files left by an interrupted write), so
// the folder never mixes two runs' outputs. Any other file or folder is
// the user's and is left alone.
func Prepare(dir string, force bool) error {
	if err := notFolder(dir); err != nil {
		return err
	}
	_, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("output: %w", err)
	default:
		empty, err := isEmpty(dir)
		if err != nil {
			return err
		}
		if !empty {
			if !force {
				return &NotEmptyError{Dir: dir}
			}
			if err := clean(dir); err != nil {
				return err
			}
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, ChartsDir), 0o755); err != nil {
		return fmt.Errorf("output: create folder: %w", err)
	}
	return nil
}

// isEmpty reports whether dir holds nothing but, perhaps, an empty charts
// folder (as Prepare leaves it).
func isEmpty(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, fmt.Errorf("output: %w", err)
	}
	for _, e := range entries {
		if e.Name() != ChartsDir || !e.IsDir() {
			return false, nil
		}
		sub, err := os.ReadDir(filepath.Join(dir, ChartsDir))
		if err != nil {
			return false, fmt.Errorf("output: %w", err)
		}
		if len(sub) > 0 {
			return false, nil
		}
	}
	return true, nil
}

// clean removes from dir the files this package writes.
func clean(dir string) error {
	ours := map[string]bool{
		ManifestFile: true, ScenarioFile: true, SeriesFile: true,
		ElectionsFile: true, SummaryFile: true, ReportFile: true,
		GroupsFile: true, UnitsFile: true, GroupTrialsFile: true,
	}
	if err := removeIn(dir, ours); err != nil {
		return err
	}
	charts := map[string]bool{}
	for _, f := range chartFormats {
		charts[DashboardName+"."+f] = true
		charts[OverlayName+"."+f] = true
		charts[UnitsChartName+"."+f] = true
		for _, m := range sim.Metrics {
			charts[m.Name+"."+f] = true
		}
		for _, m := range sim.ClassicMetrics {
			charts[m.Name+"."+f] = true
		}
	}
	return removeIn(filepath.Join(dir, ChartsDir), charts)
}

// removeIn removes the regular files in dir named in names, and this
// package's temporary files. A missing dir is not an error.
func removeIn(dir string, names map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !names[e.Name()] && !isTemp(e.Name()) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("output: %w", err)
		}
	}
	return nil
}
