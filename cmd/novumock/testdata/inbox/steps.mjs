// What the in-app client scripts share: the fake's URL and secret key from the environment (set
// by the Go test that runs them), named steps whose first failure is reported with its name,
// and the real @novu/node of ../sdk for the backend side of a script.
import { createRequire } from 'node:module';

export const base = process.env.NOVUMOCK_URL;
export const key = process.env.NOVUMOCK_DEV_KEY;
if (!base || !key) throw new Error('NOVUMOCK_URL and NOVUMOCK_DEV_KEY are required');

// WAIT_MS bounds every wait for an event or a callback.
export const WAIT_MS = 10000;

let step = '';

// check runs one named step and logs it as passed.
export async function check(name, fn) {
  step = name;
  await fn();
  console.log(`ok   ${name}`);
}

// failed reports the step that threw and makes the script exit non-zero.
export function failed(err) {
  console.error(`FAIL ${step}: ${err.stack ?? err}`);
  process.exitCode = 1;
}

// nodeBackend is a @novu/node client on the fake (installed in ../sdk by `make sdk-deps`).
export function nodeBackend() {
  const { Novu } = createRequire(new URL('../sdk/package.json', import.meta.url))('@novu/node');
  return new Novu(key, { backendUrl: base });
}
