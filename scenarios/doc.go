// Package scenarios loads, validates, embeds and writes decentsim scenario
// files: TOML text that sets the model's parameters (sim.Params) and
// schedules reforms and shocks, so that other countries and counterfactual
// reforms are data, not code.
//
// # File layout
//
// A scenario file has, in this order:
//
//	extends = "kz_direct_2021"   # optional: start from another scenario
//
//	[meta]
//	name = "my_reform"           # default: the file name without .toml
//	description = "one line for `decentsim list`"
//	months = 120                 # months per trial (>= 1)
//	trials = 30                  # default number of trials (>= 1)
//	seed = 1                     # run seed (>= 0)
//	model = "rural"              # or "classic_epstein" (see below)
//
//	[institutions]               # and [world], [fiscal], [oversight],
//	selection = "direct"         # [participation], [unrest], [behavior]:
//	recall = true                # keys are the toml tags of sim.Params
//
//	[[events]]                   # any number, each at the start of a month
//	month = 13                   # 1 .. meta.months
//	label = "price shock"
//	hardship = 0.3               # shocks in [-1, 1], added for good to
//	legitimacy = -0.2            # behavior.hardship_shift / legitimacy_shift
//	akim_elections = true        # every akim chosen anew this month
//	akim_elections_share = 0.3   # or this share of akims, drawn at random
//	maslikhat_election = true    # maslikhat elections this month
//	set = { "fiscal.own_budget" = true, "institutions.recall" = false }
//
// An event's keys are the toml tags of sim.Event; its set table may also
// be written as an [events.set] sub-table, with quoted "section.key" names
// or with section tables ([events.set.fiscal]).
//
// The embedded kz_direct_2021 states every parameter with a comment on its
// meaning and source; `decentsim show kz_direct_2021` prints it.
//
// # Models
//
// meta.model chooses the model: "rural" (the default), the model of rural
// local government that every other section sets, or "classic_epstein",
// Epstein's (2002) civil-violence Model I alone on a grid, set by the
// [classic] section and used to dock the unrest rule with other
// implementations (docs/DOCKING.md). A classic scenario's months are the
// model's steps; its events change [classic] keys, as in
// set = { "classic.legitimacy" = 0.6 }, or shock legitimacy and hardship
// as in the main model. The other sections are validated but unused,
// except behavior.legitimacy_shift and behavior.hardship_shift.
//
// # Inheritance
//
// Parameters start from sim.Default(), then take the values of the scenario
// named by extends (recursively), then the file's own. extends names an
// embedded scenario ("kz_direct_2021") or, if it contains a slash or ends
// in ".toml", a file relative to the extending file; cycles are an error.
// meta.months, meta.trials, meta.seed and meta.model are inherited unless
// given; meta.name and meta.description are not. A file's [[events]] are appended
// after those of its base, and the whole list is then stably sorted by
// month, so events of one month apply in the order they were written, the
// base's first.
//
// # Validation
//
// Load and Resolve report every problem at once as an ErrorList of *Error,
// each printed as
//
//	file:line: key: message (hint: what to do)
//
// The classes are: files whose shape no scenario has, refused before they
// are decoded (tables and arrays nested more than 32 deep, or a key whose
// path, counting its table's and inline tables' keys, has more than 8
// parts), so that loading takes time and memory linear in the file; TOML
// syntax errors; unknown keys and sections, with a
// "did you mean" suggestion; values of the wrong type; numbers outside a
// key's range (the min and max tags of sim.Params) and words outside its
// list (enum tags); events outside 1..meta.months, without a month, or
// changing unknown keys, [world] keys (the world is generated once) or
// keys to bad values; shocks adding up to a hardship or legitimacy shift
// outside [-1, 1]; settings that contradict each other, at the start or
// after any month's events (recall without direct election, unit sizes
// with min above max, no rural units, a population that cannot fill the
// units within their size limits, own budgets that no unit is large enough
// for, education shares above one); extends cycles and missing bases.
// What concerns the model rather than the file is sim's to say: every
// value is set through sim.Params.Set (an event's changes are checked with
// sim.Key.Check and sim.Key.CheckChange), which checks it against its key,
// and the resolved parameters are checked with sim.Params.Validate, which
// finds the contradictions and replays the events; the loader places
// each problem at the file and line that set what it blames and adds
// "did you mean" hints. Loading never panics, whatever the input; a fuzz
// test (FuzzLoad) guards that.
//
// # Overrides
//
// Resolve takes command-line overrides "section.key=value" (the --set
// flag), including meta.months, meta.trials and meta.seed. The value is
// read as a TOML value if it parses as one (17, 0.5, true, "direct") and
// as a bare word otherwise (direct), then checked like the same key in a
// file; problems name the file "--set".
//
// # Writing
//
// Encode writes a resolved scenario back as a self-contained file (no
// extends, every parameter stated) that loads to exactly the same
// Scenario.
package scenarios
