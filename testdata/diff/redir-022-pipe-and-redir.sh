# redirections inside pipelines
echo hello 2>&1 | cat
{ echo out; echo err >&2; } 2>&1 | sort
{ echo out; echo err >&2; } |& sort
ls nosuchfile |& sed 's/.*/error captured/'
