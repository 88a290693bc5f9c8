package sim

// erfinvCentral is math.Erfinv(x) for -0.85 <= x <= 0.85, bit for bit
// (TestErfinvCentralExact): the central rational approximation of
// Wichura's (1988) algorithm AS 241, "The percentage points of the normal
// distribution" (https://www.jstor.org/stable/2347330), which
// math.Erfinv uses there, with the published coefficients, evaluated
// with the same operations in the same order as math.Erfinv (any other
// order rounds differently and changes the world). math.Erfinv computes
// it for |x| and negates the result for a negative x; erfinvCentral(x) is
// the same, as x*x is (-x)*(-x) and rounding is symmetric. It has no branch, where
// math.Erfinv branches on x's sign and range, which random draws
// mispredict, and the compiler inlines it: world building computes it
// for every normal trait of every first citizen under stratified
// composition (strata.quantiles).
// Given x outside [-0.85, 0.85] it returns a value the caller discards.
func erfinvCentral(x float64) float64 {
	const (
		a0 = 1.1975323115670912564578e0
		a1 = 4.7072688112383978012285e1
		a2 = 6.9706266534389598238465e2
		a3 = 4.8548868893843886794648e3
		a4 = 1.6235862515167575384252e4
		a5 = 2.3782041382114385731252e4
		a6 = 1.1819493347062294404278e4
		a7 = 8.8709406962545514830200e2
		b0 = 1.0000000000000000000e0
		b1 = 4.2313330701600911252e1
		b2 = 6.8718700749205790830e2
		b3 = 5.3941960214247511077e3
		b4 = 2.1213794301586595867e4
		b5 = 3.9307895800092710610e4
		b6 = 2.8729085735721942674e4
		b7 = 5.2264952788528545610e3
	)
	r := 0.180625 - 0.25*x*x
	// (x * z1) / z2, z1 and z2 written out (so that the compiler inlines
	// the function).
	return (x * (((((((a7*r+a6)*r+a5)*r+a4)*r+a3)*r+a2)*r+a1)*r + a0)) /
		(((((((b7*r+b6)*r+b5)*r+b4)*r+b3)*r+b2)*r+b1)*r + b0)
}
