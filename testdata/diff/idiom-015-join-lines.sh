# collecting command output into a string
out=
while read -r w; do out+="${out:+,}$w"; done < <(printf 'x\ny\nz\n')
echo "$out"
all=$(seq 3 | paste -sd+)
echo "$all = $(( all ))"
