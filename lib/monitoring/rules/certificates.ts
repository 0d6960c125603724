import { EXPORTER_METRICS, series } from '../exporter-metrics';
import { alertRuleGroup } from './alert-rule';

const certManager = EXPORTER_METRICS.certManager;
const remaining = `${series(certManager, 'certmanager_certificate_expiration_timestamp_seconds')} - time()`;
const day = 24 * 3600;

const expiryDescription = 'cert-manager renews certificates well before expiry (by default at two thirds of their lifetime), so this one '
  + 'failed to renew. `kubectl -n {{ $labels.namespace }} describe certificate {{ $labels.name }}` and its CertificateRequest/Order: '
  + 'issuer {{ $labels.issuer_name }} not ready, ACME challenge not reachable, or rate limits.';

/** TLS certificates managed by cert-manager, from its controller metrics. */
export const CERTIFICATE_RULES = alertRuleGroup('certificates', [
  {
    alert: 'CertificateExpiringSoon',
    // A certificate not issued yet reports 0: not "expiring".
    expr: `(${remaining} < ${21 * day}) and (${series(certManager, 'certmanager_certificate_expiration_timestamp_seconds')} > 0)`,
    for: '1h',
    severity: 'warning',
    summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than 21 days',
    description: expiryDescription,
  },
  {
    alert: 'CertificateExpiringSoon',
    expr: `(${remaining} < ${7 * day}) and (${series(certManager, 'certmanager_certificate_expiration_timestamp_seconds')} > 0)`,
    for: '10m',
    severity: 'critical',
    summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than 7 days',
    description: expiryDescription,
  },
  {
    alert: 'CertificateNotReady',
    expr: `${series(certManager, 'certmanager_certificate_ready_status', 'condition="True"')} == 0`,
    for: '30m',
    severity: 'warning',
    summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} has not been ready for 30 minutes',
    description: 'The Secret holds no valid certificate for the Certificate\'s current spec, so TLS for its hosts may fail. '
      + '`kubectl -n {{ $labels.namespace }} describe certificate {{ $labels.name }}` and the events of its CertificateRequest.',
  },
]);
