import { readFileSync } from 'fs';
import { join } from 'path';
import { DeclaredSecret, SecretAlphabet } from './declared-secret';

// Kept as a real shell file so it can be read and linted as shell; the calls below are appended per secret.
const FUNCTIONS = readFileSync(join(__dirname, 'bootstrap-functions.sh'), 'utf8');

const ALPHABETS: Record<SecretAlphabet, string> = {
  alphanumeric: 'A-Za-z0-9',
  hex: '0-9a-f',
};

/**
 * The POSIX shell script the bootstrap Job runs. It never updates or deletes a Secret: an
 * existing one is the source of truth and is copied to any declared namespace that lacks it;
 * only a Secret that exists nowhere gets fresh random values. Re-running it changes nothing.
 */
export function bootstrapScript(secrets: readonly DeclaredSecret[]): string {
  const calls = secrets.map(secret => secret.origin === 'external'
    ? `check_external ${secret.name} "${secret.namespaces.join(' ')}"`
    : `ensure ${secret.name} "${secret.namespaces.join(' ')}" "${secret.keys.map(k => `${k.key}:${k.length}:${ALPHABETS[k.alphabet!]}`).join(' ')}"`);
  return `${FUNCTIONS}\n${calls.join('\n')}\n`;
}
