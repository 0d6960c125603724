import { AlertCase } from '../alert-case';
import { CERTIFICATE_CASES } from './certificates';
import { CLUSTER_CASES } from './cluster';
import { ELASTICSEARCH_CASES } from './elasticsearch';
import { FLUENTD_CASES } from './fluentd';
import { JENKINS_CASES } from './jenkins';
import { MONITORING_CASES } from './monitoring';
import { WEB_APP_CASES } from './web-apps';

/** promtool unit-test cases by rule group name. */
export const ALERT_CASES: Readonly<Record<string, readonly AlertCase[]>> = {
  'cluster': CLUSTER_CASES,
  'elasticsearch': ELASTICSEARCH_CASES,
  'fluentd': FLUENTD_CASES,
  'jenkins': JENKINS_CASES,
  'web-apps': WEB_APP_CASES,
  'certificates': CERTIFICATE_CASES,
  'monitoring': MONITORING_CASES,
};
