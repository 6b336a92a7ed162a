# pattern replacement with globs, quoting and & (bash 5.2 patsub_replacement)
s='a.b.c'
echo "${s//./-}"
echo "${s//?/x}"
echo "${s/*./}"
r='&'
echo "${s//b/[&]}"
echo "${s//b/"$r"}"
echo "${s//b/\&}"
p='.'
echo "${s//"$p"/+}"
