package sim

import (
	"fmt"
	"os"
	"testing"
)

func TestDiag(t *testing.T) {
	if os.Getenv("DIAG") == "" {
		t.Skip()
	}
	for _, mode := range []string{"appointed", "indirect", "direct"} {
		for _, dismiss := range []bool{true, false} {
			p := smallParams()
			p.Institutions.Selection = mode
			p.Institutions.SuperiorCanDismiss = dismiss
			w := newTestWorld(t, &p, 3)
			var sumE, nRS, nTake, rent, ctrl, q, trust, dis float64
			n := 0
			for m := range 60 {
				w.Step()
				if m < 36 {
					continue
				}
				for i := range w.Units {
					u := &w.Units[i]
					sumE += u.Akim.Downward
					if !u.Akim.Congruent {
						nRS++
						if u.Akim.TakeRent {
							nTake++
						}
					}
					rent += u.Rent
					ctrl += u.akimMoney
					q += u.Quality
					trust += u.TrustMean
					n++
				}
				for di := range w.Districts {
					dis += float64(w.Districts[di].dismissals)
				}
			}
			fmt.Printf("%-9s dismiss=%-5v effort=%.3f take=%.3f rentshare=%.4f q=%.3f trust=%.3f dismissals/unit-yr=%.3f\n", mode, dismiss, sumE/float64(n), nTake/nRS, rent/ctrl, q/float64(n), trust/float64(n), dis/float64(n)*12)
		}
	}
}
