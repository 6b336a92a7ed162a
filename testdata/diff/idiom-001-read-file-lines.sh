# while IFS= read -r line over a file, counting and filtering
printf 'alpha 1\n# comment\n\nbeta 2\n  gamma 3\n' > config
while IFS= read -r line; do
  [[ -z $line || $line == \#* ]] && continue
  read -r key value <<< "$line"
  echo "key=$key value=$value"
done < config
