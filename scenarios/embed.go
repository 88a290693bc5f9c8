package scenarios

import (
	"embed"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// library holds the embedded scenario files, so the binary runs with no
// files on disk.
//
//go:embed library/*.toml
var library embed.FS

var libraryOpener = fsOpener{fsys: library, tag: "embed"}

// libraryPath returns the path in library of the embedded scenario name.
func libraryPath(name string) string { return "library/" + name + ".toml" }

// libraryNames returns the names of the embedded scenarios, sorted.
func libraryNames() []string { return embeddedNames(library, "library", ".toml") }

// embeddedNames returns the names, without ext, of the files ending in
// ext in folder dir of fsys, sorted.
func embeddedNames(fsys fs.FS, dir, ext string) []string {
	entries, _ := fs.ReadDir(fsys, dir)
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ext); ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// hasLibrary reports whether name is an embedded scenario.
func hasLibrary(name string) bool { return slices.Contains(libraryNames(), name) }

// libraryHint suggests an embedded scenario for the unknown name.
func libraryHint(name string) string {
	if c := closest(name, libraryNames()); c != "" {
		return "did you mean " + c + "? `decentsim list` shows the embedded scenarios"
	}
	return "`decentsim list` shows the embedded scenarios"
}

// List returns the name and description of every embedded scenario,
// sorted by name.
func List() []Info {
	var infos []Info
	for _, name := range libraryNames() {
		var head struct {
			Meta struct {
				Description string `toml:"description"`
			} `toml:"meta"`
		}
		src, _ := library.ReadFile(libraryPath(name))
		_, _ = toml.Decode(string(src), &head)
		infos = append(infos, Info{Name: name, Description: head.Meta.Description})
	}
	return infos
}

// Source returns the text of the embedded scenario name (with or without
// ".toml"), comments and all: a documented template to copy.
func Source(name string) ([]byte, error) {
	name = strings.TrimSuffix(path.Base(name), ".toml")
	if !hasLibrary(name) {
		return nil, &Error{Key: name, Msg: "unknown embedded scenario", Hint: libraryHint(name)}
	}
	return library.ReadFile(libraryPath(name))
}
