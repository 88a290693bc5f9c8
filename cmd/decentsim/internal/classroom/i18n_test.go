package classroom

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

// catalog reads the page's catalog of lang.
func catalog(t *testing.T, lang string) map[string]string {
	t.Helper()
	data, err := static.ReadFile("static/i18n/" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]string
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	return c
}

// TestCatalogs checks the page's catalogs: every language has the
// English catalog's keys with the same placeholders, and the English one
// has every key the scripts ask for, every lever's label and help, every
// option, every headline metric and every embedded rural scenario.
func TestCatalogs(t *testing.T) {
	en := catalog(t, "en")
	placeholder := regexp.MustCompile(`\{\w+\}`)
	for _, lang := range []string{"ru", "kk"} {
		c := catalog(t, lang)
		for k, v := range en {
			tr, ok := c[k]
			switch {
			case !ok:
				t.Errorf("%s.json lacks %q", lang, k)
			case !slices.Equal(sortedMatches(placeholder, v), sortedMatches(placeholder, tr)):
				t.Errorf("%s.json: %q has placeholders %v; English %v", lang, k, sortedMatches(placeholder, tr), sortedMatches(placeholder, v))
			case tr == v && len(v) > 3 && k != "unit.name":
				t.Errorf("%s.json: %q is not translated (%q)", lang, k, v)
			}
		}
		for k := range c {
			if _, ok := en[k]; !ok {
				t.Errorf("%s.json has %q, which en.json does not", lang, k)
			}
		}
	}
	var want []string
	for _, l := range levers {
		want = append(want, "lever."+l.Key, "lever."+l.Key+".help")
		// The API's English (for other clients) is the catalog's.
		if en["lever."+l.Key] != l.Label || en["lever."+l.Key+".help"] != l.Help {
			t.Errorf("lever %s: en.json says %q, %q; levers.go %q, %q", l.Key, en["lever."+l.Key], en["lever."+l.Key+".help"], l.Label, l.Help)
		}
		for _, o := range l.Options {
			want = append(want, "option."+o)
		}
		if l.Unit != "" {
			want = append(want, "unit."+l.Unit)
		}
	}
	for _, m := range headlines {
		want = append(want, "metric."+sim.Metrics[m].Name)
	}
	for _, info := range scenarios.List() {
		if sc, err := scenarios.Resolve(info.Name, nil); err == nil && sc.Model == sim.ModelRural {
			want = append(want, "scenario."+info.Name)
		}
	}
	for _, name := range []string{"static/app.js", "static/district.js", "static/index.html"} {
		data, err := static.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`(?:\bt\(|data-i18n(?:-aria)?=)"([a-z_]+\.[a-z_.0-9]+)"`).FindAllStringSubmatch(string(data), -1) {
			if !strings.HasSuffix(m[1], ".") { // a prefix, completed at run time
				want = append(want, m[1])
			}
		}
	}
	// The levers the page shows in percent are levers.
	js, _ := static.ReadFile("static/app.js")
	m := regexp.MustCompile(`PERCENT_LEVERS = \[([^\]]*)\]`).FindSubmatch(js)
	if m == nil {
		t.Fatal("app.js has no PERCENT_LEVERS")
	}
	for _, k := range regexp.MustCompile(`"([^"]+)"`).FindAllSubmatch(m[1], -1) {
		if !slices.ContainsFunc(levers, func(l Lever) bool { return l.Key == string(k[1]) }) {
			t.Errorf("app.js shows %s in percent, but it is not a lever", k[1])
		}
	}
	for _, k := range want {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
	}
	if len(want) < 100 {
		t.Errorf("only %d keys looked for; is the pattern finding the scripts' keys?", len(want))
	}
}

func sortedMatches(re *regexp.Regexp, s string) []string {
	m := re.FindAllString(s, -1)
	slices.Sort(m)
	return slices.Compact(m)
}
