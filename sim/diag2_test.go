package sim

import (
	"context"
	"fmt"
	"math"
	"os"
	"testing"
)

// TestDiag2 prints final-year means of every metric for a few settings of
// the national default at a coarse scale.
func TestDiag2(t *testing.T) {
	if os.Getenv("DIAG") == "" {
		t.Skip()
	}
	type arm struct {
		name string
		mod  func(*Params)
	}
	arms := []arm{
		{"direct", func(p *Params) {}},
		{"appointed", func(p *Params) {
			p.Institutions.Selection = "appointed"
			p.Fiscal.OwnBudget = false
			p.Fiscal.TransferRule = "plan"
		}},
		{"nodismiss", func(p *Params) { p.Institutions.SuperiorCanDismiss = false }},
	}
	for _, a := range arms {
		p := Default()
		p.World.Represent = 400
		a.mod(&p)
		var sum Record
		var n Record
		for trial := range 3 {
			res, err := RunTrial(context.Background(), &p, 60, 1, trial)
			if err != nil {
				t.Fatal(err)
			}
			for _, rec := range res.Months[48:] {
				for m, x := range rec {
					if !math.IsNaN(x) {
						sum[m] += x
						n[m]++
					}
				}
			}
		}
		fmt.Printf("== %s\n", a.name)
		for m := range sum {
			fmt.Printf("  %-28s %.4g\n", Metric(m), sum[m]/n[m])
		}
	}
}
