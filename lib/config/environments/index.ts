import { dev } from './dev';
import { prod } from './prod';
import { EnvironmentInput } from '../schema';

/** Every environment `main.ts` renders, keyed by the name of its output folder. */
export const environments: Record<string, EnvironmentInput> = { dev, prod };
