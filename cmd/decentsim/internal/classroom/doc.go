// Package classroom is the web page behind `decentsim serve`: pick a
// scenario or upload one, move the reform levers, run trials and watch the
// headline metrics' means and 95% bands fill in, keep up to three runs side
// by side, play the first trial's district on a map month by month, read
// its story (the event log), print a one-page summary, and download each
// run's files. The page speaks English, Russian and Kazakh, from one
// catalog a language (static/i18n). The page and its assets are embedded;
// it loads nothing from outside the server.
//
// A run is the same run `decentsim run` makes: the server writes its output
// folder (series.csv, summary.csv, elections.csv, events.csv,
// scenario.toml, charts, manifest.json) with package output into a
// temporary folder, so what a student downloads can be repeated from the
// command line with the resolved scenario.toml. The district view
// (district.go) is trial 0 run again with a watcher, kept beside the
// folder. Limits caps what one request may ask for.
package classroom
