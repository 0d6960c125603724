#!/bin/sh
set -eu

# Prints "secret/<name>" when the Secret exists, nothing when it does not; fails on any other error.
lookup() { kubectl get secret "$1" -n "$2" --ignore-not-found -o name; }

# Whether the Secret exists. Any other answer (API unreachable, forbidden) ends the script: `set -e` does not
# apply inside a test or an `if`, and taking the failure for "absent" would create a second, different value.
exists() { # name namespace
  found=$(lookup "$1" "$2") || exit 1
  [ -n "$found" ]
}

random_base64() { # length alphabet
  LC_ALL=C tr -dc "$2" </dev/urandom | head -c "$1" | base64 | tr -d '\n'
}

# The data map of an existing Secret, as JSON.
data_of() { kubectl get secret "$1" -n "$2" -o jsonpath='{.data}'; }

create() { # name namespace data-json
  manifest="{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"type\":\"Opaque\",\"metadata\":{\"name\":\"$1\",\"namespace\":\"$2\",\"labels\":{\"app.kubernetes.io/managed-by\":\"secret-bootstrap\"}},\"data\":$3}"
  printf '%s' "$manifest" | kubectl create -f - >/dev/null || return 1
  echo "created secret $2/$1"
}

ensure() { # name "namespaces" "key:length:alphabet ..."
  data=""
  for ns in $2; do
    if exists "$1" "$ns"; then
      data=$(data_of "$1" "$ns")
      echo "secret $ns/$1 exists; kept and used as the source"
      break
    fi
  done
  if [ -z "$data" ]; then
    data="{"; sep=""
    for spec in $3; do
      key=${spec%%:*}; rest=${spec#*:}
      data="$data$sep\"$key\":\"$(random_base64 "${rest%%:*}" "${rest#*:}")\""; sep=","
    done
    data="$data}"
  fi
  # Another run (the install Job next to a scheduled one) may create the same Secret meanwhile. Both
  # go through the namespaces in the same order and the first to create one wins: the other adopts
  # its values, whether it finds them before creating or loses the create, so every namespace ends
  # up holding one value.
  for ns in $2; do
    if exists "$1" "$ns"; then
      data=$(data_of "$1" "$ns")
      continue
    fi
    create "$1" "$ns" "$data" && continue
    exists "$1" "$ns" || exit 1
    data=$(data_of "$1" "$ns")
    echo "secret $ns/$1 was created concurrently; kept and used as the source"
  done
}

check_external() { # name "namespaces"
  for ns in $2; do
    exists "$1" "$ns" || echo "WARNING: secret $ns/$1 is supplied by an operator and does not exist yet (see README, 'Secrets')"
  done
}
