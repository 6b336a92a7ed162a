# nested and combined brace expansions
echo {a,b{1..3},c}
echo {1..3}{a,b}
echo file{1..3}.{txt,md}
echo {{1..2},{x,y}}
