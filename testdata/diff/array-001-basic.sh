# indexed arrays: creation, access, length
a=(one two three)
echo ${a[0]} ${a[2]} $a
echo ${#a[@]}
a[5]=six
echo ${#a[@]} "${!a[@]}"
echo "${a[@]}"
echo "${a[4]:-<unset>}"
