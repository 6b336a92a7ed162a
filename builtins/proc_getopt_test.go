package builtins

import (
	"reflect"
	"testing"
)

var procTestFlags = []procFlag{
	{short: 's', long: "shared", group: "type"},
	{short: 'x', long: "exclusive", group: "type"},
	{short: 'n', long: "nonblock"},
	{long: "nb"},
	{short: 'w', long: "timeout", arg: true},
	{long: "tmpdir", optional: true},
}

func TestProcGetopt(t *testing.T) {
	for _, tc := range []struct {
		args []string
		opts procOpts
		rest []string
		err  string
	}{
		{[]string{"-sn", "f", "-x"}, procOpts{"type": {"shared"}, "nonblock": {""}}, []string{"f", "-x"}, ""},
		{[]string{"-w5", "-w", "6", "--timeout=7", "--timeout", "8", "--", "-n"}, procOpts{"timeout": {"5", "6", "7", "8"}}, []string{"-n"}, ""},
		{[]string{"-s", "--excl", "-"}, procOpts{"type": {"shared", "exclusive"}}, []string{"-"}, ""},
		{[]string{"--tmpdir", "x"}, procOpts{"tmpdir": {""}}, []string{"x"}, ""},
		{[]string{"--tmpdir=/d"}, procOpts{"tmpdir": {"/d"}}, []string{}, ""},
		{[]string{"--n"}, nil, nil, "option '--n' is ambiguous"},
		{[]string{"--nb=1"}, nil, nil, "option '--nb' doesn't allow an argument"},
		{[]string{"--timeout"}, nil, nil, "option '--timeout' requires an argument"},
		{[]string{"-nw"}, nil, nil, "option requires an argument -- 'w'"},
		{[]string{"-q"}, nil, nil, "invalid option -- 'q'"},
		{[]string{"--quiet"}, nil, nil, "unrecognized option '--quiet'"},
	} {
		opts, rest, err := procGetopt(tc.args, procTestFlags)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: error %v, want %q", tc.args, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(opts, tc.opts) || !reflect.DeepEqual(rest, tc.rest) {
			t.Errorf("%q: %v %q %v, want %v %q", tc.args, opts, rest, err, tc.opts, tc.rest)
		}
	}
}

// FuzzProcArgs is crash-only: no argument list makes the parsers panic.
func FuzzProcArgs(f *testing.F) {
	for _, s := range []string{"-w", "--timeout=", "5:10", "-1:0", "0.5", "1e300", "NaN", "--n", "-sxn"} {
		f.Add(s, "x")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		procGetopt([]string{a, b}, procFlockFlags)
		procGetopt([]string{a}, procTestFlags)
		procRange(a)
		procSeconds(a)
		procSignal(a)
	})
}
