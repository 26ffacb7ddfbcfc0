#!/usr/bin/env bash
# Writes the organization input of `assumable access` (and of the page's
# "Who can assume what") to standard output, from `aws organizations`
# outputs: which SCPs and RCPs apply to each account, level by level, and
# the organization's id. Run it with the credentials of the management
# account or of a delegated administrator for Organizations; it only reads.
#
#   scripts/organization-input.sh > organization.json
#   assumable access organization.json dump-*.json
#
# The format: crates/assumable-core/src/access/organization.rs. Needs the
# aws CLI and jq. A policy type the organization has not enabled is skipped.
set -euo pipefail

command -v aws >/dev/null || { echo "organization-input: the aws CLI is needed" >&2; exit 1; }
command -v jq >/dev/null || { echo "organization-input: jq is needed" >&2; exit 1; }

organizations() { aws organizations "$@" --output json; }

organization=$(organizations describe-organization | jq '.Organization')
accounts=$(organizations list-accounts | jq -r '.Accounts[].Id')

policies='[]'
types=()
for type in SERVICE_CONTROL_POLICY RESOURCE_CONTROL_POLICY; do
  # A type the organization has not enabled answers with an error: skipped.
  if ! ids=$(organizations list-policies --filter "$type" 2>/dev/null | jq -r '.Policies[].Id'); then
    continue
  fi
  types+=("$type")
  for id in $ids; do
    policy=$(organizations describe-policy --policy-id "$id" | jq '.Policy')
    policies=$(jq --argjson policy "$policy" '. + [$policy]' <<<"$policies")
  done
done

declare -A parent_of=()
# The parents of a target, root first, as a JSON list.
parents() {
  local child=$1 path=() parent
  while true; do
    if [ -z "${parent_of[$child]:-}" ]; then
      parent_of[$child]=$(organizations list-parents --child-id "$child" | jq -r '.Parents[0] | "\(.Type) \(.Id)"')
    fi
    parent=${parent_of[$child]}
    path=("${parent#* }" "${path[@]}")
    [ "${parent%% *}" = ROOT ] && break
    child=${parent#* }
  done
  printf '%s\n' "${path[@]}" | jq -R . | jq -s .
}

levels='{}'
targets='{}'
for account in $accounts; do
  path=$(parents "$account")
  levels=$(jq --arg account "$account" --argjson path "$path" '. + {($account): $path}' <<<"$levels")
  for target in $(jq -r '.[]' <<<"$path") "$account"; do
    [ "$(jq --arg target "$target" 'has($target)' <<<"$targets")" = true ] && continue
    attached='[]'
    for type in "${types[@]}"; do
      ids=$(organizations list-policies-for-target --target-id "$target" --filter "$type" | jq '[.Policies[].Id]')
      attached=$(jq --argjson ids "$ids" '. + $ids' <<<"$attached")
    done
    targets=$(jq --arg target "$target" --argjson ids "$attached" '. + {($target): $ids}' <<<"$targets")
  done
done

jq -n --argjson organization "$organization" --argjson policies "$policies" \
  --argjson targets "$targets" --argjson accounts "$levels" \
  '{Organization: $organization, Policies: $policies, Targets: $targets, Accounts: $accounts}'
