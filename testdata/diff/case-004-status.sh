# case exit status
case x in y) echo no;; esac; echo "nomatch: $?"
false
case x in x) ;; esac; echo "empty body: $?"
case x in x) false;; esac; echo "body status: $?"
case x in x) (exit 3);; esac; echo "subshell body: $?"
