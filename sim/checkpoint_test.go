package sim

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestCheckpointResume checks that a trial saved part way (Checkpoint)
// and taken up again (ResumeTrial) records byte for byte what it records
// uninterrupted, whatever the month of the save (before and after its
// events) and the workers, and that a checkpoint of other parameters or a
// damaged one is refused with an error.
func TestCheckpointResume(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := tinyParams()
	p.World.BurnInMonths = 14
	p.Events = []Event{
		{Month: 5, Hardship: 0.2, Set: map[string]Value{"institutions.selection": Word("appointed")}},
		{Month: 9, AkimElections: true},
	}
	const months, seed, trial = 26, 3, 1
	res, err := RunTrialUnits(ctx, &p, months, seed, trial, nil, -1)
	if err != nil {
		t.Fatal(err)
	}
	want := resultString(res)
	var saved []byte
	for _, cut := range []int{0, 5, 6, 13, 25} {
		b, err := BurnIn(ctx, &p, seed, trial, 1)
		if err != nil {
			t.Fatal(err)
		}
		run := b.Start(&p, months, nil, false)
		run.RecordUnits(-1)
		if err := run.RunTo(ctx, cut); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := run.Checkpoint(&buf, &p); err != nil {
			t.Fatal(err)
		}
		saved = buf.Bytes()
		resumed, err := ResumeTrial(bytes.NewReader(saved), &p, &TrialOptions{Workers: 1 + cut%2})
		if err != nil {
			t.Fatalf("resuming at month %d: %v", cut, err)
		}
		if resumed.Month() != cut {
			t.Errorf("resumed at month %d; want %d", resumed.Month(), cut)
		}
		if err := resumed.RunTo(ctx, months); err != nil {
			t.Fatal(err)
		}
		if got := resultString(resumed.Result()); got != want {
			t.Errorf("the trial saved at month %d and resumed differs from the trial uninterrupted", cut)
		}
	}
	other := p
	other.Behavior.TrustRate *= 2
	if _, err := ResumeTrial(bytes.NewReader(saved), &other, nil); err == nil || !strings.Contains(err.Error(), "other parameters") {
		t.Errorf("resuming with other parameters = %v; want an error saying so", err)
	}
	for _, n := range []int{0, 10, len(checkpointMagic) + 40, len(saved) / 2, len(saved) - 1} {
		if _, err := ResumeTrial(bytes.NewReader(saved[:n]), &p, nil); err == nil {
			t.Errorf("resuming from the first %d of %d bytes = nil error; want one", n, len(saved))
		}
	}
}

// resultString prints every value of res, its unit panel's included.
func resultString(res *TrialResult) string {
	r := *res
	r.Units = nil
	if res.Units == nil {
		return fmt.Sprintf("%v", r)
	}
	return fmt.Sprintf("%v %v", r, *res.Units)
}

// TestResultRoundTrip checks that ReadResult gives back what WriteResult
// wrote, every field (the unit panel's too), and refuses other files.
func TestResultRoundTrip(t *testing.T) {
	t.Parallel()
	p := tinyParams()
	p.Events = []Event{{Month: 3, Label: "shock", Hardship: 0.2}}
	res, err := RunTrialUnits(context.Background(), &p, 12, 5, 0, nil, 4)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteResult(&buf, res); err != nil {
		t.Fatal(err)
	}
	back, err := ReadResult(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if resultString(back) != resultString(res) || len(back.Events) == 0 || back.Units == nil {
		t.Errorf("ReadResult(WriteResult(r)) differs from r")
	}
	if _, err := ReadResult(bytes.NewReader(buf.Bytes()[:buf.Len()/2])); err == nil {
		t.Error("ReadResult of half a result = nil error; want one")
	}
}
