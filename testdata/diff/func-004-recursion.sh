# recursive functions
fib() {
  if (( $1 < 2 )); then echo $1; return; fi
  echo $(( $(fib $(( $1 - 1 ))) + $(fib $(( $1 - 2 ))) ))
}
fib 12
hanoi() { (( $1 == 0 )) && return; hanoi $(( $1 - 1 )) $2 $4 $3; echo "$2->$3"; hanoi $(( $1 - 1 )) $4 $3 $2; }
hanoi 3 A C B
