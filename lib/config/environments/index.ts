import { dev } from './dev';
import { prod } from './prod';
import { test } from './test';
import { EnvironmentInput } from '../schema';

/**
 * Every environment `main.ts` renders. The key is the environment's name and its output folder
 * `dist/<key>/`: adding one is a file and a line here.
 */
export const environments: Record<string, EnvironmentInput> = { dev, test, prod };
