// Command reload is a daemon that rereads its configuration on SIGHUP
// without restarting, written with ipsh's signals package. It runs in the
// foreground (start it with the daemon builtin or signals.Daemon to detach
// it) and makes its pidfile itself, so that a controller can do
//
//	pidfile signal /tmp/reload.pid HUP    # or kill -HUP $(cat /tmp/reload.pid)
//
// The configuration is lines of key=value. A configuration that does not
// parse is reported and the old one kept. SIGTERM or SIGINT ends it; the
// pidfile is removed on the way out.
//
//	reload [-config FILE] [-pidfile FILE]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"syscall"

	"github.com/ipsh/ipsh/signals"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("reload", flag.ContinueOnError)
	flags.SetOutput(stderr)
	config := flags.String("config", "/tmp/reload.conf", "configuration file")
	pidfile := flags.String("pidfile", "/tmp/reload.pid", "pidfile")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	// Subscribe before the pidfile tells anyone where to send signals.
	sigs := make(chan os.Signal, 4)
	stop := signals.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	pf, err := signals.Create(*pidfile, os.Getpid())
	if err != nil {
		fmt.Fprintf(stderr, "reload: %v\n", err)
		return 1
	}
	defer pf.Remove()
	conf, err := load(*config)
	if err != nil {
		fmt.Fprintf(stderr, "reload: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "pid %d: loaded %s\n", os.Getpid(), conf)
	for s := range sigs {
		if s != syscall.SIGHUP {
			fmt.Fprintf(stdout, "%s: exiting\n", signals.Name(s.(syscall.Signal)))
			return 0
		}
		c, err := load(*config)
		if err != nil {
			fmt.Fprintf(stdout, "HUP: %v; keeping %s\n", err, conf)
			continue
		}
		conf = c
		fmt.Fprintf(stdout, "HUP: reloaded %s\n", conf)
	}
	return 0
}

// settings is a parsed configuration.
type settings map[string]string

// String lists the settings sorted by key: "a=1 b=2".
func (s settings) String() string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		keys[i] = k + "=" + s[k]
	}
	return strings.Join(keys, " ")
}

func load(path string) (settings, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s := settings{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want key=value", path, n)
		}
		s[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return s, sc.Err()
}
