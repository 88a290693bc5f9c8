// Package classroom is the web page behind `decentsim serve`: pick a
// scenario or upload one, move the reform levers, run trials and watch the
// headline metrics' means and 95% bands fill in, keep up to three runs side
// by side, and download each run's files. The page and its assets are
// embedded; it loads nothing from outside the server.
//
// A run is the same run `decentsim run` makes: the server writes its output
// folder (series.csv, summary.csv, elections.csv, scenario.toml, charts,
// manifest.json) with package output into a temporary folder, so what a
// student downloads can be repeated from the command line with the
// resolved scenario.toml. Limits caps what one request may ask for.
package classroom
