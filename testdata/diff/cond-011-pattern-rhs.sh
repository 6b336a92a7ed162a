# right-hand side patterns: classes, ?, quoted parts
s='file.txt'
[[ $s == *.txt ]] && echo star
[[ $s == file.??? ]] && echo question
[[ $s == [a-f]* ]] && echo bracket
[[ $s == *"."* ]] && echo quoted-part
pat='*.txt'
[[ $s == $pat ]] && echo var-pattern
[[ $s == "$pat" ]] || echo quoted-var-literal
