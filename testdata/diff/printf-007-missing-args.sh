# missing arguments become empty or zero
printf '%s|%d|%s\n' only
printf '%d %f\n'
printf -- '--%s\n' dashes
printf '%s=%d\n' a 1 b
