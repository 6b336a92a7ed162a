# exec without command only applies redirections
exec 3> three
echo written >&3
exec 3>&-
cat three
exec 4<&0
exec 4<&-
echo "still running"
