import { SCRAPE_JOBS } from '../../../lib/monitoring/scrape-jobs';
import { AlertCase, sample } from '../alert-case';

const job = SCRAPE_JOBS.fluentd;
const output = { instance: '10.244.1.7:24231', plugin_id: 'out_es', type: 'elasticsearch' };
const labels = { job, ...output };
const metric = (name: string, plugin = output): string => sample(name, job, plugin);

export const FLUENTD_CASES: AlertCase[] = [
  {
    name: 'a buffer 80% full warns',
    alert: 'FluentdBufferNearlyFull',
    series: { [metric('fluentd_output_status_buffer_available_space_ratio')]: '20x20' },
    at: '15m',
    fires: [{ severity: 'warning', labels }],
  },
  {
    name: 'a buffer 95% full is critical',
    alert: 'FluentdBufferNearlyFull',
    series: { [metric('fluentd_output_status_buffer_available_space_ratio')]: '5x20' },
    at: '15m',
    fires: [{ severity: 'warning', labels }, { severity: 'critical', labels }],
  },
  {
    name: 'a buffer 10% full; the null output does not count',
    alert: 'FluentdBufferNearlyFull',
    series: {
      [metric('fluentd_output_status_buffer_available_space_ratio')]: '90x20',
      [metric('fluentd_output_status_buffer_available_space_ratio', { ...output, plugin_id: 'object:3fc', type: 'null' })]: '0x20',
    },
    at: '15m',
    fires: [],
  },
  {
    name: 'errors growing for 20 minutes',
    alert: 'FluentdOutputErrors',
    series: { [metric('fluentd_output_status_num_errors')]: '0+1x30' },
    at: '25m',
    fires: [{ severity: 'warning', labels }],
  },
  {
    name: 'no new errors',
    alert: 'FluentdOutputErrors',
    series: { [metric('fluentd_output_status_num_errors')]: '5x30' },
    at: '25m',
    fires: [],
  },
  {
    name: 'every write rolled back while retries grow',
    alert: 'FluentdRetriesGrowing',
    series: {
      [metric('fluentd_output_status_retry_count')]: '0+1x40',
      [metric('fluentd_output_status_write_count')]: '0+1x40',
      [metric('fluentd_output_status_rollback_count')]: '0+1x40',
    },
    at: '30m',
    fires: [{ severity: 'critical', labels }],
  },
  {
    name: 'some retries but most writes succeed',
    alert: 'FluentdRetriesGrowing',
    series: {
      [metric('fluentd_output_status_retry_count')]: '0+1x40',
      [metric('fluentd_output_status_write_count')]: '0+3x40',
      [metric('fluentd_output_status_rollback_count')]: '0+1x40',
    },
    at: '30m',
    fires: [],
  },
  {
    name: 'no records for 40 minutes',
    alert: 'FluentdNoRecords',
    series: { [metric('fluentd_output_status_emit_records')]: '100x60' },
    at: '40m',
    fires: [{ severity: 'warning', labels }],
  },
  {
    name: 'records flowing',
    alert: 'FluentdNoRecords',
    series: { [metric('fluentd_output_status_emit_records')]: '0+10x60' },
    at: '40m',
    fires: [],
  },
];
