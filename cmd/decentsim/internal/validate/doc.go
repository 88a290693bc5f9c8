// Package validate holds decentsim's model validation: the observed
// patterns of Kazakhstan's rural local government that the
// kz_reform_timeline scenario is held against, the four theory results the
// model must reproduce as emergent behaviour, the report
// (docs/VALIDATION.md) built from fresh runs of both, and calibration of
// declared free parameters by the simulated method of moments.
//
// Statistics are measured on scenarios whose month 1 is January 2010 (the
// calendar of kz_reform_timeline); Month converts a date to a model month.
package validate
