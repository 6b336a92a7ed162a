# ! inverts pipeline status
! true; echo $?
! false; echo $?
! (exit 5); echo $?
! true | false; echo $?
if ! grep -q zzz <<< abc; then echo "not found"; fi
