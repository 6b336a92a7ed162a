# empty quoted strings are preserved as arguments
count() { echo $#; }
count '' "" x
count $empty
count "$empty"
count ''""
e=
count $e$e "$e$e"
