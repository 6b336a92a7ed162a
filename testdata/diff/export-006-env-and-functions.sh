# exports reach children (env, sh), export -f is silent, subshell exports stay inside
export A=1; env | grep -c '^A=1'
B=2 env | grep '^B='
(export C=3); echo "C=${C-unset}"
unset A; env | grep -c '^A=' 
declare -x D=4; sh -c 'echo D=$D'
f() { echo "in f: $1"; }; export -f f 2>/dev/null; echo exported
PATH=/nonexistent:$PATH command -v sh >/dev/null && echo found-sh
hash -r
cd /tmp && echo "$PWD" && cd "$OLDPWD"
echo $SHLVL | grep -qE '^[0-9]+$' && echo shlvl
[ "$$" -gt 0 ] && echo pid
sleep 0.01 & [ "$!" -gt 0 ] && echo bgpid; wait
echo "$-" | grep -q h && echo hashall
readonly R=1; (R=2) 2>/dev/null || echo ro-sub-fail
echo $((RANDOM >= 0 && RANDOM < 32768))
t0=$SECONDS; [ "$t0" -ge 0 ] && echo seconds
[[ $EPOCHREALTIME == *.* ]] && echo realtime
