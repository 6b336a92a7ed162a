# pipeline stages run in subshells (lastpipe off)
x=before
echo changed | read -r x
echo "$x"
n=0; seq 3 | while read -r i; do n=$i; done; echo "n=$n"
echo piped | { read -r y; echo "inside: $y"; }
