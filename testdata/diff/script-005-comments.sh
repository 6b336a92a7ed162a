# comments in odd places
echo a # trailing comment
# full line comment with 'quotes' and "unbalanced
echo b#not-comment
echo c \# escaped-hash
f() { # comment after brace
  echo d # inside
}
f
