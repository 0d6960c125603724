#!/usr/bin/env bash
# Init container of the Jenkins controller: `install-plugins.sh <reference plugin dir> <jenkins-plugin-cli args...>`.
# Downloads the pinned plugins, then makes every one authoritative. jenkins.sh copies a reference `<name>.jpi`
# into JENKINS_HOME only when it is newer than the installed one, but always copies a `<name>.jpi.override`
# (minus the suffix): jenkins-support, copy_reference_file, at jenkinsci/docker 2.555.3. So a lowered pin, or a
# plugin upgraded by hand in the UI, is set back to the pinned version on the next start.
set -euo pipefail
plugin_dir=$1
shift
jenkins-plugin-cli "$@"
shopt -s nullglob
for plugin in "$plugin_dir"/*.jpi; do
  mv -f "$plugin" "$plugin.override"
done
