# ERR trap sees $LINENO and $BASH_COMMAND of the failing command; set -e corners
set -e
trap 'echo "ERR at $LINENO: $BASH_COMMAND"' ERR
f() {
	local a
	a=$(echo ok)
	echo "$a"
}
f
cat <<EOF2
in heredoc: $(f) ${HOME:+home-set}
EOF2
x=0
((x++)) || true
echo "x=$x"
if false; then :; else echo else-branch; fi
for f in a b; do
	case $f in
		a) continue ;;
	esac
	echo "f=$f"
done
v=$(false || echo fallback); echo "$v"
echo "${BASH_COMMAND:-none}" >/dev/null
count=0; while read -r line; do count=$((count+1)); done < <(printf 'a\nb\nc'); echo "count=$count"
printf '%s\n' "a\\b" | while IFS= read -r l; do echo "[$l]"; done
printf 'a\\\nb\n' | { read l; echo "[$l]"; }
set +e
false
echo "after false: $?"
