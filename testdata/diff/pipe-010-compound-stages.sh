# compound commands as pipeline stages
for i in 3 1 2; do echo $i; done | sort
if true; then echo yes; fi | tr y Y
{ echo a; echo b; } | ( while read -r l; do echo "[$l]"; done )
case x in x) echo matched;; esac | cat
(( 1 )) | cat; echo "arith stage: ${PIPESTATUS[@]}"
