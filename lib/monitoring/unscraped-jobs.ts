import { ScrapeJob } from './scrape-jobs';

/**
 * Scrape jobs of SCRAPE_JOBS that no target serves yet, and what is missing. Every other job must
 * be scraped (the monitoring tests check both directions), so a job is never dropped silently.
 */
export const UNSCRAPED_JOBS: Readonly<Partial<Record<ScrapeJob, string>>> = {
  'web-apps': 'needs stub_status in the nginx config and the nginx-prometheus-exporter sidecar in the web pods.',
  'cert-manager': 'cert-manager\'s namespace and pod labels are not in the cluster config yet (cluster.certManager), so no flow can be declared.',
};
