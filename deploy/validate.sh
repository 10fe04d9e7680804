#!/usr/bin/env bash
# Static checks of the production files under deploy/ (nothing here is started: this machine and CI have no
# container engine and no cluster). Each check runs only when its tool is there, and says so when it skips.
#   deploy/validate.sh      exit 0 when every check that ran passed
set -uo pipefail
cd "$(dirname "$0")"

failed=0
ran=0
skipped=0
pass() { echo "validate: ok    $*"; ran=$((ran + 1)); }
fail() { echo "validate: FAIL  $*"; failed=$((failed + 1)); }
skip() { echo "validate: skip  $*"; skipped=$((skipped + 1)); }

mapfile -t yaml_files < <(find . -path ./target -prune -o -type f \( -name '*.yaml' -o -name '*.yml' \) -print | sort)

# 1. YAML well-formedness of every file (multi-document files included).
if command -v python3 > /dev/null && python3 -c 'import yaml' 2> /dev/null; then
    if out=$(python3 - "${yaml_files[@]}" 2>&1 <<'PY'
import sys, yaml
bad = 0
for name in sys.argv[1:]:
    try:
        with open(name, encoding="utf-8") as f:
            list(yaml.safe_load_all(f))
    except yaml.YAMLError as e:
        bad += 1
        print(f"{name}: {e}")
sys.exit(1 if bad else 0)
PY
    ); then
        pass "YAML well-formed: ${#yaml_files[@]} files"
    else
        fail "YAML: $out"
    fi
else
    skip "YAML well-formedness: python3 with the yaml module is not installed (Debian: apt-get install python3-yaml)"
fi

# 2. XML well-formedness (the WinSW service description).
if command -v python3 > /dev/null; then
    if out=$(python3 -c 'import sys, xml.etree.ElementTree as ET; [ET.parse(f) for f in sys.argv[1:]]' \
            agent/archive-sync-agent.xml 2>&1); then
        pass "XML well-formed: agent/archive-sync-agent.xml"
    else
        fail "XML: $out"
    fi
else
    skip "XML well-formedness: python3 is not installed"
fi

# 3. Shell syntax of the scripts.
for script in validate.sh compose/kafka-setup.sh; do
    if out=$(bash -n "$script" 2>&1); then pass "shell syntax: $script"; else fail "shell syntax $script: $out"; fi
done

# 4. The compose file, with the example environment. `config` needs no engine; docker's compose plugin first,
#    then Debian's docker-compose.
compose=()
if docker compose version > /dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose > /dev/null && docker-compose version > /dev/null 2>&1; then
    compose=(docker-compose)
fi
if [ ${#compose[@]} -gt 0 ]; then
    # docker-compose 1.x insists that a build context exists; on a clean clone the jars' target/ folders do not yet.
    for context in ../central-hub/target ../site-agent/target; do
        [ -d "$context" ] || mkdir -p "$context"
    done
    if out=$("${compose[@]}" --env-file .env.example -f compose.yaml config -q 2>&1); then
        pass "compose.yaml: ${compose[*]} config -q"
    else
        fail "compose.yaml (${compose[*]} config -q): $out"
    fi
else
    skip "compose.yaml: neither 'docker compose' nor 'docker-compose' is installed (Debian: apt-get install docker-compose)"
fi

# 5. Kubernetes manifests against their schemas. Strimzi's kinds have no built-in schema: they are skipped unless
#    KUBECONFORM_SCHEMA_LOCATION points at a catalogue that has them. kubeconform downloads the built-in schemas.
if command -v kubeconform > /dev/null; then
    args=(-strict -summary -ignore-missing-schemas -schema-location default)
    if [ -n "${KUBECONFORM_SCHEMA_LOCATION:-}" ]; then args+=(-schema-location "$KUBECONFORM_SCHEMA_LOCATION"); fi
    if out=$(kubeconform "${args[@]}" k8s/namespace.yaml k8s/kafka.yaml k8s/topics.yaml k8s/users.yaml \
            k8s/schema-registry.yaml k8s/hub.yaml k8s/hub-ingress.yaml k8s/network-policies.yaml 2>&1); then
        pass "k8s: kubeconform ($out)"
    else
        fail "k8s (kubeconform): $out"
    fi
else
    skip "k8s schemas: kubeconform is not installed"
fi

echo "validate: checks ok=$ran failed=$failed skipped=$skipped"
[ "$failed" -eq 0 ]
