# trap cleanup of temporary files on EXIT
tmp=work.tmp
trap 'rm -f "$tmp"; echo "cleaned: $([ -e "$tmp" ] && echo no || echo yes)"' EXIT
echo data > "$tmp"
cat "$tmp"
