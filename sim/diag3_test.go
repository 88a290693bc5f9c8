package sim

import (
	"context"
	"fmt"
	"math"
	"os"
	"testing"
)

func finalMeans(t *testing.T, p Params, trials, months int) Record {
	var sum, n Record
	for trial := range trials {
		res, err := RunTrial(context.Background(), &p, months, 1, trial)
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range res.Months[months-12:] {
			for m, x := range rec {
				if !math.IsNaN(x) {
					sum[m] += x
					n[m]++
				}
			}
		}
	}
	for m := range sum {
		sum[m] /= n[m]
	}
	return sum
}

func TestDiag3(t *testing.T) {
	if os.Getenv("DIAG") == "" {
		t.Skip()
	}
	for _, ov := range []float64{0, 300000, 600000, 1500000, 3000000} {
		for _, mode := range []string{"appointed", "direct"} {
			p := smallParams()
			p.Institutions.Selection = mode
			p.Behavior.OfficeValue = ov
			r := finalMeans(t, p, 4, 48)
			fmt.Printf("ov=%8.0f %-9s rent=%.4f disc=%.3f effort=%.3f q=%.3f trust=%.3f dism=%.2f reel=%.3f\n", ov, mode, r[AkimRentShare], r[DisciplinedShare], r[DownwardOrientation], r[ServiceQuality], r[TrustLocal], r[Dismissals], r[IncumbentReelected])
		}
	}
}
