# removal with character classes, quoted patterns and globs
s='aaa-bbb-ccc'
echo ${s#a} ${s##a} ${s##+(a)} 2>/dev/null
echo ${s#[ab]*-} ${s##[ab]*-}
echo ${s%-[a-c]*} ${s%%-[a-c]*}
star='*'
t='x*y*z'
echo "${t#*"$star"}" "${t#*$star}"
echo "${t%\**}"
q='a?b'
echo "${q#a\?}" "${q#a?}"
