# nested command substitutions with quotes
dir="a dir"
mkdir "$dir"
touch "$dir/file one"
echo "$(basename "$(ls -d "$dir"/*)")"
n="$(echo "$(echo "$(echo 3)")")"
echo $((n * n))
