# other shell variables exist with sane values
[ -n "$HOSTNAME" ] && echo hostname-set
[[ $SHLVL =~ ^[0-9]+$ ]] && echo shlvl-numeric
[[ $UID =~ ^[0-9]+$ ]] && echo uid-numeric
[ "$OPTIND" = 1 ] && echo optind-1
[ -n "$PWD" ] && echo pwd-set
