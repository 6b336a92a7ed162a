# save and restore stdout with exec
exec 3>&1
exec > captured
echo "captured line"
exec 1>&3 3>&-
echo "back on stdout"
cat captured
