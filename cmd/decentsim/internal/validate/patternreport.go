package validate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// GoldenFile is the model's golden regression results, relative to the
// repository's root: its hash names the model a report was made with.
const GoldenFile = "sim/testdata/regress.golden"

// GoldenPrefix starts the line of a generated document that records the
// golden hash of the model that made it.
const GoldenPrefix = "Model: golden hash "

var goldenLine = regexp.MustCompile("(?m)^" + GoldenPrefix + "`([0-9a-f]{64}|unknown)`")

// GoldenHash is the hex SHA-256 of GoldenFile under the repository root
// root.
func GoldenHash(root string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(GoldenFile)))
	if err != nil {
		return "", fmt.Errorf("validate: the golden hash: %w", err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// RecordedGoldenHash returns the golden hash a generated document
// records, if it records one.
func RecordedGoldenHash(doc []byte) (string, bool) {
	m := goldenLine.FindSubmatch(doc)
	if m == nil {
		return "", false
	}
	return string(m[1]), true
}

// tunedBy maps each pattern to the values fitted to it: the target's
// free parameters (calibrated) and the values of Tuning set by hand.
func tunedBy(t *Target) map[string][]string {
	m := map[string][]string{}
	if t != nil {
		m = t.TunedBy()
	}
	for _, tv := range Tuning {
		for _, st := range tv.Stats {
			m[st] = append(m[st], tv.What+" (by hand)")
		}
	}
	return m
}

// Counts are the pattern table's counts.
type Counts struct {
	Patterns, Within        int // all patterns, and those within tolerance
	InSample, InWithin      int // observed by July 2021, and within
	OutSample, OutWithin    int // observed later, and within
	Calibrated, ByHand, All int // values fitted to patterns: by the calibrator, by hand; and every tuned value
}

// Counts counts the report's patterns and fitted values.
func (r *Report) Counts() Counts {
	var c Counts
	for _, row := range r.Rows {
		c.Patterns++
		if row.InSample {
			c.InSample++
		} else {
			c.OutSample++
		}
		if row.Within {
			c.Within++
			if row.InSample {
				c.InWithin++
			} else {
				c.OutWithin++
			}
		}
	}
	if r.Config.Target != nil {
		c.Calibrated = len(r.Config.Target.Free)
	}
	for _, tv := range Tuning {
		if tv.Fitted() {
			c.ByHand++
		}
	}
	c.All = c.Calibrated + len(Tuning)
	return c
}

// writePatterns writes the observed-patterns section.
func (r *Report) writePatterns(b *bytes.Buffer) {
	c := r.Config
	b.WriteString("## Observed patterns\n\n")
	fmt.Fprintf(b, "Scenario `%s` (SHA-256 of the resolved scenario `%s`), %d trials, seed %d: it replays January 2010 to December 2025 month by month through the reforms. ",
		c.TimelineName, short(c.TimelineSHA), c.Trials, c.Seed)
	b.WriteString("Each row is a statistic of each trial; the simulated value is its mean over trials with the 95% Student t interval. ")
	if c.Posterior != nil {
		fmt.Fprintf(b, "Each trial draws the calibrated parameters from the posterior `%s` (as `--posterior` does), so the intervals include what is not known about them. ", c.PosteriorFile)
	}
	b.WriteString("The patterns are levels and trends at several levels (Grimm et al. 2005): districts' maslikhat turnout and candidates, units' akim elections, calendar and budgets, citizens' awareness. ")
	fmt.Fprintf(b, "A row is *within* when the mean lies in the range shown, by one rule per kind of pattern, not chosen row by row: %s.\n\n", ToleranceRule)
	b.WriteString("**Split sample.** Only patterns observed by July 2021 (up to 2020, and the July 2021 akim elections) may be fitted; the calibration refuses later ones. Rows marked *in-sample* are such patterns, with the values fitted to them; every *out-of-sample* row (2021-2025) was reached by no value set for it.\n\n")
	b.WriteString("| pattern | source | observed | simulated mean [95% CI] | within range | within | sample, fitted values |\n|---|---|---:|---:|---:|---|---|\n")
	for _, row := range r.Rows {
		fitted := "out-of-sample"
		if row.InSample {
			fitted = "in-sample, not fitted"
			if len(row.Tuned) > 0 {
				fitted = "in-sample; tuned: " + strings.Join(backtick(row.Tuned), ", ")
			}
		}
		lo, hi := row.Interval()
		fmt.Fprintf(b, "| %s | %s | %s | %s [%s, %s] | [%s, %s] | %s | %s |\n", row.What, row.Source,
			num(row.Target), num(row.Stats.Mean), num(row.Stats.CILow), num(row.Stats.CIHigh), num(lo), num(hi), yesNo(row.Within), fitted)
	}
	n := r.Counts()
	fmt.Fprintf(b, "\n**Counts.** %d patterns (targets); %d values fitted to them (%d by the calibrator, %d by hand), so %.1f patterns per fitted value; %d of %d patterns within tolerance: %d of %d in-sample, **%d of %d out-of-sample**.\n\n",
		n.Patterns, n.Calibrated+n.ByHand, n.Calibrated, n.ByHand, float64(n.Patterns)/float64(max(1, n.Calibrated+n.ByHand)), n.Within, n.Patterns, n.InWithin, n.InSample, n.OutWithin, n.OutSample)
	r.writeMisses(b)
	r.writeTuning(b)
}

// writeMisses writes the findings: the patterns missed and why.
func (r *Report) writeMisses(b *bytes.Buffer) {
	var missed []PatternRow
	for _, row := range r.Rows {
		if !row.Within {
			missed = append(missed, row)
		}
	}
	if len(missed) == 0 {
		return
	}
	b.WriteString("### Findings: patterns the model misses\n\n")
	b.WriteString("Each miss is a finding about the model, not a number to hide. What would need to change:\n\n")
	for _, row := range missed {
		fmt.Fprintf(b, "- **%s** (observed %s, simulated %s): %s.\n", row.Stat, num(row.Target), num(row.Stats.Mean), whyNot[row.Stat])
	}
	b.WriteString("\n")
}

// writeTuning writes every tuned value with its outcome, and the
// calibration's posterior.
func (r *Report) writeTuning(b *bytes.Buffer) {
	c := r.Config
	b.WriteString("### Tuned values\n\n")
	b.WriteString("Every value set with an outcome in mind, by the calibrator or by hand, with that outcome. Those fitted to patterns above count against the patterns; the rest were set for outcomes that are not patterns of the table.\n\n")
	b.WriteString("| value | how | outcome | patterns |\n|---|---|---|---|\n")
	if c.Target != nil {
		stats := make([]string, len(c.Target.Targets))
		for i, m := range c.Target.Targets {
			stats[i] = m.Stat
		}
		for _, f := range c.Target.Free {
			fmt.Fprintf(b, "| `%s` | calibrated | the in-sample patterns jointly | %s |\n", f.Key, strings.Join(stats, ", "))
		}
	}
	for _, tv := range Tuning {
		pats := "none (not a pattern)"
		if tv.Fitted() {
			pats = strings.Join(tv.Stats, ", ")
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", tv.What, tv.How, tv.Outcome, pats)
	}
	b.WriteString("\n")
	if c.Target == nil {
		return
	}
	b.WriteString("### Calibration\n\n")
	b.WriteString("The calibrated values were fitted with `decentsim calibrate` to the in-sample patterns named in `docs/calibration/kz_reform_timeline.toml`. ")
	if c.Posterior == nil {
		b.WriteString("No posterior was given.\n\n")
		return
	}
	fmt.Fprintf(b, "`make calibration` draws their posterior by approximate Bayesian computation (`%s`; docs/calibration/abc/abc.md); `decentsim run`, `compare` and `sweep` take it with `--posterior`, so their intervals include what is not known about these values. The pattern table above draws from it; the other sections run the defaults.\n\n", c.PosteriorFile)
	b.WriteString("| parameter | default | posterior mean | 5% | median | 95% |\n|---|---:|---:|---:|---:|---:|\n")
	for _, iv := range PosteriorIntervals(c.Posterior) {
		v, _ := c.Timeline.Get(iv.Key)
		fmt.Fprintf(b, "| `%s` | %v | %.4g | %.4g | %.4g | %.4g |\n", iv.Key, v, iv.Mean, iv.P05, iv.P50, iv.P95)
	}
	b.WriteString("\n")
}
