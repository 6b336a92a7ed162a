# backtick command substitution escaping rules
echo `echo \$HOME | sed 's/.*/dollar-kept/'`
echo `echo a\\\\b`
x=`echo "q"`
echo $x
echo `echo \`echo nested\``
