# exec redirections persist for the rest of the script
exec 3>&1 4>&2
exec > log 2>&1
echo "to log"
echo "err to log" >&2
exec 1>&3 2>&4 3>&- 4>&-
echo "restored"
cat log
