package sim

// Parties. Candidates for rural akim and for maslikhat seats are nominated
// by parties or stand on their own (self-nominated). Parties[0] is the
// ruling party: its members' vote utility carries the voter's attachment
// to the ruling party, and the district akim counts its votes
// (superior.go). The default list is the parties whose candidates won
// rural akim elections in July 2021 (seed fact: 562 Nur Otan, now
// Amanat; 32 Auyl; 15 Adal; 11 Ak Zhol; 15 People's Party; 1 Social
// Democratic Party; 94 without a party).

// Party is a party that nominates candidates.
type Party struct {
	// Name is the party's name as written in output.
	Name string `toml:"name"`
	// Nominate is the probability that the party fields a candidate in a
	// rural akim election or a single-mandate maslikhat race where it has
	// no incumbent (the ruling party: 1; the others' from the number of
	// their candidates, an assumption where unknown).
	Nominate float64 `toml:"nominate" min:"0" max:"1"`
	// Appeal is the party's valence with voters beyond attachment to the
	// ruling party, in utility units (its organisation and resources).
	Appeal float64 `toml:"appeal" min:"-10" max:"10"`
}

// RulingParty is the index of the ruling party in Params.Parties.
const RulingParty = 0

// NoParty marks a self-nominated candidate or akim.
const NoParty int8 = -1

// partyName returns the name of party i, or "self-nominated".
func (p *Params) partyName(i int8) string {
	if i < 0 || int(i) >= len(p.Parties) {
		return "self-nominated"
	}
	return p.Parties[i].Name
}

// defaultParties is the default party list: Kazakhstan's registered parties
// that won rural akim seats in 2021. Nomination probabilities of the
// smaller parties are assumptions of the order of their 2021 winners'
// numbers; their appeal is small and negative (they lack the ruling
// party's organisation).
func defaultParties() []Party {
	return []Party{
		{Name: "Amanat (Nur Otan)", Nominate: 1, Appeal: 0},
		{Name: "Auyl", Nominate: 0.12, Appeal: -0.3},
		{Name: "Adal", Nominate: 0.06, Appeal: -0.3},
		{Name: "Ak Zhol", Nominate: 0.05, Appeal: -0.3},
		{Name: "People's Party", Nominate: 0.06, Appeal: -0.3},
		{Name: "Social Democratic Party", Nominate: 0.01, Appeal: -0.5},
	}
}
