package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestScripts runs the CLI transcripts in testdata/script with testscript;
// `ipsh` in them is this test binary acting as the command.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("IPSH_UPDATE_SCRIPTS") == "1",
	})
}
