# diff: stderr
# printf and echo to stderr are compared exactly
printf 'err line %d\n' 1 >&2
echo "stdout line"
echo "another err" 1>&2
printf '%s\n' done
