package main

import "runtime/debug"

// programVersion is the release version; builds from a checkout append the
// commit from the build information.
const programVersion = "0.1.0"

// version returns the program version, with the VCS revision when known.
func version() string {
	v := programVersion
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			v += "+" + rev
			if dirty {
				v += "-dirty"
			}
		}
	}
	return v
}
