# backslash-newline continuation in commands and pipelines
echo one \
  two \
  three
echo a |
  tr a b
true &&
  echo and-continued
x=con\
cat
echo $x
