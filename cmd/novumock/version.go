package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// versionText is the module version and the commit the binary was built from, as the Go
// toolchain stamped them (go build in a git checkout records vcs.revision, vcs.time and
// vcs.modified; go install module@version records the version).
//
// buildCommit is the fallback for builds without VCS stamping (GOFLAGS=-buildvcs=false, or a
// git worktree the toolchain does not stamp): the Makefile sets it with -ldflags -X.
var buildCommit string

func versionText(bi *debug.BuildInfo, ok bool) string {
	if !ok {
		return "novumock (no build information)\n"
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	out := fmt.Sprintf("novumock %s\n", bi.Main.Version)
	if settings["vcs.revision"] == "" && buildCommit != "" {
		settings["vcs.revision"] = buildCommit
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if settings["vcs.modified"] == "true" {
			rev += " (modified)"
		}
		out += fmt.Sprintf("commit %s", rev)
		if t := settings["vcs.time"]; t != "" {
			out += " of " + t
		}
		out += "\n"
	}
	return out + fmt.Sprintf("%s %s/%s\n", bi.GoVersion, settings["GOOS"], settings["GOARCH"])
}

func version(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "novumock version: unexpected argument %q\n", args[0])
		return 2
	}
	fmt.Fprint(stdout, versionText(debug.ReadBuildInfo()))
	return 0
}
