# default values with arrays and positional
set --
echo "${1:-none}" "${@:-empty}"
set -- a
echo "${1:-none}" "${2:-second}"
a=()
echo "${a[0]:-first-missing}"
echo "${a[@]:-noelements}"
