# [[ ]] numeric comparisons and arithmetic operands
x=10
[[ $x -eq 10 ]] && echo eq
[[ $x -ne 9 ]] && echo ne
[[ $x -lt 11 && $x -le 10 ]] && echo lt-le
[[ $x -gt 9 && $x -ge 10 ]] && echo gt-ge
[[ 2+3 -eq 5 ]] && echo arith-operand
[[ x -eq 10 ]] && echo var-name-operand
[[ 010 -eq 8 ]] && echo octal
[[ 0x10 -eq 16 ]] && echo hex
