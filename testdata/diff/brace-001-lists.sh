# brace expansion lists
echo a{b,c,d}e
echo {x,y}{1,2}
echo {a,b}{,}
echo pre{,fix}
echo {one,two,three}
echo x{a,{b,c}}y
