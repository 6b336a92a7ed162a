# |& pipes stderr along with stdout
{ echo out; echo err >&2; } |& sort
ls /nonexistent-path-xyz |& grep -c 'nonexistent'
f() { echo fout; echo ferr >&2; }
f |& cat | wc -l
f 2>/dev/null |& wc -l
