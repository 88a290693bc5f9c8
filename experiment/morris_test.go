package experiment

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestMorrisLinear(t *testing.T) {
	t.Parallel()
	// y = 10 x1 + 5 x2 + x3 + 0 x4 + 0 x5 on [0,1]: every elementary
	// effect is the coefficient, so mu = mu* = coefficient and sigma = 0.
	const tol = 1e-9
	coef := []float64{10, 5, 1, 0, 0}
	rng := rand.New(rand.NewPCG(7, 8))
	pts, err := MorrisDesign(rng, 20, 5, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 20*6 {
		t.Fatalf("MorrisDesign(r = 20, k = 5) gave %d points; want r(k+1) = 120", len(pts))
	}
	y := evaluate(pts, 0, 1, func(x []float64) float64 {
		var s float64
		for i, c := range coef {
			s += c * x[i]
		}
		return s
	})
	res, err := Morris(pts, y, 5, rng, 200)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if math.Abs(r.MuStar-coef[i]) > tol || math.Abs(r.Mu-coef[i]) > tol || r.Sigma > tol {
			t.Errorf("Morris(linear)[x%d] = mu %v, mu* %v, sigma %v; want %v, %v, 0", i+1, r.Mu, r.MuStar, r.Sigma, coef[i], coef[i])
		}
		if i > 0 && !(res[i-1].MuStar > r.MuStar || coef[i] == 0 && r.MuStar == 0) {
			t.Errorf("Morris(linear): mu*[x%d] = %v does not rank below mu*[x%d] = %v", i+1, r.MuStar, i, res[i-1].MuStar)
		}
	}
}

func TestMorrisNonlinear(t *testing.T) {
	t.Parallel()
	// y = 4 x1 x2 + 3 x3² + 0 x4: x1 and x2 interact and x3 is
	// non-linear, so their effects vary (sigma > 0); x4 is inert.
	rng := rand.New(rand.NewPCG(9, 10))
	pts, _ := MorrisDesign(rng, 50, 4, 4)
	y := evaluate(pts, 0, 1, func(x []float64) float64 { return 4*x[0]*x[1] + 3*x[2]*x[2] })
	res, err := Morris(pts, y, 4, rng, 200)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if !(res[i].Sigma > 0.1) || !(res[i].MuStar > 0.5) {
			t.Errorf("Morris(nonlinear)[x%d] = mu* %v, sigma %v; want mu* > 0.5 and sigma > 0.1", i+1, res[i].MuStar, res[i].Sigma)
		}
		if !(res[i].MuStarLow <= res[i].MuStar && res[i].MuStar <= res[i].MuStarHigh) {
			t.Errorf("Morris(nonlinear)[x%d]: interval [%v, %v] does not hold mu* %v", i+1, res[i].MuStarLow, res[i].MuStarHigh, res[i].MuStar)
		}
	}
	if res[3].MuStar != 0 || res[3].Sigma != 0 {
		t.Errorf("Morris(nonlinear)[x4] = mu* %v, sigma %v; want 0, 0 (inert)", res[3].MuStar, res[3].Sigma)
	}
	// x3's effects: 3((x+Δ)² − x²)/Δ = 3(2x + Δ) with p = 4 (Δ = 2/3,
	// lower point x ∈ {0, 1/3}): 2 or 4 with equal chance, so mu* is 3
	// within about 2/√50 ≈ 0.28 (two standard errors) for 50 trajectories.
	if math.Abs(res[2].MuStar-3) > 0.3 {
		t.Errorf("Morris(nonlinear) mu*[x3] = %v; want 3", res[2].MuStar)
	}
}

func TestMorrisDesign(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 1))
	pts, err := MorrisDesign(rng, 10, 3, 4)
	if err != nil {
		t.Fatal(err)
	}
	moved := make([]int, 3) // times each coordinate moved in the trajectory
	for i, p := range pts {
		for _, u := range p {
			// Every coordinate is on the grid {0, 1/3, 2/3, 1}.
			if u < 0 || u > 1 || math.Abs(u*3-math.Round(u*3)) > 1e-12 {
				t.Fatalf("MorrisDesign point %d = %v; want every coordinate a level of the grid of 4 in [0,1]", i, p)
			}
		}
		if i%4 == 0 {
			clear(moved)
			continue
		}
		j := changed(pts[i-1], p)
		if j < 0 || math.Abs(math.Abs(p[j]-pts[i-1][j])-MorrisDelta(4)) > 1e-12 {
			t.Fatalf("MorrisDesign points %d, %d = %v, %v; want one coordinate moved by Δ", i-1, i, pts[i-1], p)
		}
		if moved[j]++; moved[j] > 1 {
			t.Fatalf("MorrisDesign trajectory %d moves coordinate %d twice; want each once", i/4, j)
		}
	}
	for _, bad := range [][3]int{{0, 3, 4}, {1, 0, 4}, {1, 3, 3}} {
		if _, err := MorrisDesign(rng, bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("MorrisDesign(r=%d, k=%d, p=%d) = nil error; want one", bad[0], bad[1], bad[2])
		}
	}
}
