# [[ -eq ]] with non-numeric and empty operands
[[ '' -eq 0 ]] && echo empty-is-zero
[[ 'x' -eq 0 ]] && echo unset-name-is-zero
( [[ '1 2' -eq 1 ]] ) 2>/dev/null; echo "status $?"
[[ ' 5 ' -eq 5 ]] && echo spaces-ok
