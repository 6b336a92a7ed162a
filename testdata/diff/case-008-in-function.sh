# case inside functions with return values
classify() {
  case $1 in
    -h|--help) return 0;;
    -*) return 2;;
    *) return 1;;
  esac
}
for a in -h --help -x file; do classify "$a"; echo "$a $?"; done
