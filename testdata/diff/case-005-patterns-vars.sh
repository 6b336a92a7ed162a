# case patterns from variables, quoted vs unquoted
pat='a*'
case abc in $pat) echo unquoted-var-glob;; esac
case abc in "$pat") echo wrong;; *) echo quoted-var-literal;; esac
case 'a*' in "$pat") echo literal-match;; esac
word='x y'
case $word in 'x y') echo no-split;; esac
