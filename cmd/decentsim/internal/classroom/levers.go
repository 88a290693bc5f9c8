package classroom

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/decentsim/decentsim/sim"
)

// A Lever is one reform setting the page offers, with a one-line
// explanation. Its Key is a scenario key ("section.key"); the page sends
// the value back as a --set override, so the scenario loader validates it
// exactly as on the command line.
type Lever struct {
	Key     string   `json:"key"`
	Label   string   `json:"label"`
	Help    string   `json:"help"`
	Kind    string   `json:"kind"` // "choice", "bool" or "number"
	Options []string `json:"options,omitempty"`
	Min     float64  `json:"min"`
	Max     float64  `json:"max"`
	Step    float64  `json:"step,omitempty"`
	Unit    string   `json:"unit,omitempty"`
	Value   any      `json:"value"`
	// EventMonths lists the months in which the scenario's events set
	// this lever, overriding the value chosen for the rest of the run.
	EventMonths []int `json:"event_months,omitempty"`
}

// levers are the main reform levers of issue 8, in the order shown. The
// numeric ranges are the page's slider ranges, inside each key's valid
// range; a scenario whose value lies outside widens the slider to show it.
var levers = []Lever{
	{Key: "institutions.selection", Label: "How the rural akim is chosen",
		Help:    "Appointed by the district akim, elected indirectly by district deputies among the superior's nominees, or elected directly by residents.",
		Options: []string{"appointed", "indirect", "direct"}},
	{Key: "institutions.superior_can_dismiss", Label: "District akim can dismiss the rural akim",
		Help: "If on, the superior may remove a rural akim after complaints, protests or disloyalty, even an elected one."},
	{Key: "institutions.recall", Label: "Residents can recall their akim",
		Help: "If on, residents can vote out an elected akim between elections (not possible when akims are appointed)."},
	{Key: "fiscal.own_budget", Label: "Village has its own budget",
		Help: "If on, rural units keep part of five local taxes in a budget of their own (the 2018/2020 fourth-tier reform)."},
	{Key: "fiscal.own_revenue_share", Label: "Share of local taxes kept in the village",
		Help: "Of the five local taxes raised in the unit, the share that stays in its budget; the rest goes to the district.", Max: 1, Step: 0.05},
	{Key: "fiscal.transfer_rule", Label: "How the district shares out its money",
		Help:    "Discretionary (patronage can matter), by formula (equalising), by an old plan, or by current needs.",
		Options: []string{"discretionary", "formula", "plan", "needs"}},
	{Key: "fiscal.patronage_weight", Label: "Patronage in discretionary transfers",
		Help: "How far the district akim bends discretionary money towards the villages that serve its goals: quiet, orders, the ruling party's votes, kickbacks (0 none, 1 a lot).", Max: 1, Step: 0.05},
	{Key: "oversight.transparency", Label: "Transparency",
		Help: "How visible budgets and decisions are to residents: open budgets, broadcast sessions (0 none, 1 full).", Max: 1, Step: 0.05},
	{Key: "participation.budget_share", Label: "Participatory budgeting share",
		Help: "Share of the village's discretionary money that residents decide on directly.", Max: 0.5, Step: 0.01},
	{Key: "institutions.akim_fee", Label: "Akim candidate registration fee",
		Help: "Fee a candidate for rural akim pays to stand, in tenge; a high fee keeps poorer independents off the ballot.", Max: 1_000_000, Step: 10_000, Unit: "KZT"},
	{Key: "behavior.office_value", Label: "Value of office to an akim",
		Help: "What a month in office is worth to an akim (salary and status), in tenge: the more office is worth, the more an akim who could steal behaves to keep it.", Max: 5_000_000, Step: 50_000, Unit: "KZT"},
	{Key: "institutions.pressure", Label: "Pressure on independent candidates",
		Help: "Chance an independent candidate is refused registration, prosecuted or threatened off the ballot.", Max: 1, Step: 0.05},
	{Key: "unrest.police_per_1000", Label: "Police per 1,000 residents",
		Help: "More police make arrests likelier, which deters protest but does not remove grievance.", Max: 20, Step: 0.5},
}

// leversOf returns the levers with their values in p, each lever's kind
// and, for numbers, a range wide enough for the value, and the months in
// which events set it.
func leversOf(p *sim.Params, events []sim.Event) ([]Lever, error) {
	keys := map[string]sim.Key{}
	for _, k := range sim.Keys() {
		keys[k.Name] = k
	}
	out := make([]Lever, len(levers))
	for i, l := range levers {
		k, ok := keys[l.Key]
		if !ok {
			return nil, fmt.Errorf("classroom: lever %s is not a model parameter", l.Key)
		}
		v, err := p.Get(l.Key)
		if err != nil {
			return nil, err
		}
		l.Value = v
		for _, e := range events {
			if _, ok := e.Set[l.Key]; ok {
				l.EventMonths = append(l.EventMonths, e.Month)
			}
		}
		switch k.Kind {
		case reflect.String:
			l.Kind = "choice"
		case reflect.Bool:
			l.Kind = "bool"
		default:
			l.Kind = "number"
			x, _ := strconv.ParseFloat(fmt.Sprint(v), 64)
			l.Max = max(l.Max, x)
			if k.Min != nil {
				l.Min = *k.Min
			}
		}
		out[i] = l
	}
	return out, nil
}

// leverOverride formats a lever value the page sent as an override
// labelled "levers" (problems name it so), checking the key is a lever:
// the page may set nothing else.
func leverOverride(key string, v any) (string, error) {
	const leverLabel = "levers:"
	for _, l := range levers {
		if l.Key != key {
			continue
		}
		switch v := v.(type) {
		case string:
			return leverLabel + key + "=" + v, nil
		case bool:
			return leverLabel + key + "=" + strconv.FormatBool(v), nil
		case float64:
			return leverLabel + key + "=" + strconv.FormatFloat(v, 'g', -1, 64), nil
		}
		if v == nil {
			return "", fmt.Errorf("lever %s: wants a word, true/false or a number, and has no value", key)
		}
		return "", fmt.Errorf("lever %s: wants a word, true/false or a number, not %v", key, v)
	}
	return "", fmt.Errorf("%s is not one of the page's levers", key)
}
