// Drives every public method of the real @novu/node SDK against a running novumock and checks
// the state the fake keeps. Run by cmd/novumock/sdk_test.go; by hand:
//
//   NOVUMOCK_URL=http://127.0.0.1:4010 node sdk-e2e.mjs
//
// Environment: NOVUMOCK_URL (base URL, no /v1), NOVUMOCK_DEV_KEY, NOVUMOCK_PROD_KEY.
// Scenarios run in order against one server (reset first). A failing step stops its scenario and
// the run goes on with the next; the exit code is 1 when any step failed or any public SDK method
// was never called. Plain Node 20, no dependencies besides the SDK.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Novu } from '@novu/node';

const require = createRequire(import.meta.url);
const sdkVersion = require('@novu/node/package.json').version;

const BASE = (process.env.NOVUMOCK_URL || 'http://127.0.0.1:4010').replace(/\/+$/, '');
const DEV_KEY = process.env.NOVUMOCK_DEV_KEY || 'nvmk_dev_00000000000000000000000000000000';
const PROD_KEY = process.env.NOVUMOCK_PROD_KEY || 'nvmk_prod_0000000000000000000000000000000';

// ---------------------------------------------------------------- call tracking

const called = new Set();

// track wraps every method of every resource object (and the top-level trigger aliases) so that
// each call is recorded under "<resource>.<method>", whatever its outcome.
function track(novu) {
  for (const [name, value] of Object.entries(novu)) {
    if (isResource(value)) {
      novu[name] = new Proxy(value, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver);
          if (typeof v !== 'function' || typeof prop !== 'string' || prop === 'constructor') return v;
          return (...args) => {
            called.add(`${name}.${prop}`);
            return v.apply(target, args);
          };
        },
      });
    } else if (isAlias(novu, name, value)) {
      const fn = value;
      novu[name] = function (...args) {
        called.add(name);
        return fn.apply(this, args);
      };
    }
  }
  return novu;
}

// isAlias tells the top-level shortcuts (novu.trigger = events.trigger, ...) from other own
// properties such as the axios instance.
function isAlias(novu, name, value) {
  return typeof value === 'function' && name !== 'http' &&
    Object.values(novu).some((r) => isResource(r) && Object.getPrototypeOf(r)[name] === value);
}

function isResource(v) {
  return v !== null && typeof v === 'object' && 'http' in v && Object.getPrototypeOf(v) !== Object.prototype;
}

// publicMethods walks a fresh, untouched Novu instance: every method on the prototype chain of
// each resource object (below the shared WithHttp base), plus the instance's own function
// properties (the trigger, bulkTrigger and broadcast aliases).
function publicMethods() {
  const novu = new Novu('enumeration-only', { backendUrl: 'http://127.0.0.1:9' });
  const out = [];
  for (const [name, value] of Object.entries(novu)) {
    if (isResource(value)) {
      for (let p = Object.getPrototypeOf(value); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
        for (const m of Object.getOwnPropertyNames(p)) {
          if (m === 'constructor' || m.startsWith('_')) continue;
          if (typeof Object.getOwnPropertyDescriptor(p, m).value !== 'function') continue;
          out.push(`${name}.${m}`);
        }
      }
    } else if (isAlias(novu, name, value)) {
      out.push(name);
    }
  }
  return [...new Set(out)].sort();
}

// ---------------------------------------------------------------- HTTP helpers

// call turns an SDK promise into its axios response, error statuses included.
async function call(promise) {
  try {
    return await promise;
  } catch (err) {
    if (err && err.response) return err.response;
    throw err;
  }
}

function describe(res) {
  const c = res.config || {};
  let url = c.url || '';
  if (c.params && Object.keys(c.params).length) url += ' params=' + JSON.stringify(c.params);
  const body = c.data === undefined ? '' : ` body=${typeof c.data === 'string' ? c.data : JSON.stringify(c.data)}`;
  return `${String(c.method).toUpperCase()} ${url}${body} -> ${res.status} ${JSON.stringify(res.data)}`;
}

// ok asserts the status and returns the body.
async function ok(promise, status) {
  const res = await call(promise);
  if (res.status !== status) {
    throw new assert.AssertionError({ message: `expected HTTP ${status}: ${describe(res)}` });
  }
  return res.data;
}

// fails asserts an error status and that the message (string or array) contains want.
async function fails(promise, status, want) {
  const res = await call(promise);
  if (res.status !== status) {
    throw new assert.AssertionError({ message: `expected HTTP ${status}: ${describe(res)}` });
  }
  if (want !== undefined) {
    const msg = res.data && res.data.message;
    const text = Array.isArray(msg) ? msg.join(' | ') : typeof msg === 'string' ? msg : JSON.stringify(msg);
    const good = want instanceof RegExp ? want.test(text) : text.includes(want);
    assert.ok(good, `expected message ${want} in: ${describe(res)}`);
  }
  return res.data;
}

async function control(method, path, body) {
  const res = await fetch(`${BASE}/_novumock${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `control API ${method} ${path} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function outbox(query = '') {
  const j = await control('GET', `/outbox${query}`);
  const list = Array.isArray(j) ? j : j && (j.data || j.entries || j.outbox || j.messages);
  assert.ok(Array.isArray(list), `outbox answer has no list: ${JSON.stringify(j)}`);
  return list;
}

// raw calls the API without the SDK (only to check a 404 the SDK has no method for).
async function raw(method, path) {
  const res = await fetch(`${BASE}/v1${path}`, { method, headers: { Authorization: `ApiKey ${DEV_KEY}` } });
  const text = await res.text();
  return { status: res.status, data: text ? JSON.parse(text) : undefined };
}

const ids = (list, key = '_id') => list.map((x) => x[key]);
const find = (list, pred, what) => {
  const x = list.find(pred);
  assert.ok(x, `${what} not found in ${JSON.stringify(list).slice(0, 2000)}`);
  return x;
};
// need names the earlier scenario a later one depends on, instead of a bare TypeError.
const need = (value, what) => {
  assert.ok(value, `needs ${what}, which an earlier scenario failed to create`);
  return value;
};
const contentOf = (m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content));

// ---------------------------------------------------------------- runner

const results = [];
let current = null;

// scenario runs steps in order. A failing step() ends the scenario (later steps need its state);
// a failing check() is recorded and the scenario goes on.
async function scenario(name, fn) {
  current = { name, steps: 0, errors: [] };
  const t0 = Date.now();
  try {
    await fn();
  } catch (err) {
    current.errors.push({ step: current.stepName, err, fatal: true });
  }
  const ms = Date.now() - t0;
  results.push(current);
  if (current.errors.length === 0) {
    console.log(`ok   ${name} (${current.steps} steps, ${ms} ms)`);
    return;
  }
  console.log(`FAIL ${name} (${ms} ms)`);
  for (const { step, err, fatal } of current.errors) {
    console.log(`     ${fatal ? 'stopped at' : 'failed'} step "${step}":`);
    const text = String(err && err.stack ? err.stack : err).split('\n').filter((l) => !/^\s+at /.test(l));
    console.log('       ' + text.slice(0, 12).join('\n       '));
  }
}

async function step(name, fn) {
  current.stepName = name;
  const v = await fn();
  current.steps++;
  return v;
}

async function check(name, fn) {
  current.stepName = name;
  try {
    await fn();
    current.steps++;
  } catch (err) {
    current.errors.push({ step: name, err, fatal: false });
  }
}

// ---------------------------------------------------------------- the run

const novu = track(new Novu(DEV_KEY, { backendUrl: BASE }));
const prod = new Novu(PROD_KEY, { backendUrl: BASE }); // untracked: only reads Production
const S = {}; // state shared between scenarios

console.log(`@novu/node ${sdkVersion} against ${BASE}`);
await control('POST', '/reset');

await scenario('integrations', async () => {
  const before = await step('getAll', async () => (await ok(novu.integrations.getAll(), 200)).data);
  assert.ok(Array.isArray(before));
  await step('getActive', async () => assert.ok(Array.isArray((await ok(novu.integrations.getActive(), 200)).data)));
  S.novuEmail = await step('a new organization starts with Novu Email (primary), Novu SMS and in-app', async () => {
    const env = (await ok(novu.environments.getCurrent(), 200)).data;
    const mine = before.filter((i) => i._environmentId === env._id);
    assert.deepEqual(mine.map((i) => `${i.providerId}/${i.channel}/${i.primary}`).sort(),
      ['novu-email/email/true', 'novu-sms/sms/true', 'novu/in_app/false']);
    return find(mine, (i) => i.providerId === 'novu-email', 'novu-email');
  });

  S.sendgrid = await step('create an active email integration → below the primary Novu Email', async () => {
    const d = (await ok(novu.integrations.create('sendgrid', {
      channel: 'email', name: 'SendGrid', identifier: 'sdk-sendgrid', active: true, check: false,
      credentials: { apiKey: 'SG.sdk-test', from: 'noreply@example.com', senderName: 'Acme' },
    }), 201)).data;
    assert.equal(d.providerId, 'sendgrid');
    assert.equal(d.identifier, 'sdk-sendgrid');
    assert.equal(d.active, true);
    assert.equal(d.primary, false, 'Novu Email stays primary');
    assert.equal(d.priority, 1, 'it takes the primary\'s priority, which moves up one');
    return d;
  });
  S.mailgun = await step('create second active email integration → not primary', async () => {
    const d = (await ok(novu.integrations.create('mailgun', {
      channel: 'email', identifier: 'sdk-mailgun', active: true, check: false,
      credentials: { apiKey: 'key-sdk', domain: 'mg.example.com', from: 'noreply@example.com' },
    }), 201)).data;
    assert.equal(d.primary, false, 'a second active integration does not steal primary');
    return d;
  });
  await step('getAll/getActive list both', async () => {
    const all = (await ok(novu.integrations.getAll(), 200)).data;
    assert.deepEqual([S.sendgrid._id, S.mailgun._id].filter((id) => ids(all).includes(id)).length, 2);
    const active = (await ok(novu.integrations.getActive(), 200)).data;
    assert.ok(ids(active).includes(S.sendgrid._id) && ids(active).includes(S.mailgun._id));
  });
  await step('update renames', async () => {
    const d = (await ok(novu.integrations.update(S.mailgun._id, { name: 'Mailgun EU' }), 200)).data;
    assert.equal(d.name, 'Mailgun EU');
    const all = (await ok(novu.integrations.getAll(), 200)).data;
    assert.equal(find(all, (i) => i._id === S.mailgun._id, 'mailgun').name, 'Mailgun EU');
  });
  await step('setIntegrationAsPrimary promotes the target and demotes the old primary', async () => {
    const d = (await ok(novu.integrations.setIntegrationAsPrimary(S.mailgun._id), 201)).data;
    assert.equal(d._id, S.mailgun._id);
    assert.equal(d.primary, true);
    assert.equal(d.active, true);
    const all = (await ok(novu.integrations.getAll(), 200)).data;
    assert.equal(find(all, (i) => i._id === S.mailgun._id, 'mailgun').primary, true);
    const old = find(all, (i) => i._id === S.novuEmail._id, 'novu-email');
    assert.equal(old.primary, false, 'the old primary is demoted');
    assert.equal(old.active, true, 'the old primary stays active');
    assert.ok(d.priority > old.priority, `new primary has the highest priority (${d.priority} > ${old.priority})`);
  });
  await step('setIntegrationAsPrimary on a chat integration → 400', async () => {
    S.slack = (await ok(novu.integrations.create('slack', {
      channel: 'chat', identifier: 'sdk-slack', active: true, check: false, credentials: {},
    }), 201)).data;
    await fails(novu.integrations.setIntegrationAsPrimary(S.slack._id), 400, 'Channel chat does not support primary');
  });
  await step('create active push integration (for subscriber credentials)', async () => {
    S.fcm = (await ok(novu.integrations.create('fcm', {
      channel: 'push', identifier: 'sdk-fcm', active: true, check: false, credentials: { serviceAccount: '{}' },
    }), 201)).data;
  });
  await step('getWebhookProviderStatus', async () => {
    // SendGrid's provider parses delivery webhooks, so Novu answers true for it.
    assert.equal((await ok(novu.integrations.getWebhookProviderStatus('sendgrid'), 200)).data, true);
    assert.equal((await ok(novu.integrations.getWebhookProviderStatus(S.sendgrid._id), 200)).data, true, 'by integration _id');
  });
  await step('create → delete → gone (404 on update)', async () => {
    const tmp = (await ok(novu.integrations.create('postmark', {
      channel: 'email', identifier: 'sdk-postmark', active: false, check: false, credentials: { apiKey: 'x' },
    }), 201)).data;
    const remaining = (await ok(novu.integrations.delete(tmp._id), 200)).data;
    assert.ok(!ids(remaining).includes(tmp._id), 'delete answers the remaining integrations');
    assert.ok(ids(remaining).includes(S.mailgun._id));
    assert.ok(!ids((await ok(novu.integrations.getAll(), 200)).data).includes(tmp._id));
    await fails(novu.integrations.update(tmp._id, { name: 'ghost' }), 404, tmp._id);
    await fails(novu.integrations.delete(tmp._id), 404);
  });
  await step('getInAppStatus → 401 API endpoint not available', async () => {
    await fails(novu.integrations.getInAppStatus(), 401, 'API endpoint not available');
  });
});

await scenario('environments', async () => {
  S.env = await step('getCurrent', async () => {
    const d = (await ok(novu.environments.getCurrent(), 200)).data;
    assert.equal(d.name, 'Development');
    assert.ok(!d.apiKeys || d.apiKeys.length === 0, 'getCurrent has no keys');
    return d;
  });
  await step('getAll: Development and Production, only ours with keys', async () => {
    const all = (await ok(novu.environments.getAll(), 200)).data;
    const dev = find(all, (e) => e._id === S.env._id, 'Development');
    const prodEnv = find(all, (e) => e.name === 'Production', 'Production');
    assert.equal(prodEnv._parentId, dev._id);
    assert.equal(dev.apiKeys[0].key, DEV_KEY);
    assert.deepEqual(prodEnv.apiKeys || [], []);
  });
  await step('getApiKeys', async () => {
    const d = (await ok(novu.environments.getApiKeys(), 200)).data;
    assert.equal(d[0].key, DEV_KEY);
  });
  await step('create/updateOne/regenerateApiKeys → 401 API endpoint not available', async () => {
    await fails(novu.environments.create({ name: 'Staging' }), 401, 'API endpoint not available');
    await fails(novu.environments.updateOne(S.env._id, { name: 'Renamed' }), 401, 'API endpoint not available');
    await fails(novu.environments.regenerateApiKeys(), 401, 'API endpoint not available');
    assert.equal((await ok(novu.environments.getApiKeys(), 200)).data[0].key, DEV_KEY, 'key unchanged');
    assert.equal((await ok(novu.environments.getCurrent(), 200)).data.name, 'Development', 'name unchanged');
  });
});

await scenario('subscribers: profile, bulk, credentials, online status', async () => {
  await step('identify creates', async () => {
    const d = (await ok(novu.subscribers.identify('sdk-ada', {
      email: 'ada@example.com', firstName: 'Augusta', lastName: 'Lovelace', phone: '+15555550100', data: { plan: 'pro' },
    }), 201)).data;
    assert.equal(d.subscriberId, 'sdk-ada');
    assert.equal(d.firstName, 'Augusta');
    S.adaId = d._id;
  });
  await step('identify again upserts (same _id, no duplicate)', async () => {
    const d = (await ok(novu.subscribers.identify('sdk-ada', { firstName: 'Ada' }), 201)).data;
    assert.equal(d._id, S.adaId);
    assert.equal(d.firstName, 'Ada');
    assert.equal(d.email, 'ada@example.com', 'upsert keeps fields not sent');
  });
  await step('get', async () => {
    const d = (await ok(novu.subscribers.get('sdk-ada'), 200)).data;
    assert.equal(d.firstName, 'Ada');
    assert.equal(d.lastName, 'Lovelace');
    assert.deepEqual(d.data, { plan: 'pro' });
  });
  await step('update', async () => {
    const d = (await ok(novu.subscribers.update('sdk-ada', { lastName: 'King' }), 200)).data;
    assert.equal(d.lastName, 'King');
    assert.equal((await ok(novu.subscribers.get('sdk-ada'), 200)).data.lastName, 'King');
  });
  await step('bulkCreate creates and updates', async () => {
    const d = (await ok(novu.subscribers.bulkCreate([
      { subscriberId: 'sdk-bob', email: 'bob@example.com', firstName: 'Bob' },
      { subscriberId: 'sdk-cy', firstName: 'Cy' },
      { subscriberId: 'sdk-ada', firstName: 'Ada' },
    ]), 201)).data;
    assert.deepEqual(ids(d.created, 'subscriberId').sort(), ['sdk-bob', 'sdk-cy']);
    assert.deepEqual(ids(d.updated, 'subscriberId'), ['sdk-ada']);
    assert.deepEqual(d.failed, []);
    assert.equal((await ok(novu.subscribers.get('sdk-bob'), 200)).data.email, 'bob@example.com');
  });
  await step('list', async () => {
    const page = await ok(novu.subscribers.list(0, 100), 200);
    assert.equal(page.page, 0);
    const subs = ids(page.data, 'subscriberId');
    for (const s of ['sdk-ada', 'sdk-bob', 'sdk-cy']) assert.equal(subs.filter((x) => x === s).length, 1, s);
  });
  await step('setCredentials needs an active integration of the provider', async () => {
    await fails(novu.subscribers.setCredentials('sdk-ada', 'discord', { webhookUrl: 'https://discord.example/x' }), 400,
      /do not have active discord integration/);
  });
  await step('setCredentials (chat webhook, push tokens)', async () => {
    let d = (await ok(novu.subscribers.setCredentials('sdk-ada', 'slack', {
      webhookUrl: 'https://hooks.slack.com/services/T0/B0/XX',
    }), 200)).data;
    assert.equal(find(d.channels, (c) => c.providerId === 'slack', 'slack channel').credentials.webhookUrl,
      'https://hooks.slack.com/services/T0/B0/XX');
    d = (await ok(novu.subscribers.setCredentials('sdk-ada', 'fcm', { deviceTokens: ['tok-1', 'tok-2'] }), 200)).data;
    assert.deepEqual(find(d.channels, (c) => c.providerId === 'fcm', 'fcm channel').credentials.deviceTokens, ['tok-1', 'tok-2']);
  });
  await step('unsetCredentials empties the device tokens', async () => {
    await ok(novu.subscribers.unsetCredentials('sdk-ada', 'fcm'), 200);
    const d = (await ok(novu.subscribers.get('sdk-ada'), 200)).data;
    assert.deepEqual(find(d.channels, (c) => c.providerId === 'fcm', 'fcm channel').credentials.deviceTokens || [], []);
  });
  await step('deleteCredentials removes the channel', async () => {
    await ok(novu.subscribers.deleteCredentials('sdk-ada', 'slack'), 204);
    const d = (await ok(novu.subscribers.get('sdk-ada'), 200)).data;
    assert.ok(!(d.channels || []).some((c) => c.providerId === 'slack'), 'slack channel gone');
  });
  await step('updateOnlineStatus: the SDK sends {online}, Novu wants {isOnline} → 400', async () => {
    await fails(novu.subscribers.updateOnlineStatus('sdk-ada', true), 400, 'isOnline');
    const d = (await ok(novu.subscribers.get('sdk-ada'), 200)).data;
    assert.notEqual(d.isOnline, true, 'online status unchanged');
  });
  await step('get unknown → 404', async () => {
    await fails(novu.subscribers.get('sdk-nobody'), 404, 'Subscriber not found for id sdk-nobody');
  });
});

await scenario('tenants', async () => {
  S.tenant = await step('create', async () => {
    const d = (await ok(novu.tenants.create('sdk-acme', { name: 'Acme Inc', data: { tier: 'gold' } }), 201)).data;
    assert.equal(d.identifier, 'sdk-acme');
    assert.equal(d.name, 'Acme Inc');
    return d;
  });
  await step('create duplicate → 409', async () => {
    await fails(novu.tenants.create('sdk-acme', { name: 'Again' }), 409, 'already exists');
  });
  await step('get', async () => {
    const d = (await ok(novu.tenants.get('sdk-acme'), 200)).data;
    assert.equal(d._id, S.tenant._id);
    assert.deepEqual(d.data, { tier: 'gold' });
  });
  await step('update', async () => {
    assert.equal((await ok(novu.tenants.update('sdk-acme', { name: 'Acme Corp' }), 200)).data.name, 'Acme Corp');
    assert.equal((await ok(novu.tenants.get('sdk-acme'), 200)).data.name, 'Acme Corp');
  });
  await step('list', async () => {
    const page = await ok(novu.tenants.list({ page: 0, limit: 100 }), 200);
    assert.ok(ids(page.data, 'identifier').includes('sdk-acme'));
  });
  await step('create → delete → 404', async () => {
    await ok(novu.tenants.create('sdk-tmp', { name: 'Temporary' }), 201);
    await ok(novu.tenants.delete('sdk-tmp'), 204);
    await fails(novu.tenants.get('sdk-tmp'), 404, 'sdk-tmp');
    await fails(novu.tenants.delete('sdk-tmp'), 404);
    assert.ok(!ids((await ok(novu.tenants.list({ page: 0, limit: 100 }), 200)).data, 'identifier').includes('sdk-tmp'));
  });
});

await scenario('notificationGroups', async () => {
  S.general = await step('get lists General', async () => {
    const d = (await ok(novu.notificationGroups.get(), 200)).data;
    return find(d, (g) => g.name === 'General', 'group General');
  });
  const g = await step('create', async () => {
    const d = (await ok(novu.notificationGroups.create('SDK Group'), 201)).data;
    assert.equal(d.name, 'SDK Group');
    return d;
  });
  await step('getOne', async () => assert.equal((await ok(novu.notificationGroups.getOne(g._id), 200)).data.name, 'SDK Group'));
  await step('update', async () => {
    assert.equal((await ok(novu.notificationGroups.update(g._id, { name: 'SDK Group 2' }), 200)).data.name, 'SDK Group 2');
    const all = (await ok(novu.notificationGroups.get(), 200)).data;
    assert.equal(find(all, (x) => x._id === g._id, 'group').name, 'SDK Group 2');
  });
  await step('delete → 404', async () => {
    const d = (await ok(novu.notificationGroups.delete(g._id), 200)).data;
    assert.deepEqual(d, { acknowledged: true, status: 'deleted' });
    await fails(novu.notificationGroups.getOne(g._id), 404);
    assert.ok(!ids((await ok(novu.notificationGroups.get(), 200)).data).includes(g._id));
  });
});

await scenario('feeds', async () => {
  const f = await step('create', async () => {
    const d = (await ok(novu.feeds.create('sdk-feed'), 201)).data;
    assert.equal(d.name, 'sdk-feed');
    assert.equal(d.identifier, 'sdk-feed');
    return d;
  });
  await step('create duplicate → 409', async () => fails(novu.feeds.create('sdk-feed'), 409, 'sdk-feed'));
  await step('get', async () => assert.ok(ids((await ok(novu.feeds.get(), 200)).data).includes(f._id)));
  await step('create → delete → gone', async () => {
    const tmp = (await ok(novu.feeds.create('sdk-feed-tmp'), 201)).data;
    const remaining = (await ok(novu.feeds.delete(tmp._id), 200)).data;
    assert.ok(!ids(remaining).includes(tmp._id) && ids(remaining).includes(f._id), 'delete answers the remaining feeds');
    assert.ok(!ids((await ok(novu.feeds.get(), 200)).data).includes(tmp._id));
  });
});

await scenario('layouts', async () => {
  await step('create without {{{body}}} → 400', async () => {
    await fails(novu.layouts.create({ name: 'Bad', identifier: 'sdk-bad', content: '<p>no body</p>' }), 400, '{{{body}}}');
  });
  const a = await step('create', async () => {
    const d = (await ok(novu.layouts.create({
      name: 'SDK Layout', identifier: 'sdk-layout', description: 'first', content: '<main>{{{body}}}</main>',
      variables: [], isDefault: false,
    }), 201)).data;
    assert.match(d._id, /^[0-9a-f]{24}$/);
    return d;
  });
  await step('create duplicate identifier → 409', async () => {
    await fails(novu.layouts.create({ name: 'Dup', identifier: 'sdk-layout', content: '{{{body}}}' }), 409, 'sdk-layout');
  });
  await step('get (SDK quirk: GET /layouts?layoutId= answers the list page)', async () => {
    const page = await ok(novu.layouts.get(a._id), 200);
    assert.ok(Array.isArray(page.data), 'a page, not one layout');
    assert.ok(ids(page.data).includes(a._id));
    const one = await raw('GET', `/layouts/${a._id}`);
    assert.equal(one.status, 200);
    assert.equal(one.data.data.name, 'SDK Layout');
  });
  await step('list', async () => {
    const page = await ok(novu.layouts.list({ page: 0, pageSize: 100, sortBy: 'createdAt', orderBy: -1 }), 200);
    assert.ok(page.totalCount >= 1);
    assert.equal(find(page.data, (l) => l._id === a._id, 'layout').identifier, 'sdk-layout');
  });
  await step('update', async () => {
    const d = (await ok(novu.layouts.update(a._id, { name: 'SDK Layout 2', description: 'changed' }), 200)).data;
    assert.equal(d.name, 'SDK Layout 2');
    assert.equal(d.description, 'changed');
    assert.equal((await raw('GET', `/layouts/${a._id}`)).data.data.name, 'SDK Layout 2');
  });
  const b = await step('setDefault makes it the only default', async () => {
    await ok(novu.layouts.setDefault(a._id), 204);
    const b = (await ok(novu.layouts.create({ name: 'SDK Layout B', identifier: 'sdk-layout-b', content: '<div>{{{body}}}</div>' }), 201)).data;
    await ok(novu.layouts.setDefault(b._id), 204);
    const page = await ok(novu.layouts.list({ page: 0, pageSize: 100 }), 200);
    assert.equal(find(page.data, (l) => l._id === b._id, 'layout b').isDefault, true);
    assert.equal(find(page.data, (l) => l._id === a._id, 'layout a').isDefault, false);
    assert.equal(page.data.filter((l) => l.isDefault).length, 1);
    return b;
  });
  await step('delete the default → 409; delete another → 404 after', async () => {
    await fails(novu.layouts.delete(b._id), 409, 'default layout');
    await ok(novu.layouts.delete(a._id), 204);
    assert.equal((await raw('GET', `/layouts/${a._id}`)).status, 404);
    const page = await ok(novu.layouts.list({ page: 0, pageSize: 100 }), 200);
    assert.ok(!ids(page.data).includes(a._id));
    await fails(novu.layouts.delete(a._id), 404);
  });
});

const inAppStep = (content, extra = {}) => ({
  name: 'In-app', active: true, shouldStopOnFail: false,
  template: {
    type: 'in_app', content,
    cta: { type: 'redirect', data: { url: '/projects/{{project}}' }, action: { buttons: [{ type: 'primary', content: 'Open' }] } },
  },
  ...extra,
});

await scenario('notificationTemplates', async () => {
  need(S.general, 'the General group (notificationGroups)');
  await step('getAll', async () => {
    const page = await ok(novu.notificationTemplates.getAll(0, 10), 200);
    assert.ok(Array.isArray(page.data));
  });
  S.welcome = await step('create (in-app workflow)', async () => {
    const d = (await ok(novu.notificationTemplates.create({
      name: 'SDK Welcome', notificationGroupId: S.general._id, active: true, description: 'first',
      steps: [inAppStep('Hello {{subscriber.firstName}}, {{project}} is ready')],
    }), 201)).data;
    assert.equal(d.name, 'SDK Welcome');
    assert.equal(d.triggers[0].identifier, 'sdk-welcome');
    assert.equal(d.active, true);
    return d;
  });
  await step('getOne by _id and by identifier', async () => {
    assert.equal((await ok(novu.notificationTemplates.getOne(S.welcome._id), 200)).data.name, 'SDK Welcome');
    assert.equal((await ok(novu.notificationTemplates.getOne('sdk-welcome'), 200)).data._id, S.welcome._id);
  });
  await step('update', async () => {
    const d = (await ok(novu.notificationTemplates.update(S.welcome._id, { description: 'updated', tags: ['sdk'] }), 200)).data;
    assert.equal(d.description, 'updated');
    assert.deepEqual(d.tags, ['sdk']);
    assert.equal((await ok(novu.notificationTemplates.getOne(S.welcome._id), 200)).data.description, 'updated');
  });
  await step('updateStatus', async () => {
    assert.equal((await ok(novu.notificationTemplates.updateStatus(S.welcome._id, false), 200)).data.active, false);
    await fails(novu.notificationTemplates.updateStatus(S.welcome._id, false), 400, 'different status');
    assert.equal((await ok(novu.notificationTemplates.getOne(S.welcome._id), 200)).data.active, false);
    assert.equal((await ok(novu.notificationTemplates.updateStatus(S.welcome._id, true), 200)).data.active, true);
  });
  await step('getAll lists it', async () => {
    const page = await ok(novu.notificationTemplates.getAll(0, 100), 200);
    assert.ok(ids(page.data).includes(S.welcome._id));
  });
  await step('create → delete → 404', async () => {
    const tmp = (await ok(novu.notificationTemplates.create({
      name: 'SDK Temp', notificationGroupId: S.general._id, steps: [inAppStep('tmp')],
    }), 201)).data;
    assert.equal((await ok(novu.notificationTemplates.delete(tmp._id), 200)).data, true);
    await fails(novu.notificationTemplates.getOne(tmp._id), 404, tmp._id);
    assert.ok(!ids((await ok(novu.notificationTemplates.getAll(0, 100), 200)).data).includes(tmp._id));
  });
  S.delayed = await step('create workflow with a delay step', async () => {
    const d = (await ok(novu.notificationTemplates.create({
      name: 'SDK Delayed', notificationGroupId: S.general._id, active: true,
      steps: [
        { name: 'Wait', active: true, template: { type: 'delay', content: '' }, metadata: { type: 'regular', amount: 1, unit: 'hours' } },
        inAppStep('Later: {{project}}'),
      ],
    }), 201)).data;
    assert.equal(d.triggers[0].identifier, 'sdk-delayed');
    return d;
  });
  S.email = await step('create e-mail workflow', async () => {
    const d = (await ok(novu.notificationTemplates.create({
      name: 'SDK Email', notificationGroupId: S.general._id, active: true,
      steps: [{ name: 'E-mail', active: true, template: {
        type: 'email', subject: 'Hi {{subscriber.firstName}}', content: '<p>{{project}} shipped</p>', contentType: 'customHtml',
      } }],
    }), 201)).data;
    assert.equal(d.triggers[0].identifier, 'sdk-email');
    return d;
  });
});

await scenario('workflowOverrides', async () => {
  need(S.welcome, 'the SDK Welcome workflow (notificationTemplates)');
  need(S.tenant, 'the sdk-acme tenant (tenants)');
  const o = await step('create', async () => {
    const d = (await ok(novu.workflowOverrides.create({ workflowId: S.welcome._id, tenantId: S.tenant._id, active: true }), 201)).data;
    assert.equal(d._workflowId, S.welcome._id);
    assert.equal(d._tenantId, S.tenant._id);
    return d;
  });
  await step('getOneById', async () => assert.equal((await ok(novu.workflowOverrides.getOneById(o._id), 200)).data._id, o._id));
  await step('list', async () => assert.ok(ids((await ok(novu.workflowOverrides.list(0, 100), 200)).data).includes(o._id)));
  await step('getOneByTenantIdandWorkflowId', async () => {
    assert.equal((await ok(novu.workflowOverrides.getOneByTenantIdandWorkflowId(S.welcome._id, S.tenant._id), 200)).data._id, o._id);
  });
  await step('updateOneById', async () => {
    const d = (await ok(novu.workflowOverrides.updateOneById(o._id, {
      preferenceSettings: { email: true, sms: false, in_app: true, chat: false, push: false },
    }), 200)).data;
    assert.equal(d.preferenceSettings.sms, false);
  });
  await step('updateOneByTenantIdandWorkflowId deactivates → trigger with the tenant is not active', async () => {
    const d = (await ok(novu.workflowOverrides.updateOneByTenantIdandWorkflowId(S.welcome._id, S.tenant._id, { active: false }), 200)).data;
    assert.equal(d.active, false);
    assert.equal((await ok(novu.workflowOverrides.getOneById(o._id), 200)).data.active, false);
    const t = (await ok(novu.events.trigger('sdk-welcome', { to: 'sdk-ada', payload: { project: 'Tenant' }, tenant: 'sdk-acme' }), 201)).data;
    assert.equal(t.status, 'trigger_not_active');
  });
  await step('delete → 404', async () => {
    assert.equal((await ok(novu.workflowOverrides.delete(o._id), 200)).data, true);
    await fails(novu.workflowOverrides.getOneById(o._id), 404);
    await fails(novu.workflowOverrides.getOneByTenantIdandWorkflowId(S.welcome._id, S.tenant._id), 404);
  });
});

await scenario('events, feed and messages', async () => {
  S.txn1 = await step('trigger', async () => {
    const d = (await ok(novu.events.trigger('sdk-welcome', { to: 'sdk-ada', payload: { project: 'Apollo' } }), 201)).data;
    assert.equal(d.acknowledged, true);
    assert.equal(d.status, 'processed');
    assert.ok(d.transactionId);
    return d.transactionId;
  });
  S.m1 = await step('getNotificationsFeed shows the rendered in-app message', async () => {
    const page = await ok(novu.subscribers.getNotificationsFeed('sdk-ada', { page: 0, limit: 10 }), 200);
    assert.equal(page.data.length, 1);
    const m = page.data[0];
    assert.equal(m.channel, 'in_app');
    assert.equal(contentOf(m), 'Hello Ada, Apollo is ready');
    assert.equal(m.transactionId, S.txn1);
    assert.equal(m.seen, false);
    assert.equal(m.read, false);
    assert.equal(m.cta.data.url, '/projects/Apollo');
    return m;
  });
  await step('getNotificationsFeed filters by payload', async () => {
    const hit = await ok(novu.subscribers.getNotificationsFeed('sdk-ada', { payload: { project: 'Apollo' } }), 200);
    assert.equal(hit.data.length, 1);
    const miss = await ok(novu.subscribers.getNotificationsFeed('sdk-ada', { payload: { project: 'Nope' } }), 200);
    assert.equal(miss.data.length, 0);
  });
  await step('getUnseenCount 1', async () => {
    assert.equal((await ok(novu.subscribers.getUnseenCount('sdk-ada', false), 200)).data.count, 1);
  });
  await step('markMessageRead', async () => {
    const d = (await ok(novu.subscribers.markMessageRead('sdk-ada', S.m1._id), 201)).data;
    assert.equal(d[0]._id, S.m1._id);
    assert.equal(d[0].read, true);
    const page = await ok(novu.subscribers.getNotificationsFeed('sdk-ada', { read: true }), 200);
    assert.deepEqual(ids(page.data), [S.m1._id]);
  });
  await check('legacy markAs sets only the flags it is given (read leaves seen)', async () => {
    assert.equal((await ok(novu.subscribers.getUnseenCount('sdk-ada', false), 200)).data.count, 1);
  });
  await step('markMessageSeen → unseen 0', async () => {
    const d = (await ok(novu.subscribers.markMessageSeen('sdk-ada', S.m1._id), 201)).data;
    assert.equal(d[0].seen, true);
    assert.equal((await ok(novu.subscribers.getUnseenCount('sdk-ada', false), 200)).data.count, 0);
    assert.equal((await ok(novu.subscribers.getUnseenCount('sdk-ada', true), 200)).data.count, 1, 'seen=true counts seen ones');
  });
  S.m2 = await step('second trigger (top-level novu.trigger alias) → unseen 1', async () => {
    const d = (await ok(novu.trigger('sdk-welcome', { to: 'sdk-ada', payload: { project: 'Boreas' }, transactionId: 'sdk-txn-2' }), 201)).data;
    assert.equal(d.transactionId, 'sdk-txn-2');
    assert.equal((await ok(novu.subscribers.getUnseenCount('sdk-ada', false), 200)).data.count, 1);
    const page = await ok(novu.subscribers.getNotificationsFeed('sdk-ada', {}), 200);
    return find(page.data, (m) => m.transactionId === 'sdk-txn-2', 'second message');
  });
  await step('markMessageAs {seen, read} → unseen 0; {seen:false} → unseen 1', async () => {
    const d = (await ok(novu.subscribers.markMessageAs('sdk-ada', S.m2._id, { seen: true, read: true }), 201)).data;
    assert.equal(d[0].seen, true);
    assert.equal(d[0].read, true);
    assert.equal((await ok(novu.subscribers.getUnseenCount('sdk-ada', false), 200)).data.count, 0);
    await ok(novu.subscribers.markMessageAs('sdk-ada', S.m2._id, { seen: false }), 201);
    assert.equal((await ok(novu.subscribers.getUnseenCount('sdk-ada', false), 200)).data.count, 1);
  });
  await step('markAllMessagesAs touches only what changes: read → 0 (both read); unread → 2 and seen', async () => {
    assert.equal((await ok(novu.subscribers.markAllMessagesAs('sdk-ada', 'read'), 201)).data, 0);
    assert.equal((await ok(novu.subscribers.getUnseenCount('sdk-ada', false), 200)).data.count, 1, 'm2 stays unseen');
    assert.equal((await ok(novu.subscribers.markAllMessagesAs('sdk-ada', 'unread'), 201)).data, 2);
    assert.equal((await ok(novu.subscribers.getUnseenCount('sdk-ada', false), 200)).data.count, 0, 'unread also marks seen');
    assert.equal((await ok(novu.subscribers.markAllMessagesAs('sdk-ada', 'read'), 201)).data, 2);
    assert.equal((await ok(novu.subscribers.getNotificationsFeed('sdk-ada', { read: true }), 200)).data.length, 2);
  });
  await step('markAllMessagesAs unseen → unseen 2, still read (Novu sets only seen)', async () => {
    await ok(novu.subscribers.markAllMessagesAs('sdk-ada', 'unseen'), 201);
    assert.equal((await ok(novu.subscribers.getUnseenCount('sdk-ada', false), 200)).data.count, 2);
    assert.equal((await ok(novu.subscribers.getNotificationsFeed('sdk-ada', { read: true }), 200)).data.length, 2);
    await ok(novu.subscribers.markAllMessagesAs('sdk-ada', 'seen'), 201);
    assert.equal((await ok(novu.subscribers.getUnseenCount('sdk-ada', false), 200)).data.count, 0);
  });
  await step('markMessageActionSeen', async () => {
    const d = (await ok(novu.subscribers.markMessageActionSeen('sdk-ada', S.m1._id, 'primary', { status: 'done', payload: { rating: 5 } }), 201)).data;
    assert.equal(d._id, S.m1._id);
    assert.equal(d.cta.action.status, 'done');
    assert.equal(d.cta.action.result.type, 'primary');
    assert.deepEqual(d.cta.action.result.payload, { rating: 5 });
  });
  await step('executionDetails.get', async () => {
    const d = (await ok(novu.executionDetails.get({ notificationId: S.m1._notificationId, subscriberId: 'sdk-ada' }), 200)).data;
    assert.ok(d.length > 0);
    for (const x of d) assert.equal(x._notificationId, S.m1._notificationId);
    assert.ok(d.some((x) => x.status === 'Success'), 'a Success detail');
    await fails(novu.executionDetails.get({ notificationId: S.m1._notificationId, subscriberId: 'sdk-nobody' }), 404, 'sdk-nobody');
  });
  await step('messages.list', async () => {
    const page = await ok(novu.messages.list({ subscriberId: 'sdk-ada', channel: 'in_app', limit: 10 }), 200);
    assert.equal(page.totalCount, 2);
    assert.deepEqual(ids(page.data).sort(), [S.m1._id, S.m2._id].sort());
  });
  await check('messages.list by transactionIds (the SDK sends transactionId[]=)', async () => {
    const one = await ok(novu.messages.list({ transactionIds: [S.txn1] }), 200);
    assert.deepEqual(ids(one.data), [S.m1._id], 'only the message of that transaction');
  });
  await step('messages.deleteById → gone, 404 again', async () => {
    assert.deepEqual((await ok(novu.messages.deleteById(S.m1._id), 200)).data, { acknowledged: true, status: 'deleted' });
    const page = await ok(novu.subscribers.getNotificationsFeed('sdk-ada', {}), 200);
    assert.ok(!ids(page.data).includes(S.m1._id));
    await fails(novu.messages.deleteById(S.m1._id), 404, S.m1._id);
  });
  await step('messages.deleteByTransactionId → gone, 404 again', async () => {
    await ok(novu.messages.deleteByTransactionId('sdk-txn-2'), 204);
    const left = await ok(novu.messages.list({ subscriberId: 'sdk-ada', limit: 100 }), 200);
    assert.ok(!left.data.some((m) => m.transactionId === 'sdk-txn-2'));
    assert.equal((await ok(novu.subscribers.getNotificationsFeed('sdk-ada', {}), 200)).data.length, 0);
    await fails(novu.messages.deleteByTransactionId('sdk-txn-2'), 404, 'Invalid transactionId or channel');
  });
  await step('trigger of an unknown workflow → 422 workflow_not_found', async () => {
    await fails(novu.events.trigger('sdk-no-such-workflow', { to: 'sdk-ada', payload: {} }), 422, 'workflow_not_found');
  });
  await step('e-mail goes out through the primary integration (outbox)', async () => {
    const d = (await ok(novu.events.trigger('sdk-email', { to: 'sdk-ada', payload: { project: 'Hermes' }, transactionId: 'sdk-mail-1' }), 201)).data;
    assert.equal(d.status, 'processed');
    const mails = (await outbox('?channel=email')).filter((e) => e.transactionId === 'sdk-mail-1');
    assert.equal(mails.length, 1, JSON.stringify(mails));
    assert.equal(mails[0].to, 'ada@example.com');
    assert.equal(mails[0].subject, 'Hi Ada');
    assert.match(mails[0].content, /Hermes shipped/);
    assert.match(mails[0].html, /<p>Hermes shipped<\/p>/, 'the e-mail inside its layout');
    assert.notEqual(mails[0].html, mails[0].content);
    assert.equal(mails[0].providerId, 'mailgun', 'the primary set via setIntegrationAsPrimary delivers');
  });
  await step('step conditions decide per trigger (workflow created through the SDK)', async () => {
    const wf = (await ok(novu.notificationTemplates.create({
      name: 'SDK Conditional', notificationGroupId: S.general._id, active: true,
      steps: [inAppStep('Only for {{project}}', { filters: [{ isNegated: false, type: 'GROUP', value: 'AND',
        children: [{ on: 'payload', field: 'project', operator: 'EQUAL', value: 'Gemini' }] }] })],
    }), 201)).data;
    const id = wf.triggers[0].identifier;
    await ok(novu.events.trigger(id, { to: 'sdk-ada', payload: { project: 'Gemini' }, transactionId: 'sdk-cond-yes' }), 201);
    await ok(novu.events.trigger(id, { to: 'sdk-ada', payload: { project: 'Mercury' }, transactionId: 'sdk-cond-no' }), 201);
    assert.equal((await ok(novu.messages.list({ transactionIds: ['sdk-cond-yes'] }), 200)).data.length, 1);
    assert.equal((await ok(novu.messages.list({ transactionIds: ['sdk-cond-no'] }), 200)).data.length, 0);
  });
});

await scenario('subscribers: preferences', async () => {
  need(S.welcome, 'the SDK Welcome workflow (notificationTemplates)');
  await step('getPreference (with and without includeInactiveChannels)', async () => {
    for (const opts of [undefined, { includeInactiveChannels: false }]) {
      const d = (await ok(novu.subscribers.getPreference('sdk-ada', opts), 200)).data;
      const p = find(d, (x) => x.template._id === S.welcome._id, 'welcome preference');
      assert.equal(p.preference.enabled, true);
      assert.equal(p.preference.channels.in_app, true);
    }
  });
  await step('getPreferenceByLevel template', async () => {
    const d = (await ok(novu.subscribers.getPreferenceByLevel('sdk-ada', 'template'), 200)).data;
    find(d, (x) => x.template && x.template._id === S.welcome._id, 'welcome preference');
  });
  await step('updatePreference disables in-app for the workflow', async () => {
    const d = (await ok(novu.subscribers.updatePreference('sdk-ada', S.welcome._id, { channel: { type: 'in_app', enabled: false } }), 200)).data;
    assert.equal(d.template._id, S.welcome._id);
    assert.equal(d.preference.channels.in_app, false);
    const again = (await ok(novu.subscribers.getPreference('sdk-ada'), 200)).data;
    assert.equal(find(again, (x) => x.template._id === S.welcome._id, 'welcome').preference.channels.in_app, false);
  });
  await check('a trigger while in-app is off for the workflow delivers no in-app message', async () => {
    await ok(novu.events.trigger('sdk-welcome', { to: 'sdk-ada', payload: { project: 'Muted' }, transactionId: 'sdk-muted' }), 201);
    const feed = await ok(novu.subscribers.getNotificationsFeed('sdk-ada', { limit: 100 }), 200);
    assert.ok(!feed.data.some((m) => m.transactionId === 'sdk-muted'), 'no message while in-app is off');
  });
  await step('updatePreference enables in-app again', async () => {
    const d = (await ok(novu.subscribers.updatePreference('sdk-ada', S.welcome._id, { channel: { type: 'in_app', enabled: true } }), 200)).data;
    assert.equal(d.preference.channels.in_app, true);
  });
  await step('updateGlobalPreference / getGlobalPreference', async () => {
    const d = (await ok(novu.subscribers.updateGlobalPreference('sdk-ada', { enabled: true, preferences: [{ type: 'email', enabled: false }] }), 200)).data;
    assert.equal(d.preference.channels.email, false);
    const g = (await ok(novu.subscribers.getGlobalPreference('sdk-ada'), 200)).data;
    const pref = Array.isArray(g) ? g[0].preference : g.preference;
    assert.equal(pref.enabled, true);
    assert.equal(pref.channels.email, false);
    const lvl = (await ok(novu.subscribers.getPreferenceByLevel('sdk-ada', 'global'), 200)).data;
    assert.equal((Array.isArray(lvl) ? lvl[0] : lvl).preference.channels.email, false);
    await ok(novu.subscribers.updateGlobalPreference('sdk-ada', { preferences: [{ type: 'email', enabled: true }] }), 200);
  });
});

await scenario('topics', async () => {
  await step('create', async () => {
    const d = (await ok(novu.topics.create({ key: 'sdk-news', name: 'SDK News' }), 201)).data;
    assert.equal(d.key, 'sdk-news');
    assert.match(d._id, /^[0-9a-f]{24}$/);
  });
  await step('create duplicate → 409', async () => fails(novu.topics.create({ key: 'sdk-news', name: 'x' }), 409, 'sdk-news'));
  await step('addSubscribers (unknown ids reported)', async () => {
    const d = (await ok(novu.topics.addSubscribers('sdk-news', { subscribers: ['sdk-bob', 'sdk-cy', 'sdk-ghost'] }), 200)).data;
    assert.deepEqual([...d.succeeded].sort(), ['sdk-bob', 'sdk-cy']);
    assert.deepEqual(d.failed.notFound, ['sdk-ghost']);
  });
  await step('checkSubscriber / getSubscriber', async () => {
    assert.equal((await ok(novu.topics.checkSubscriber('sdk-news', 'sdk-bob'), 200)).data.externalSubscriberId, 'sdk-bob');
    const d = (await ok(novu.topics.getSubscriber('sdk-news', 'sdk-cy'), 200)).data;
    assert.equal(d.topicKey, 'sdk-news');
    await fails(novu.topics.getSubscriber('sdk-news', 'sdk-ada'), 404, 'sdk-ada');
  });
  await step('get / list', async () => {
    const d = (await ok(novu.topics.get('sdk-news'), 200)).data;
    assert.deepEqual([...d.subscribers].sort(), ['sdk-bob', 'sdk-cy']);
    const page = await ok(novu.topics.list({ page: 0, pageSize: 10, key: 'sdk-news' }), 200);
    assert.equal(page.totalCount, 1);
    assert.equal(page.data[0].key, 'sdk-news');
  });
  await step('rename', async () => {
    assert.equal((await ok(novu.topics.rename('sdk-news', 'SDK Newsroom'), 200)).data.name, 'SDK Newsroom');
    assert.equal((await ok(novu.topics.get('sdk-news'), 200)).data.name, 'SDK Newsroom');
  });
  await step('trigger to the topic reaches its members only', async () => {
    const d = (await ok(novu.events.trigger('sdk-welcome', { to: [{ type: 'Topic', topicKey: 'sdk-news' }], payload: { project: 'Zeus' } }), 201)).data;
    assert.equal(d.status, 'processed');
    for (const [sid, first] of [['sdk-bob', 'Bob'], ['sdk-cy', 'Cy']]) {
      const feed = await ok(novu.subscribers.getNotificationsFeed(sid, {}), 200);
      find(feed.data, (m) => contentOf(m) === `Hello ${first}, Zeus is ready`, `Zeus message of ${sid}`);
    }
    const ada = await ok(novu.subscribers.getNotificationsFeed('sdk-ada', {}), 200);
    assert.ok(!ada.data.some((m) => contentOf(m).includes('Zeus')), 'non-member got nothing');
  });
  await step('removeSubscribers', async () => {
    await ok(novu.topics.removeSubscribers('sdk-news', { subscribers: ['sdk-cy'] }), 204);
    await fails(novu.topics.checkSubscriber('sdk-news', 'sdk-cy'), 404);
    assert.deepEqual((await ok(novu.topics.get('sdk-news'), 200)).data.subscribers, ['sdk-bob']);
  });
  await step('delete with members → 409; emptied → 204 → 404', async () => {
    await fails(novu.topics.delete('sdk-news'), 409, 'still has subscribers');
    await ok(novu.topics.removeSubscribers('sdk-news', { subscribers: ['sdk-bob'] }), 204);
    await ok(novu.topics.delete('sdk-news'), 204);
    await fails(novu.topics.get('sdk-news'), 404, 'sdk-news');
    assert.equal((await ok(novu.topics.list({ page: 0, pageSize: 10, key: 'sdk-news' }), 200)).totalCount, 0);
  });
});

await scenario('delayed trigger: cancel, clock', async () => {
  const bobHas = async (word) => (await ok(novu.subscribers.getNotificationsFeed('sdk-bob', { limit: 100 }), 200))
    .data.some((m) => contentOf(m).includes(word));
  await step('trigger a delayed workflow: nothing yet', async () => {
    const d = (await ok(novu.events.trigger('sdk-delayed', { to: 'sdk-bob', payload: { project: 'Cancelled' }, transactionId: 'sdk-delay-1' }), 201)).data;
    assert.equal(d.status, 'processed');
    assert.equal(await bobHas('Later: Cancelled'), false);
  });
  await step('cancel → true, again → false', async () => {
    assert.equal((await ok(novu.events.cancel('sdk-delay-1'), 200)).data, true);
    assert.equal((await ok(novu.events.cancel('sdk-delay-1'), 200)).data, false);
  });
  await step('uncancelled twin for comparison', async () => {
    await ok(novu.events.trigger('sdk-delayed', { to: 'sdk-bob', payload: { project: 'Delivered' }, transactionId: 'sdk-delay-2' }), 201);
    assert.equal(await bobHas('Later: Delivered'), false, 'held before the delay elapses');
  });
  await step('advance the clock 2h: the cancelled one never arrives, the other does', async () => {
    await control('POST', '/clock/advance', { duration: '2h' });
    assert.equal(await bobHas('Later: Delivered'), true, 'the uncancelled delayed message arrived');
    assert.equal(await bobHas('Later: Cancelled'), false, 'the cancelled message never arrives');
    const bob = await ok(novu.messages.list({ subscriberId: 'sdk-bob', limit: 100 }), 200);
    assert.ok(!bob.data.some((m) => m.transactionId === 'sdk-delay-1'), 'no message of the cancelled transaction');
    assert.ok(bob.data.some((m) => m.transactionId === 'sdk-delay-2'));
    const sent = await outbox();
    assert.equal(sent.filter((e) => e.transactionId === 'sdk-delay-1').length, 0, 'nothing in the outbox');
    assert.equal(sent.filter((e) => e.transactionId === 'sdk-delay-2').length, 1, 'the twin is in the outbox');
    assert.equal((await ok(novu.events.cancel('sdk-delay-2'), 200)).data, false, 'nothing left to cancel once delivered');
  });
});

await scenario('bulkTrigger and broadcast', async () => {
  await step('events.bulkTrigger: per-event results', async () => {
    const d = (await ok(novu.events.bulkTrigger([
      { name: 'sdk-welcome', to: 'sdk-cy', payload: { project: 'Bulk1' } },
      { name: 'sdk-no-such-workflow', to: 'sdk-cy', payload: {} },
    ]), 201)).data;
    assert.equal(d.length, 2);
    assert.equal(d[0].status, 'processed');
    assert.equal(d[1].status, 'error');
    assert.ok(JSON.stringify(d[1].error).includes('workflow_not_found'));
    const feed = await ok(novu.subscribers.getNotificationsFeed('sdk-cy', {}), 200);
    find(feed.data, (m) => contentOf(m) === 'Hello Cy, Bulk1 is ready', 'Bulk1 message');
  });
  await step('novu.bulkTrigger alias', async () => {
    const d = (await ok(novu.bulkTrigger([{ name: 'sdk-welcome', to: ['sdk-bob'], payload: { project: 'Bulk2' } }]), 201)).data;
    assert.equal(d[0].status, 'processed');
  });
  await step('events.broadcast reaches every subscriber', async () => {
    const d = (await ok(novu.events.broadcast('sdk-welcome', { payload: { project: 'Everyone' } }), 201)).data;
    assert.equal(d.status, 'processed');
    assert.ok(d.transactionId);
    for (const [sid, first] of [['sdk-ada', 'Ada'], ['sdk-bob', 'Bob'], ['sdk-cy', 'Cy']]) {
      const feed = await ok(novu.subscribers.getNotificationsFeed(sid, { limit: 100 }), 200);
      find(feed.data, (m) => contentOf(m) === `Hello ${first}, Everyone is ready`, `broadcast message of ${sid}`);
    }
  });
  await step('novu.broadcast alias', async () => {
    const d = (await ok(novu.broadcast('sdk-welcome', { payload: { project: 'Again' }, transactionId: 'sdk-bc-2' }), 201)).data;
    assert.equal(d.transactionId, 'sdk-bc-2');
  });
});

await scenario('changes', async () => {
  const before = await step('getCount', async () => {
    const n = (await ok(novu.changes.getCount(), 200)).data;
    assert.ok(n > 0, 'Development edits left unpromoted changes');
    return n;
  });
  const group = await step('a new group records a change', async () => (await ok(novu.notificationGroups.create('SDK Promoted Group'), 201)).data);
  const feed = await step('a new feed records a change', async () => (await ok(novu.feeds.create('sdk-promoted-feed'), 201)).data);
  const [cg, cf] = await step('get unpromoted', async () => {
    const page = await ok(novu.changes.get({ page: 0, limit: 100, promoted: 'false' }), 200);
    assert.ok(page.totalCount >= before + 2);
    return [find(page.data, (c) => c._entityId === group._id, 'group change'), find(page.data, (c) => c._entityId === feed._id, 'feed change')];
  });
  await step('applyOne promotes the group to Production', async () => {
    const d = (await ok(novu.changes.applyOne(cg._id), 201)).data;
    assert.ok(Array.isArray(d));
    const groups = (await ok(prod.notificationGroups.get(), 200)).data;
    find(groups, (g) => g.name === 'SDK Promoted Group', 'promoted group in Production');
  });
  await step('applyMany promotes the feed', async () => {
    const d = (await ok(novu.changes.applyMany([cf._id]), 201)).data;
    assert.ok(Array.isArray(d));
    const feeds = (await ok(prod.feeds.get(), 200)).data;
    find(feeds, (f) => f.name === 'sdk-promoted-feed', 'promoted feed in Production');
  });
  await step('promoted list and count', async () => {
    const page = await ok(novu.changes.get({ page: 0, limit: 100, promoted: 'true' }), 200);
    assert.ok(ids(page.data).includes(cg._id) && ids(page.data).includes(cf._id));
    assert.equal((await ok(novu.changes.getCount(), 200)).data, before + 2 - 2);
  });
});

await scenario('inboundParse', async () => {
  await step('getMxStatus', async () => {
    const d = (await ok(novu.inboundParse.getMxStatus(), 200)).data;
    assert.equal(typeof d.mxRecordConfigured, 'boolean');
  });
});

await scenario('subscribers: delete', async () => {
  await step('delete → 404, gone from list', async () => {
    assert.deepEqual((await ok(novu.subscribers.delete('sdk-cy'), 200)).data, { acknowledged: true, status: 'deleted' });
    await fails(novu.subscribers.get('sdk-cy'), 404, 'Subscriber not found for id sdk-cy');
    await fails(novu.subscribers.delete('sdk-cy'), 404);
    assert.ok(!ids((await ok(novu.subscribers.list(0, 100), 200)).data, 'subscriberId').includes('sdk-cy'));
  });
});

// Last: it renames the organization and changes its branding.
await scenario('organizations', async () => {
  const me = await step('getCurrent / list', async () => {
    const me = (await ok(novu.organizations.getCurrent(), 200)).data;
    assert.ok(ids((await ok(novu.organizations.list(), 200)).data).includes(me._id));
    return me;
  });
  await step('rename', async () => {
    assert.equal((await ok(novu.organizations.rename({ name: 'SDK Org' }), 200)).data.name, 'SDK Org');
    assert.equal((await ok(novu.organizations.getCurrent(), 200)).data.name, 'SDK Org');
  });
  await step('create', async () => {
    const d = (await ok(novu.organizations.create({ name: 'SDK Second Org' }), 201)).data;
    assert.equal(d.name, 'SDK Second Org');
    assert.notEqual(d._id, me._id);
    assert.ok(ids((await ok(novu.organizations.list(), 200)).data).includes(d._id));
    assert.equal((await ok(novu.organizations.getCurrent(), 200)).data._id, me._id, 'the key stays in its organization');
  });
  await step('updateBranding', async () => {
    const d = (await ok(novu.organizations.updateBranding({
      color: '#3366ff', fontColor: '#111111', contentBackground: '#ffffff', fontFamily: 'Inter', logo: 'https://cdn.example.com/logo.png',
    }), 200)).data;
    assert.equal(d.color, '#3366ff');
    assert.equal((await ok(novu.organizations.getCurrent(), 200)).data.branding.color, '#3366ff');
  });
  const member = await step('getMembers', async () => {
    const d = (await ok(novu.organizations.getMembers(), 200)).data;
    assert.ok(d.length >= 1);
    return d[0];
  });
  await step('updateMemberRole', async () => {
    const d = (await ok(novu.organizations.updateMemberRole(member._id, { role: 'admin' }), 200)).data;
    assert.equal(d._id, member._id);
    assert.deepEqual(d.roles, ['admin']);
  });
  await step('removeMember: the key\'s own member → 400, unknown → 404', async () => {
    await fails(novu.organizations.removeMember(member._id), 400, 'Cannot remove self from members');
    assert.ok(ids((await ok(novu.organizations.getMembers(), 200)).data).includes(member._id));
    await fails(novu.organizations.removeMember('000000000000000000000000'), 404, 'Member not found');
  });
});

// ---------------------------------------------------------------- coverage and verdict

const all = publicMethods();
const missed = all.filter((m) => !called.has(m));
const failed = results.filter((r) => r.errors.length);
console.log(`\n${all.length} public SDK methods, ${all.length - missed.length} called`);
if (missed.length) console.log(`NOT CALLED: ${missed.join(', ')}`);
console.log(`${results.length - failed.length}/${results.length} scenarios passed`);
if (failed.length) console.log(`FAILED: ${failed.map((r) => r.name).join('; ')}`);
// 98 resource methods and 3 aliases in 2.6.6; a much smaller number means the walk broke.
assert.ok(all.length >= 100, `only ${all.length} public methods found: the prototype walk is broken`);
process.exitCode = missed.length || failed.length ? 1 : 0;
