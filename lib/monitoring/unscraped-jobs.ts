import { ScrapeJob } from './scrape-jobs';

/**
 * Scrape jobs of SCRAPE_JOBS that no target serves yet, and what is missing. Every other job must
 * be scraped (the monitoring tests check both directions), so a job is never dropped silently.
 */
export const UNSCRAPED_JOBS: Readonly<Partial<Record<ScrapeJob, string>>> = {
  'elasticsearch': 'Elasticsearch has no Prometheus endpoint: needs the elasticsearch-exporter sidecar and its least-privilege ES user from the setup Job.',
  'jenkins': 'needs the Jenkins prometheus plugin pinned with the other plugins, and a flow to the controller\'s /prometheus.',
};

/** Jobs scraped only where their component runs, and where that is (the tests check both sides per environment). */
export const CONDITIONAL_JOBS: Readonly<Partial<Record<ScrapeJob, string>>> = {
  'fluentd': 'where the logging stack runs (logging.enabled).',
  'web-apps': 'where an app runs the nginx-static preset, which then gets the exporter sidecar.',
  'cert-manager': 'where cert-manager issues certificates (ingress.tls or logging.elasticsearch.tls mode certManager); its controller is found through cluster.certManager.',
};
