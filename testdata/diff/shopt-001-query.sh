# shopt -s -u -q -p
shopt -q extglob && echo extglob-default-on || echo extglob-default-off
shopt -s nullglob
shopt -q nullglob && echo nullglob-on
shopt -p nullglob
shopt -u nullglob
shopt -p nullglob
shopt nullglob dotglob
shopt -q nosuchopt 2>/dev/null; echo "bad opt: $?"
