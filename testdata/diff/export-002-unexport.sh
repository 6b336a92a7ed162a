# export -n removes the export attribute
export V=value
sh -c 'echo "[$V]"'
export -n V
sh -c 'echo "[$V]"'
echo "still set: $V"
