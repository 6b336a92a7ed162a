# diff: stderr
# explicit writes to stderr are compared
echo "to stdout"
echo "to stderr" >&2
printf '%s\n' "printf to stderr" 1>&2
{ echo "group to stderr"; } >&2
