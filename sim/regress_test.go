package sim

// Golden regression values for the model, in the manner of math/rand/v2's
// regress_test.go: for a fixed set of worlds, seeds and months, the SHA-256
// of every trial's full record (every metric of every month, every
// election) is kept in testdata/regress.golden. Any change to a rule, a
// constant, the order of random draws or the recording changes a hash and
// fails TestRegress.
//
// DO NOT EDIT testdata/regress.golden BY HAND. A change to the model's
// results is a model change: make it on purpose, describe it in
// CHANGELOG.md, then regenerate the file with
//
//	go test ./sim -run TestRegress -update
//
// and commit both together.

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const regressFile = "testdata/regress.golden"

// regressCase is one world and number of months of the golden set.
type regressCase struct {
	name    string
	classic bool
	months  int
	seeds   []uint64
	params  func() Params
}

// regressCases are the worlds the golden values cover: the tiny and the
// small rural world under each selection mode, a turbulent tiny world that
// exercises events, shocks, own budgets, participatory budgeting, recall
// and the rural council, and the classic model under both activations.
func regressCases() []regressCase {
	var cs []regressCase
	seeds := []uint64{1, 2, 3}
	for _, mode := range []string{"appointed", "indirect", "direct"} {
		cs = append(cs,
			regressCase{name: "tiny/" + mode, months: 48, seeds: seeds, params: func() Params {
				p := tinyParams()
				p.Institutions.Selection = mode
				return p
			}},
			regressCase{name: "small/" + mode, months: 24, seeds: seeds[:2], params: func() Params {
				p := smallParams()
				p.Institutions.Selection = mode
				p.World.BurnInMonths = 12
				return p
			}},
		)
	}
	cs = append(cs, regressCase{name: "tiny/turbulent", months: 60, seeds: seeds, params: turbulentParams})
	// Recall petitions with no signature threshold: every petition goes
	// to a ballot (the edge of petition's early return).
	cs = append(cs, regressCase{name: "tiny/recall-any", months: 48, seeds: seeds[:2], params: func() Params {
		p := tinyParams()
		p.Institutions.Selection = "direct"
		p.Institutions.Recall, p.Institutions.RecallSignatures = true, 0
		p.Institutions.DeputyRecall = true
		p.Institutions.MaslikhatSingleMandate = true
		return p
	}})
	for _, act := range []string{"random", "synchronous"} {
		cs = append(cs, regressCase{name: "classic/" + act, classic: true, months: 80, seeds: seeds[:2], params: func() Params {
			p := Default()
			p.Classic.Width, p.Classic.Height = 20, 20
			p.Classic.Activation = act
			p.Classic.MaxJailTerm = 30
			return p
		}})
	}
	// The classic paper's rules on a grid wider than a word of bits: the
	// jailed leave their cell (the arresting cop moves onto it), a
	// euclidean neighbourhood, and events that change k and the rounding
	// of C/A (the arrest probabilities kept by count) and the vision.
	cs = append(cs, regressCase{name: "classic/paper-wide", classic: true, months: 80, seeds: seeds[:2], params: func() Params {
		p := Default()
		p.Classic.Width, p.Classic.Height = 70, 12
		p.Classic.JailedKeepCell = false
		p.Classic.Neighbourhood = "euclidean"
		p.Classic.MaxJailTerm = 15
		p.Events = []Event{
			{Month: 20, Label: "k", Set: map[string]Value{"classic.k": Float(0.2)}},
			{Month: 35, Label: "rounding", Set: map[string]Value{"classic.rounding": Word("floor")}},
			{Month: 50, Label: "vision", Set: map[string]Value{"classic.cop_vision": Int(4), "classic.legitimacy": Float(0.6)}},
		}
		return p
	}})
	return cs
}

// turbulentParams is the tiny world with every optional mechanism on and a
// timeline of reforms and shocks.
func turbulentParams() Params {
	p := tinyParams()
	p.Institutions.Selection = "indirect"
	p.Institutions.Recall = true
	p.Institutions.RecallSignatures = 0.15
	p.Institutions.DeputyRecall = true
	p.Fiscal.TransferRule = "needs"
	p.Oversight.RuralCouncil = true
	p.Oversight.RuralCouncilEffort = 0.5
	p.Participation.BudgetShare = 0.2
	p.Participation.Campaign = 0.02
	p.Unrest.ProtestThreshold = 0.02
	p.Unrest.ConcedeMoney = 500
	p.Unrest.AddPolice = 0.3
	p.Events = []Event{
		{Month: 6, Label: "own budgets", Set: map[string]Value{"fiscal.own_budget": Bool(true), "fiscal.transfer_rule": Word("formula")}},
		{Month: 12, Label: "direct elections", Set: map[string]Value{"institutions.selection": Word("direct")}, AkimElections: true},
		{Month: 20, Label: "price shock", Hardship: 0.35, Legitimacy: -0.3},
		{Month: 30, Label: "single mandates", Set: map[string]Value{"institutions.maslikhat_single_mandate": Bool(true)}, MaslikhatElection: true},
		{Month: 40, Label: "calm", Hardship: -0.35, Legitimacy: 0.3},
	}
	return p
}

// trialDigest is what the golden file keeps of one trial: the SHA-256 of
// the whole record, and short digests per month (all metrics and that
// month's elections) and per metric (its whole series), so that a
// mismatch can name the first month and the metrics that differ.
type trialDigest struct {
	all     string
	months  []string // months[i]: month i+1
	metrics []string // metrics[m]: metric m's series (classic: its column)
}

func putFloat(h hash.Hash, x float64) {
	var b [8]byte
	if math.IsNaN(x) {
		x = math.NaN() // one bit pattern for every NaN
	}
	binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
	h.Write(b[:])
}

func putInt(h hash.Hash, x int64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(x))
	h.Write(b[:])
}

func short(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)[:8]) }

func putElection(h hash.Hash, e *ElectionRecord) {
	for _, x := range []int64{int64(e.Month), int64(e.Kind), int64(e.Unit), int64(e.District), int64(e.Mode),
		int64(e.Candidates), int64(e.Independents), int64(e.PartyCandidates), int64(e.IndependentCandidates),
		b2i(e.IncumbentRan), b2i(e.IncumbentWon), int64(e.WinnerOrigin), int64(e.WinnerParty),
		b2i(e.WinnerCongruent), int64(e.Seats)} {
		putInt(h, x)
	}
	putFloat(h, e.Turnout)
	putFloat(h, e.Margin)
	putFloat(h, e.WinnerCompetence)
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// digestRows digests a trial given as rows of metric values per month and,
// for the rural model, its elections.
func digestRows(seed uint64, rows [][]float64, elections []ElectionRecord) trialDigest {
	var d trialDigest
	all := sha256.New()
	putInt(all, int64(seed))
	nm := 0
	if len(rows) > 0 {
		nm = len(rows[0])
	}
	cols := make([]hash.Hash, nm)
	for m := range cols {
		cols[m] = sha256.New()
	}
	ei := 0
	for i, row := range rows {
		mh := sha256.New()
		for m, x := range row {
			putFloat(all, x)
			putFloat(mh, x)
			putFloat(cols[m], x)
		}
		for ; ei < len(elections) && elections[ei].Month <= i+1; ei++ {
			putElection(all, &elections[ei])
			putElection(mh, &elections[ei])
		}
		d.months = append(d.months, short(mh))
	}
	for ; ei < len(elections); ei++ { // none expected; kept in the hash
		putElection(all, &elections[ei])
	}
	for _, c := range cols {
		d.metrics = append(d.metrics, short(c))
	}
	d.all = hex.EncodeToString(all.Sum(nil))
	return d
}

func runRegressCase(t *testing.T, c regressCase, seed uint64) trialDigest {
	t.Helper()
	p := c.params()
	if c.classic {
		res, err := RunClassicTrial(context.Background(), &p, c.months, seed, 0)
		if err != nil {
			t.Fatalf("%s seed %d: %v", c.name, seed, err)
		}
		return digestRows(res.Seed, res.Rows, nil)
	}
	res, err := RunTrial(context.Background(), &p, c.months, seed, 0)
	if err != nil {
		t.Fatalf("%s seed %d: %v", c.name, seed, err)
	}
	rows := make([][]float64, len(res.Months))
	for i := range res.Months {
		rows[i] = res.Months[i][:]
	}
	return digestRows(res.Seed, rows, res.Elections)
}

// metricName names column m of a case's record.
func (c regressCase) metricName(m int) string {
	if c.classic {
		return ClassicMetrics[m].Name
	}
	return Metric(m).String()
}

func TestRegress(t *testing.T) {
	cases := regressCases()
	got := make(map[string]trialDigest)
	var keys []string
	for _, c := range cases {
		if testing.Short() && strings.HasPrefix(c.name, "small/") {
			continue
		}
		for _, seed := range c.seeds {
			key := fmt.Sprintf("%s seed=%d months=%d", c.name, seed, c.months)
			got[key] = runRegressCase(t, c, seed)
			keys = append(keys, key)
		}
	}
	if *update {
		if testing.Short() {
			t.Fatal("run -update without -short, so every case is written")
		}
		writeRegress(t, keys, got)
		return
	}
	want := readRegress(t)
	for _, c := range cases {
		for _, seed := range c.seeds {
			key := fmt.Sprintf("%s seed=%d months=%d", c.name, seed, c.months)
			g, ran := got[key]
			if !ran {
				continue
			}
			w, ok := want[key]
			if !ok {
				t.Errorf("%s: no golden value in %s; a new case needs go test ./sim -run TestRegress -update", key, regressFile)
				continue
			}
			if g.all == w.all {
				continue
			}
			t.Errorf("%s: record differs from the golden value: %s\n"+
				"If the model was changed on purpose, say so in CHANGELOG.md and run go test ./sim -run TestRegress -update.",
				key, describeDiff(c, g, w))
		}
	}
}

// describeDiff names the first month whose metrics or elections differ and
// every metric whose series differs.
func describeDiff(c regressCase, g, w trialDigest) string {
	var b strings.Builder
	first := -1
	for i := range min(len(g.months), len(w.months)) {
		if g.months[i] != w.months[i] {
			first = i + 1
			break
		}
	}
	if first < 0 {
		fmt.Fprintf(&b, "months agree, the trial seed or trailing elections differ")
	} else {
		fmt.Fprintf(&b, "first difference in month %d", first)
	}
	var names []string
	for m := range min(len(g.metrics), len(w.metrics)) {
		if g.metrics[m] != w.metrics[m] {
			names = append(names, c.metricName(m))
		}
	}
	if len(names) > 0 {
		fmt.Fprintf(&b, "; metrics whose series differ: %s", strings.Join(names, ", "))
	} else if first > 0 {
		fmt.Fprintf(&b, "; every metric agrees, so the elections held differ")
	}
	return b.String()
}

func writeRegress(t *testing.T, keys []string, got map[string]trialDigest) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# Golden regression values of the model (sim/regress_test.go).\n")
	b.WriteString("# DO NOT EDIT BY HAND: regenerate with go test ./sim -run TestRegress -update\n")
	b.WriteString("# after a deliberate model change described in CHANGELOG.md.\n")
	for _, k := range keys {
		d := got[k]
		fmt.Fprintf(&b, "case %s\nsha256 %s\nmonths %s\nmetrics %s\n", k, d.all,
			strings.Join(d.months, " "), strings.Join(d.metrics, " "))
	}
	if err := os.MkdirAll(filepath.Dir(regressFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(regressFile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d trials)", regressFile, len(keys))
}

func readRegress(t *testing.T) map[string]trialDigest {
	t.Helper()
	f, err := os.Open(regressFile)
	if err != nil {
		t.Fatalf("%v; generate it with go test ./sim -run TestRegress -update", err)
	}
	defer f.Close()
	want := make(map[string]trialDigest)
	var key string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		field, rest, _ := strings.Cut(line, " ")
		d := want[key]
		switch field {
		case "case":
			key = rest
		case "sha256":
			d.all = rest
		case "months":
			d.months = strings.Fields(rest)
		case "metrics":
			d.metrics = strings.Fields(rest)
		default:
			t.Fatalf("%s: unknown line %q", regressFile, line)
		}
		if field != "case" {
			want[key] = d
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return want
}
