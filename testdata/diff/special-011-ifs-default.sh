# default IFS value is space tab newline
# (od output is whitespace-normalised)
printf '%s' "$IFS" | od -An -c | tr -s ' '
echo "${#IFS}"
( unset IFS; set -- $(echo 'a b'); echo $# )
