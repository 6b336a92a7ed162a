# nested substitutions with quotes and parens
echo "$(echo "$(echo "a (b) c")")"
echo $(case x in x) echo case-in-subst;; esac)
echo "$(echo ')' ; echo "(")"
echo $( echo 'hash # inside' )
echo `echo "back \`echo inner\`"`
