import { ScrapeJob } from './scrape-jobs';

/**
 * Jobs of SCRAPE_JOBS scraped only where their component runs, and where that is. Every other job
 * is scraped in every environment with monitoring (the tests check both sides per environment), so a
 * job is never dropped silently.
 */
export const CONDITIONAL_JOBS: Readonly<Partial<Record<ScrapeJob, string>>> = {
  'fluentd': 'where the logging stack runs (logging.enabled).',
  'web-apps': 'where an app runs the nginx-static preset, which then gets the exporter sidecar.',
  'cert-manager': 'where cert-manager issues certificates (ingress.tls or logging.elasticsearch.tls mode certManager); its controller is found through cluster.certManager.',
};
