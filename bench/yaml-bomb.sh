#!/bin/sh
# Times `runbook build` on three ~400-byte "billion laughs" YAML bombs (front matter, rule file,
# config.yaml) and prints wall time and peak memory. Usage: bench/yaml-bomb.sh [path/to/runbook]
set -eu
runbook=${1:-.build/release/runbook}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bomb='a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]'
for where in front-matter rule-file config; do
    site="$work/$where"
    mkdir -p "$site/content" "$site/rules"
    printf -- '---\ntitle: Home\n---\nHome\n' > "$site/content/_index.md"
    case $where in
        front-matter) printf -- '---\ntitle: Bomb\n%s\n---\nbody\n' "$bomb" > "$site/content/bomb.md" ;;
        rule-file) printf '%s\n' "$bomb" > "$site/rules/bomb.yml" ;;
        config) printf '%s\n' "$bomb" > "$site/config.yaml" ;;
    esac
    /usr/bin/time -f "$where: %e s wall, %M KB peak RSS, exit %x" "$runbook" build --source "$site" 2>&1 \
        | grep -E 'yaml-budget|peak RSS' || true
done
