# exec with {var} read-write fd and close
exec {rw}<> rw.txt
echo line >&$rw
exec {rw}>&-
cat rw.txt
[[ -n $rw ]] && echo "var still set"
