package sim

// Mode is how a rural akim is chosen.
type Mode uint8

// The selection modes.
const (
	Appointed Mode = iota // by the district akim
	Indirect              // by district maslikhat deputies among the superior's nominees
	Direct                // by residents
)

var modeNames = [...]string{"appointed", "indirect", "direct"}

// String returns the mode's scenario word.
func (m Mode) String() string { return modeNames[m] }

// Origin is where a rural akim or candidate comes from.
type Origin uint8

// The origins of candidates. An akim keeps its origin for life; a
// re-elected incumbent's record says so in ElectionRecord.IncumbentWon.
const (
	Official     Origin = iota // a state official
	PartyNominee               // a ruling-party nominee
	Independent                // from outside the state apparatus and the ruling party
)

var originNames = [...]string{"official", "party", "independent"}

// String returns the origin's name as written in output.
func (o Origin) String() string { return originNames[o] }

// ElectionKind says which office an election filled.
type ElectionKind uint8

// The kinds of election.
const (
	AkimElection      ElectionKind = iota // a rural akim's selection (any mode)
	MaslikhatElection                     // a district maslikhat's election
	AkimRecall                            // a recall ballot on a rural akim
	DeputyRecall                          // a recall ballot on a deputy that passed, and the by-election
)

var kindNames = [...]string{"akim", "maslikhat", "recall", "deputy_recall"}

// String returns the kind's name as written in output.
func (k ElectionKind) String() string { return kindNames[k] }

// ElectionRecord is one election held in a trial.
type ElectionRecord struct {
	Month        int          // month it was held, 1-based
	Kind         ElectionKind // what it filled
	Unit         int          // unit index (for maslikhat elections, the district index)
	District     int          // district index
	Mode         Mode         // selection mode in force
	Candidates   int          // candidates on the ballot (for maslikhat: all seats' candidates, or party lists)
	Independents int          // self-nominated candidates (for maslikhat: independent deputies seated)
	// PartyCandidates and IndependentCandidates count the ballot's party
	// and self-nominated candidates (for maslikhat: over all seats; in
	// party-list elections, lists).
	PartyCandidates, IndependentCandidates int
	Turnout                                float64 // expected share of eligible citizens who voted; NaN when no popular vote
	IncumbentRan                           bool    // whether the incumbent stood
	IncumbentWon                           bool    // whether the incumbent won (recall: survived)
	WinnerOrigin                           Origin  // the winner's origin (akim elections)
	// WinnerParty is the index in Params.Parties of the winner's party
	// (akim elections and deputy recalls); NoParty if self-nominated.
	WinnerParty      int8
	WinnerCompetence float64 // the winner's true competence (akim elections; output for analysis, unknown to voters)
	WinnerCongruent  bool    // whether the winner is congruent (akim elections; likewise)
	Margin           float64 // winner's vote share minus the runner-up's (NaN if uncontested)
	Seats            int     // maslikhat seats filled (0 for akim elections)
}

// TrialResult is everything one trial produced.
type TrialResult struct {
	Trial     int              // trial index, 0-based
	Seed      uint64           // the trial's own seed, derived from the run seed
	Months    []Record         // one record per month, month 1 first
	Elections []ElectionRecord // in the order held
	// Parties names the parties, indexed by ElectionRecord.WinnerParty.
	Parties []string
	// Events is the trial's event log (eventlog.go), in the order the
	// events happened.
	Events []LogEvent
	// Scheduled labels the scenario's scheduled events, indexed by a
	// LogShock's Index.
	Scheduled []string
	// Units is the unit panel, when RunConfig.UnitMonths asks for it.
	Units *UnitPanel
}

// PartyName returns the name of party i of t.Parties, or
// "self-nominated" for NoParty.
func (t *TrialResult) PartyName(i int8) string {
	if i < 0 || int(i) >= len(t.Parties) {
		return "self-nominated"
	}
	return t.Parties[i]
}
