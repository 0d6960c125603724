import { bool, strictObject } from './primitives';

/** The web applications in the `apps` namespace. */
export const appsSchema = strictObject({
  enabled: bool,
});
