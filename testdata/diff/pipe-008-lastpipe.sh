# shopt -s lastpipe runs last stage in current shell (job control off)
shopt -s lastpipe
echo changed | read -r x
echo "x=$x"
n=0; seq 3 | while read -r i; do n=$i; done; echo "n=$n"
