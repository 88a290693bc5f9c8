package output

import (
	"fmt"

	"github.com/decentsim/decentsim/sim"
)

// electionsHeader is elections.csv's header line.
const electionsHeader = "scenario,trial,seed,month,kind,unit,district,mode,candidates,independents," +
	"party_candidates,independent_candidates,turnout,incumbent_ran,incumbent_won,winner_origin,winner_party," +
	"winner_competence,winner_congruent,margin,seats\n"

// appendElections appends elections.csv's rows for one trial's elections
// to b, one per sim.ElectionRecord in the order held. scenario is the
// CSV-quoted scenario name. Booleans are written 1 and 0; winner_origin,
// winner_party (the party's name, or self-nominated), winner_competence
// and winner_congruent (the winner's true type, which no voter sees) are
// NA except for akim elections, and turnout and margin are NA when the
// engine records NaN (no popular vote, uncontested).
func appendElections(b []byte, scenario string, t *sim.TrialResult) []byte {
	for i := range t.Elections {
		e := &t.Elections[i]
		b = append(b, scenario...)
		b = fmt.Appendf(b, ",%d,%d,%d,%s,%d,%d,%s,%d,%d,%d,%d,", t.Trial, t.Seed, e.Month, e.Kind, e.Unit, e.District,
			e.Mode, e.Candidates, e.Independents, e.PartyCandidates, e.IndependentCandidates)
		b = appendFloat(b, e.Turnout)
		b = append(b, ',')
		b = appendBool(b, e.IncumbentRan)
		b = append(b, ',')
		b = appendBool(b, e.IncumbentWon)
		b = append(b, ',')
		if e.Kind == sim.AkimElection {
			b = append(b, e.WinnerOrigin.String()...)
			b = append(b, ',')
			b = append(b, csvField(t.PartyName(e.WinnerParty))...)
			b = append(b, ',')
			b = appendFloat(b, e.WinnerCompetence)
			b = append(b, ',')
			b = appendBool(b, e.WinnerCongruent)
		} else {
			b = append(b, "NA,NA,NA,NA"...)
		}
		b = append(b, ',')
		b = appendFloat(b, e.Margin)
		b = fmt.Appendf(b, ",%d\n", e.Seats)
	}
	return b
}

// appendBool appends 1 for true and 0 for false.
func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, '1')
	}
	return append(b, '0')
}
