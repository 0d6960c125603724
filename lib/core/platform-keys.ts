/**
 * The label and annotation keys this platform defines or relies on, in one dependency-free module: the
 * constructs write them and the guardrails and review tools read them, so neither can drift from the other.
 */

/**
 * Label the API server sets on every Namespace to its name (Kubernetes >= 1.21; immutable, so tenants
 * cannot forge it): how a network policy pins a namespace by name.
 */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Prefix of every label and annotation the platform defines itself. */
export const PLATFORM_DOMAIN = 'platform.internal';

/** Pod label that tells a web app's canary from its stable version (part of the selectors in rolling and canary mode). */
export const TRACK_LABEL = `${PLATFORM_DOMAIN}/track`;

/** Pod label that tells a web app's blue from its green Deployment (part of the selectors in blue-green mode). */
export const COLOUR_LABEL = `${PLATFORM_DOMAIN}/colour`;

/** Pod-template annotation holding a hash of mounted configuration, so a config change rolls the pods. */
export const CONFIG_HASH_ANNOTATION = `${PLATFORM_DOMAIN}/config-hash`;

/** Namespace annotation recording why the namespace runs below `restricted`. */
export const POD_SECURITY_REASON_ANNOTATION = `${PLATFORM_DOMAIN}/pod-security-reason`;

/** Label of the ConfigMap that lists the Secrets a component declares (bootstrap-created or external). */
export const DECLARED_SECRETS_LABEL = `${PLATFORM_DOMAIN}/declared-secrets`;

/** Data key of that ConfigMap holding the JSON list. */
export const DECLARED_SECRETS_KEY = 'secrets.json';

/**
 * NetworkPolicy annotation naming the controller that creates, at run time, the pods its selector
 * targets (e.g. cert-manager's ACME solver): no template in the output carries their labels, and the
 * guardrails accept the selector because it says who does.
 */
export const RUNTIME_PODS_ANNOTATION = `${PLATFORM_DOMAIN}/selects-pods-created-by`;

/**
 * NetworkPolicy annotation listing (comma-separated) the namespaces its peers select that exist outside the output
 * (a cluster prerequisite such as the ingress controller's): the guardrails accept a namespaceSelector matching
 * them, and still report one that matches neither them nor a Namespace of the output (a misspelt name).
 */
export const EXTERNAL_NAMESPACES_ANNOTATION = `${PLATFORM_DOMAIN}/external-namespaces`;

/** Pod-template annotation prefix exempting one container from the probe rules: `<prefix><container>: <reason>`. */
export const PROBE_EXEMPTION_PREFIX = `${PLATFORM_DOMAIN}/probe-exemption.`;
