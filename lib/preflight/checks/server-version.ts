import { Check, Finding, unknownFinding } from '../finding';

/**
 * The oldest minor the render works on: pod templates use `topologySpreadConstraints[].matchLabelKeys`,
 * beta and on by default since 1.27 (an older API server drops the field silently), and the render is
 * validated against the 1.27 schemas (cdk8s-plus-27).
 */
export const MIN_MINOR = 27;
/** The newest minor the render was validated against: newer servers are reported unverified, not failed. */
export const MAX_VERIFIED_MINOR = 27;

/** The server is Kubernetes 1.27 (older is missing; newer is unverified). */
export const serverVersionCheck: Check = ({ kube }) => {
  const base = { check: 'server-version', subject: `Kubernetes 1.${MIN_MINOR}`, fields: [] };
  const read = kube.version();
  if (read.kind !== 'found' || !read.value.serverVersion) {
    return [unknownFinding(base, read.kind === 'unknown' ? read : { kind: 'unknown', reason: 'kubectl version printed no serverVersion', forbidden: false })];
  }
  const { major, minor, gitVersion } = read.value.serverVersion;
  // Managed clusters report minors such as "27+".
  const [majorNumber, minorNumber] = [parseInt(major, 10), parseInt(minor, 10)];
  const finding: Finding = majorNumber !== 1 || minorNumber < MIN_MINOR
    ? { ...base, status: 'missing', detail: `server is ${gitVersion}`, fix: `upgrade the cluster to 1.${MIN_MINOR}` }
    : minorNumber > MAX_VERIFIED_MINOR
      ? { ...base, status: 'unverified', detail: `server is ${gitVersion}; the render is validated against 1.${MAX_VERIFIED_MINOR} only`, fix: `read the API changes of 1.${MAX_VERIFIED_MINOR + 1}..1.${minorNumber} (the render uses stable v1/v2 APIs only)` }
      : { ...base, status: 'ok', detail: `server is ${gitVersion}` };
  return [finding];
};
