# diff: stderr
# stderr from external commands written with explicit text
sh -c 'echo "sh stderr" >&2'
cat nonexistent 2>/dev/null || echo "cat failed" >&2
printf 'tee-err\n' | tee /dev/stderr >/dev/null
