package sim

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/METRICS.md from the metrics table")

// metricsDoc renders docs/METRICS.md from Metrics.
func metricsDoc() []byte {
	var b bytes.Buffer
	b.WriteString("# Metrics\n\n")
	b.WriteString("Generated from `sim.Metrics` by `go test ./sim -run TestMetricsDoc -update`; do not edit by hand.\n\n")
	b.WriteString("Every metric is recorded once a month per trial and is a column of series.csv. ")
	b.WriteString("Metrics marked *carry* change only when elections (or, for rubber_stamp_share, the annual budget vote) happen and keep their last value in between; ")
	fmt.Fprintf(&b, "election metrics are computed over the elections held in the last %d months and are NA before the first one.\n\n", ElectionWindow)
	b.WriteString("| metric | unit | headline | carry | definition |\n|---|---|---|---|---|\n")
	for _, m := range Metrics {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", m.Name, m.Unit, yes(m.Headline), yes(m.Carry), m.Definition)
	}
	b.WriteString("\n## Election records (elections.csv)\n\n")
	b.WriteString("One row per election held: `month`, `kind` (akim, maslikhat, recall), `unit` (-1 for maslikhat), `district`, `mode` (appointed, indirect, direct), ")
	b.WriteString("`candidates`, `independents` (on the ballot; for maslikhat elections, seats won), `turnout` (NA without a popular vote), `incumbent_ran`, `incumbent_won`, ")
	b.WriteString("`winner_origin` (official, party, independent: the winner's background, kept when an incumbent is re-elected), `winner_party` (1 if the winner is a ruling-party member), `margin` (winner's vote share minus the runner-up's; NA if uncontested or not a popular vote), `seats`.\n")
	b.WriteString(eventLogDoc)
	return b.Bytes()
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func TestMetricsDoc(t *testing.T) {
	const path = "../docs/METRICS.md"
	want := metricsDoc()
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; run go test ./sim -run TestMetricsDoc -update", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date with sim.Metrics; run go test ./sim -run TestMetricsDoc -update", path)
	}
	if n := len(Headlines()); n != 6 {
		t.Errorf("%d headline metrics; want 6 for the dashboard", n)
	}
}

// TestODDListsEveryParameter keeps docs/ODD.md true: every parameter key
// appears in its parameter tables with its default value.
func TestODDListsEveryParameter(t *testing.T) {
	doc, err := os.ReadFile("../docs/ODD.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 {
			continue
		}
		key := strings.Trim(strings.TrimSpace(cells[1]), "`")
		rows[key] = strings.Trim(strings.TrimSpace(cells[2]), "`")
	}
	p := Default()
	for _, k := range Keys() {
		v, _ := p.Get(k.Name)
		got, ok := rows[k.Name]
		if !ok {
			t.Errorf("docs/ODD.md has no parameter row for %s", k.Name)
			continue
		}
		if want := fmtDefault(v); got != want {
			t.Errorf("docs/ODD.md gives %s default %q; sim.Default has %q", k.Name, got, want)
		}
	}
}

func fmtDefault(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	}
	return fmt.Sprint(reflect.ValueOf(v))
}
