package validate

import (
	"context"
	"fmt"
	"math"

	"github.com/decentsim/decentsim/sim"
)

// The theory results of political agency (Besley 2006; Ferejohn 1986):
// elections discipline rent-seeking akims when office is worth keeping,
// rent-seekers pool more the more office is worth, and informed voters
// select more competent akims. Each experiment also runs the arm that
// removes the mechanism, and checks that the result vanishes there.

// Discipline is result (a): direct election lowers akim_rent_share
// against appointment. Rent has consequences for an akim only through
// whoever can remove it: under direct election voters who learn of
// exposed rent (a scandal) vote the akim out, so rent-seekers who value
// keeping office pool (discipline) and exposed ones are replaced by
// challengers who may be congruent (selection); under appointment the
// superior, who shares in rent through kickbacks, keeps those who pay.
// With office worth nothing (behavior.office_value = 0) only the
// discipline that office value brings goes: rent-seekers still value the
// rent of later years (Besley's mu) and voters still select, so the gap
// stays (the arms are shown). With both channels removed (behavior.scandal
// = 0: voters never learn of rent; fiscal.kickback_share = 0: the superior
// gains nothing from it) the gap is noise.
func Discipline(ctx context.Context, s Setup) (Result, error) {
	res := Result{Name: "discipline",
		Claim:   "direct election lowers the share of the money akims control that they take as rent, against appointment, because voters who learn of rent remove the akims who take it; with office worth nothing the discipline from office value goes but selection stays; when neither voters nor the superior care about rent the gap is noise",
		Source:  "Besley (2006); Ferejohn (1986); Myerson (2015)",
		Measure: "akim_rent_share over the final year",
	}
	b := s.Base
	settings := []struct {
		name                     string
		value, scandal, kickback float64
	}{
		{fmt.Sprintf("office worth %s KZT a month", thousands(b.Behavior.OfficeValue)), b.Behavior.OfficeValue, b.Behavior.Scandal, b.Fiscal.KickbackShare},
		{"office worth 0", 0, b.Behavior.Scandal, b.Fiscal.KickbackShare},
		{"no scandal, no kickbacks", b.Behavior.OfficeValue, 0, 0},
	}
	var arms, gaps []Arm
	for _, set := range settings {
		var pair [2]Arm
		for k, mode := range []string{"appointed", "direct"} {
			x, err := s.runArm(ctx, mode+", "+set.name, func(p *sim.Params) {
				p.Institutions.Selection = mode
				p.Institutions.Recall = false
				p.Behavior.OfficeValue = set.value
				p.Behavior.Scandal = set.scandal
				p.Fiscal.KickbackShare = set.kickback
			}, finalYearMean(sim.AkimRentShare), nil)
			if err != nil {
				return res, err
			}
			pair[k] = x
			arms = append(arms, x)
		}
		gap := make([]float64, s.Trials)
		for i := range gap {
			gap[i] = pair[0].vals[i] - pair[1].vals[i]
		}
		gaps = append(gaps, newArm("appointed minus direct, "+set.name, gap))
	}
	zero := newArm("no gap", constant(0, s.Trials))
	res.Arms = append(arms, gaps...)
	res.Checks = []Check{
		greater("direct election lowers rent below appointment", zero, gaps[0]),
		noChange("neither voters nor the superior care about rent (the mechanisms removed): no gap", zero, gaps[2]),
	}
	res.Decision = fmt.Sprintf("one-sample t over trials of the paired gap: >= %v for the gap; |t| < %v for \"no gap\"", minT, minT)
	return finish(res), nil
}

// Pooling is result (b): the share of rent-seeking akims who take no rent
// although they could (they mimic congruent akims) rises with the value of
// office.
func Pooling(ctx context.Context, s Setup) (Result, error) {
	res := Result{Name: "pooling",
		Claim:   "rent-seeking akims mimic congruent ones (take no rent) more often the more office is worth, so disciplined_share rises with the value of office",
		Source:  "Besley (2006)",
		Measure: "disciplined_share over the final year, under direct election",
	}
	var vs []variant
	for _, v := range []float64{0, 600000, 1500000, 3000000} {
		vs = append(vs, variant{fmt.Sprintf("office worth %s KZT a month", thousands(v)), func(p *sim.Params) {
			p.Institutions.Selection = "direct"
			p.Behavior.OfficeValue = v
		}})
	}
	arms, err := s.runVariants(ctx, vs, finalYearMean(sim.DisciplinedShare), nil)
	if err != nil {
		return res, err
	}
	res.Arms = arms
	for i := 1; i < len(arms); i++ {
		res.Checks = append(res.Checks, greater(fmt.Sprintf("more pooling at %s than at %s", arms[i].Name, arms[i-1].Name), arms[i-1], arms[i]))
	}
	res.Decision = fmt.Sprintf("each step: paired t >= %v over trials", minT)
	return finish(res), nil
}

// winnersCompetence is the mean true competence of the akims newly elected
// (not incumbents) in direct elections of the run's months after the
// first year, NaN if none.
func winnersCompetence(r *sim.TrialResult, _ *armState) float64 {
	var sum, n float64
	for _, e := range r.Elections {
		if e.Kind == sim.AkimElection && e.Mode == sim.Direct && !e.IncumbentWon && e.Month > 12 {
			sum += e.WinnerCompetence
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / n
}

// Selection is result (c): voters who learn elect more competent akims
// than chance (the candidate pool's mean), through the campaign's signal
// of competence and what they read of it, and the advantage vanishes when
// the signal is pure noise (behavior.signal_noise = 100).
func Selection(ctx context.Context, s Setup) (Result, error) {
	res := Result{Name: "selection",
		Claim:   "voters who read candidates' competence from the campaign elect more competent akims than a random draw from the candidates; when the signal is pure noise the advantage vanishes",
		Source:  "Besley (2006)",
		Measure: "mean true competence of newly elected akims (not re-elected incumbents) over the run; candidates' competence is uniform on [0.2, 0.8], mean 0.5",
	}
	var vs []variant
	for _, a := range []struct {
		name  string
		noise float64
	}{{"signal noise as in the scenario", s.Base.Behavior.SignalNoise}, {"signal pure noise", 100}} {
		vs = append(vs, variant{a.name, func(p *sim.Params) {
			p.Institutions.Selection = "direct"
			p.Behavior.SignalNoise = a.noise
		}})
	}
	arms, err := s.runVariants(ctx, vs, winnersCompetence, nil)
	if err != nil {
		return res, err
	}
	chance := newArm("chance (the candidates' mean)", constant(0.5, s.Trials))
	res.Arms = arms
	res.Checks = []Check{
		greater("informed voters elect more competent akims than with a pure-noise signal", arms[1], arms[0]),
		greater("informed voters elect more competent akims than chance", chance, arms[0]),
		noChange("pure-noise signal (the mechanism removed): no better than chance", chance, arms[1]),
	}
	res.Decision = fmt.Sprintf("paired t >= %v over trials for a rise (against chance, a one-sample t); below %v for \"no better\"", minT, minT)
	return finish(res), nil
}

func constant(x float64, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = x
	}
	return v
}

// thousands writes x with thousands separators.
func thousands(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
