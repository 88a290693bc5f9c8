package sim

import (
	"testing"
)

// benchWorld returns the national default world at 1:represent, warmed up
// for a year so that benchmarks measure the steady state.
func benchWorld(b *testing.B, represent int) *World {
	b.Helper()
	p := Default()
	p.World.Represent = represent
	w := NewWorld(&p, TrialSeed(1, 0))
	for m := 0; m < 12; m++ {
		if err := w.Step(); err != nil {
			b.Fatal(err)
		}
	}
	return w
}

func livingCitizens(w *World) int {
	n := 0
	for i := range w.Units {
		n += w.Units[i].Pop
	}
	return n
}

// BenchmarkMonth runs whole months of the national default at 1:50 and
// reports ns per citizen-month.
func BenchmarkMonth(b *testing.B) {
	w := benchWorld(b, 50)
	n := livingCitizens(w)
	var rec recorder
	var elections []ElectionRecord
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := w.Step(); err != nil {
			b.Fatal(err)
		}
		elections = w.collectElections(elections[:0])
		var r Record
		rec.winStart = 0
		rec.record(w, elections, &r)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/citizen-month")
}

// BenchmarkCitizenPass runs only the citizens' pass (perception, trust,
// participation, unrest, migration) over every unit.
func BenchmarkCitizenPass(b *testing.B) {
	w := benchWorld(b, 50)
	n := livingCitizens(w)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for ui := range w.Units {
			u := &w.Units[ui]
			w.live(u, &w.Districts[u.District])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/citizen-month")
}

// BenchmarkMoneyAndServices runs processes 2-5 for every district.
func BenchmarkMoneyAndServices(b *testing.B) {
	w := benchWorld(b, 50)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for di := range w.Districts {
			d := &w.Districts[di]
			w.money(d)
			for ui := d.FirstUnit; ui < d.End; ui++ {
				w.Units[ui].Akim.Downward = w.downwardOrientation(&w.Units[ui], d)
				w.services(&w.Units[ui], d)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(w.Units)), "ns/unit-month")
}
