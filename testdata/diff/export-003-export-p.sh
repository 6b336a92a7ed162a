# export -p format
export E1=simple
export E2='with "quotes"'
export E3
export -p | grep -E 'E[123]'
