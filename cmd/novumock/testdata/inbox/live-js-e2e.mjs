// Live events through the real @novu/js (pinned in package-lock.json): two Inbox sessions open
// their sockets (socket.io, as @novu/js picks for a self-hosted socketUrl) and listen; a backend
// triggers workflows with the real @novu/node (from ../sdk, installed by `make sdk-deps`); each
// Inbox must receive its own notification_received and the count events, and never the other
// subscriber's. Then a read through @novu/js must come back as unread_count_changed with the
// counts @novu/js reads, and a message behind a 1 s delay step must arrive by itself once the
// delay ends. Run by live_test.go with NOVUMOCK_URL and NOVUMOCK_DEV_KEY.
import { Novu } from '@novu/js';
import assert from 'node:assert/strict';
import { WAIT_MS, base, check, failed, key, nodeBackend } from './steps.mjs';

const backend = nodeBackend();

function ok(result) {
  if (result.error) throw new Error(`client error: ${result.error.message}`);
  return result.data;
}

// events collects one client's socket events in order, and waits for the next of a kind.
function events(novu) {
  const seen = [];
  const waiters = [];
  const push = (kind) => ({ result }) => {
    seen.push({ kind, result });
    for (const w of waiters.splice(0)) w();
  };
  novu.on('notifications.notification_received', push('received'));
  novu.on('notifications.unseen_count_changed', push('unseen'));
  novu.on('notifications.unread_count_changed', push('unread'));
  return {
    seen,
    async next(kind) {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const i = seen.findIndex((e) => e.kind === kind);
        if (i >= 0) return seen.splice(i, 1)[0].result;
        if (Date.now() > deadline) throw new Error(`no ${kind} event within ${WAIT_MS} ms (saw ${JSON.stringify(seen)})`);
        await new Promise((r) => { waiters.push(r); setTimeout(r, 100); });
      }
    },
  };
}

function socketResolved(novu) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect')), WAIT_MS);
    novu.on('socket.connect.resolved', ({ error }) => {
      clearTimeout(timer);
      if (error) reject(error); else resolve();
    });
  });
}

const run = Date.now();
const ada = `live-ada-${run}`;
const bob = `live-bob-${run}`;
await backend.subscribers.identify(ada, { firstName: 'Ada' });
await backend.subscribers.identify(bob, { firstName: 'Bob' });
const env = (await backend.environments.getCurrent()).data.data;
const group = (await backend.notificationGroups.get()).data.data[0];
const wf = (await backend.notificationTemplates.create({
  name: `Live ${run}`, notificationGroupId: group._id, active: true,
  steps: [{ template: { type: 'in_app', content: 'Order {{n}} shipped', cta: { type: 'redirect', data: { url: '/orders/{{n}}' } } } }],
})).data.data;
const identifier = wf.triggers[0].identifier;
const later = (await backend.notificationTemplates.create({
  name: `Live later ${run}`, notificationGroupId: group._id, active: true,
  steps: [
    { template: { type: 'delay' }, metadata: { amount: 1, unit: 'seconds', type: 'regular' } },
    { template: { type: 'in_app', content: 'Reminder {{n}}' } },
  ],
})).data.data;

const open = (subscriberId) => new Novu({
  applicationIdentifier: env.identifier,
  subscriberId,
  backendUrl: base,
  socketUrl: base,
});
const adaNovu = open(ada);
const bobNovu = open(bob);
const adaConnected = socketResolved(adaNovu);
const bobConnected = socketResolved(bobNovu);
const adaEvents = events(adaNovu);
const bobEvents = events(bobNovu);

try {
  await check('both Inbox sockets connect', async () => {
    await Promise.all([adaConnected, bobConnected]);
  });

  await check('a trigger through @novu/node reaches Ada live', async () => {
    await backend.trigger(identifier, { to: { subscriberId: ada }, payload: { n: 'A-1' } });
    const n = await adaEvents.next('received');
    assert.equal(n.body, 'Order A-1 shipped');
    assert.equal(n.isRead, false);
    assert.equal(n.isSeen, false);
    assert.equal(n.channelType, 'in_app');
    assert.equal(n.redirect?.url, '/orders/A-1');
    assert.equal(await adaEvents.next('unseen'), 1);
    const counts = await adaEvents.next('unread');
    assert.equal(counts.total, 1);
    assert.equal(counts.severity.none, 1);
    assert.equal(counts.severity.high, 0);
  });

  await check('a second trigger updates the counts', async () => {
    await backend.trigger(identifier, { to: { subscriberId: ada }, payload: { n: 'A-2' } });
    assert.equal((await adaEvents.next('received')).body, 'Order A-2 shipped');
    assert.equal(await adaEvents.next('unseen'), 2);
    assert.equal((await adaEvents.next('unread')).total, 2);
  });

  await check('Bob hears only his own notification', async () => {
    await backend.trigger(identifier, { to: { subscriberId: bob }, payload: { n: 'B-1' } });
    assert.equal((await bobEvents.next('received')).body, 'Order B-1 shipped');
    assert.deepEqual(bobEvents.seen.filter((e) => e.kind === 'received'), [], 'nothing else was received');
    assert.ok(!adaEvents.seen.some((e) => e.kind === 'received'), 'Ada did not receive Bob\'s notification');
  });

  await check('reading through @novu/js comes back as unread_count_changed', async () => {
    const { notifications } = ok(await adaNovu.notifications.list({ limit: 10 }));
    assert.equal(notifications.length, 2);
    ok(await notifications[0].read());
    const counts = await adaEvents.next('unread');
    assert.equal(counts.total, 1);
    ok(await adaNovu.notifications.readAll());
    assert.equal((await adaEvents.next('unread')).total, 0);
  });

  await check('a delayed message arrives live when its delay ends, with no request', async () => {
    const sent = Date.now();
    await backend.trigger(later.triggers[0].identifier, { to: { subscriberId: ada }, payload: { n: 'R-1' } });
    const n = await adaEvents.next('received');
    const waited = Date.now() - sent;
    assert.equal(n.body, 'Reminder R-1');
    assert.ok(waited >= 900, `arrived after ${waited} ms, before its 1 s delay`);
    assert.equal((await adaEvents.next('unread')).total, 1);
  });
} catch (err) {
  failed(err);
} finally {
  setTimeout(() => process.exit(process.exitCode ?? 0), 100);
}
