# set -u errors on unset variables
set -u
x=1
echo $x
echo "${unset_var:-default}"
echo "${unset_var-}"
( echo "$unset_var" ) 2>/dev/null; echo "status $?"
echo after
