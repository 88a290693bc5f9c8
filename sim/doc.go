// Package sim is decentsim's model: the agents, the monthly processes
// and the runner, knowing no file format, flag or writer.
//
// A trial generates a World (districts, their rural units and each unit's
// citizen agents) from Params and a trial seed, runs an unrecorded
// burn-in, then steps month by month: scheduled events, money, orders,
// the akims' allocation and services, the citizens' pass (perception,
// trust and legitimacy, participation, Epstein's unrest rule, migration
// and births), arrests and the protest response, elections, dismissals
// and recalls, and the recording of every metric of Metrics. RunTrial
// runs one trial; Run runs many in parallel and delivers them in trial
// order, so results do not depend on the number of workers. The same
// Params, seed and trial always give the same result bit for bit.
//
// Params are checked by the model itself: Keys and KeyByName describe
// every parameter with its range or words, Params.Set takes a typed Value
// and checks it, and Params.Validate returns every problem of a Params
// (values, events, settings that contradict each other, and what the
// events bring about month by month) as Problems, each naming the keys
// and the event involved with a hint (validate.go). The engine refuses
// values and events the keys do not admit.
//
// Files are named after the processes and agents of the model
// description, docs/ODD.md: world.go (initialisation), events.go,
// fiscal.go (money), orders.go and services.go, akims.go, trust.go,
// participation.go, unrest.go, migration.go, citizens.go (the citizens'
// pass), elections.go, dismissals.go, record.go (metrics), engine.go and
// runner.go (the schedule and the runner), and keys.go, value.go and
// validate.go (the parameters' keys and checks). classic.go is Epstein's
// (2002) Model I alone on a grid, for
// docking the unrest rule with published implementations.
//
// Randomness is injected, never global: every trial, district and
// generation step draws from its own stream derived from the run seed
// (rng.go). The golden values in testdata/regress.golden guard the
// model's results: a change to them is a model change, made on purpose
// and recorded in CHANGELOG.md.
package sim
