# [[ ]] -nt -ot -ef
touch -d '2020-01-01' old
touch -d '2021-01-01' new
ln old hard
[[ new -nt old ]] && echo newer
[[ old -ot new ]] && echo older
[[ old -ef hard ]] && echo same-file
[[ old -ef new ]] || echo different
[[ new -nt missing ]] && echo exists-newer-than-missing
[[ missing -ot new ]] && echo missing-older
