# declare -x listing and -r listing filtered
export ZZ_TEST_VAR=1
declare -x | grep ZZ_TEST_VAR
declare -r ZZ_RO=2
declare -r | grep ZZ_RO
export -p | grep ZZ_TEST_VAR
