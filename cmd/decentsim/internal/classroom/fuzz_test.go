package classroom

import "testing"

// FuzzRunRequest feeds the run request reader arbitrary bodies: it must
// never panic, must refuse with a 4xx answer, and must accept only runs
// within the limits.
func FuzzRunRequest(f *testing.F) {
	for _, seed := range []string{
		`{"client":"a","scenario":"classroom","trials":3,"months":12,"seed":"7","levers":{"institutions.selection":"appointed","institutions.recall":false,"oversight.transparency":0.5}}`,
		`{"scenario":"kz_direct_2021","trials":"1","months":"1"}`,
		`{"filename":"x.toml","source":"extends = \"classroom\"\n[world]\nrepresent = 1\n","trials":1,"months":1}`,
		`{"filename":"y.toml","source":"[[events]]\nmonth = 3\nset = { \"world.towns\" = 4 }\n","trials":1,"months":2}`,
		`{"scenario":"classroom","trials":1.5,"months":-1,"seed":null,"levers":{"x":null}}`,
		`{"source":"x = [[[[[[","trials":1,"months":1}`,
		`[]`, `{`, ``, `null`,
	} {
		f.Add([]byte(seed))
	}
	lim := DefaultLimits
	lim.MaxTrials, lim.MaxMonths, lim.MaxAgents = 5, 24, 20_000
	srv := New(Config{Limits: lim, Dir: f.TempDir(), Version: "fuzz"})
	f.Fuzz(func(t *testing.T, body []byte) {
		sc, _, refused := srv.runScenario(body)
		if refused != nil {
			if sc != nil || refused.status < 400 || refused.status >= 500 || refused.msg == "" {
				t.Fatalf("refusal %d %q with scenario %v", refused.status, refused.msg, sc != nil)
			}
			return
		}
		if sc == nil {
			t.Fatal("neither a scenario nor a refusal")
		}
		if sc.Trials > lim.MaxTrials || sc.Months > lim.MaxMonths || len(srv.checkLimits(sc)) > 0 {
			t.Fatalf("accepted %d trials, %d months, problems %q", sc.Trials, sc.Months, srv.checkLimits(sc))
		}
	})
}
