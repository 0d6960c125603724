import { bool, strictObject } from './primitives';

/** Jenkins controller and its Kubernetes agents. */
export const ciSchema = strictObject({
  enabled: bool,
});
