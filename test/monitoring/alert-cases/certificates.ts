import { SCRAPE_JOBS } from '../../../lib/monitoring/scrape-jobs';
import { AlertCase, sample } from '../alert-case';

const job = SCRAPE_JOBS.certManager;
const cert = { name: 'web-server-tls', namespace: 'apps', issuer_name: 'letsencrypt', issuer_kind: 'ClusterIssuer', issuer_group: 'cert-manager.io' };
const labels = { job, ...cert };
const day = 24 * 3600;
/** Expiry `days` after the first sample (promtool's clock starts at 0). */
const expiry = (days: number, certificate = cert): Record<string, string> => ({
  [sample('certmanager_certificate_expiration_timestamp_seconds', job, certificate)]: `${days * day}x180`,
});

export const CERTIFICATE_CASES: AlertCase[] = [
  {
    name: 'a certificate expiring in 10 days',
    alert: 'CertificateExpiringSoon',
    series: expiry(10),
    at: '2h',
    fires: [{ severity: 'warning', labels }],
  },
  {
    name: 'a certificate expiring in 3 days',
    alert: 'CertificateExpiringSoon',
    series: expiry(3),
    at: '2h',
    fires: [{ severity: 'warning', labels }, { severity: 'critical', labels }],
  },
  {
    name: 'a certificate valid for 60 days, and one not issued yet',
    alert: 'CertificateExpiringSoon',
    series: { ...expiry(60), ...expiry(0, { ...cert, name: 'new-tls' }) },
    at: '2h',
    fires: [],
  },
  {
    name: 'a certificate not ready for 35 minutes',
    alert: 'CertificateNotReady',
    series: {
      [sample('certmanager_certificate_ready_status', job, { ...cert, condition: 'True' })]: '0x40',
      [sample('certmanager_certificate_ready_status', job, { ...cert, condition: 'False' })]: '1x40',
    },
    at: '35m',
    fires: [{ severity: 'warning', labels: { ...labels, condition: 'True' } }],
  },
  {
    name: 'a ready certificate',
    alert: 'CertificateNotReady',
    series: {
      [sample('certmanager_certificate_ready_status', job, { ...cert, condition: 'True' })]: '1x40',
      [sample('certmanager_certificate_ready_status', job, { ...cert, condition: 'False' })]: '0x40',
    },
    at: '35m',
    fires: [],
  },
];
