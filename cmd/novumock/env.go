package main

import (
	"flag"
	"fmt"
	"strings"
)

// envPrefix starts the environment variable of every serve (and health) flag, so a container
// or a CI job can configure the fake without a command line.
const envPrefix = "NOVUMOCK_"

// envName is the variable that sets a flag: the prefix, then the flag's name upper-cased with
// dashes as underscores (--api-key is NOVUMOCK_API_KEY).
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// applyEnv sets each flag of fs whose variable lookup finds, before the command line is parsed,
// so that a flag given on the command line wins over the environment. A value the flag refuses
// is an error naming the variable. An empty variable counts as set: NOVUMOCK_API_KEY= is an
// empty key (which serve refuses), not the default one.
func applyEnv(fs *flag.FlagSet, lookup func(string) (string, bool)) error {
	var errs []string
	fs.VisitAll(func(f *flag.Flag) {
		name := envName(f.Name)
		v, ok := lookup(name)
		if !ok {
			return
		}
		if err := fs.Set(f.Name, v); err != nil {
			errs = append(errs, fmt.Sprintf("%s=%q: %v", name, v, err))
		}
	})
	if len(errs) > 0 {
		return fmt.Errorf("novumock %s: %s", fs.Name(), strings.Join(errs, "; "))
	}
	return nil
}

// documentEnv adds each flag's variable to its help line, for -h.
func documentEnv(fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) { f.Usage += " [$" + envName(f.Name) + "]" })
}
