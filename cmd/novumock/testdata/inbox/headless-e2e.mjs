// Drives the real @novu/headless (pinned in package-lock.json; it calls the /v1/widgets routes
// through @novu/client and opens a socket.io socket) against a running novumock: a widget session
// by application identifier, the feed, the unseen and unread counts, marking as seen and as read,
// removing, and a live unseen count after a trigger made with the real @novu/node (../sdk).
// Run by live_test.go with NOVUMOCK_URL and NOVUMOCK_DEV_KEY; the first failure exits non-zero
// naming the step.
import { HeadlessService } from '@novu/headless';
import assert from 'node:assert/strict';
import { WAIT_MS, base, check, failed, key, nodeBackend } from './steps.mjs';

const backend = nodeBackend();

function timeout(what) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${WAIT_MS} ms`)), WAIT_MS));
}

// call turns one of headless's callback methods into a promise of its onSuccess value.
function call(what, method, args = {}) {
  return Promise.race([
    new Promise((resolve, reject) => {
      const r = method({ ...args, listener: () => {}, onSuccess: resolve, onError: reject });
      if (r && typeof r.catch === 'function') r.catch(reject);
    }),
    timeout(what),
  ]);
}

// queue turns a headless listener into a queue of values, awaited one at a time.
function queue() {
  const items = [];
  const waiters = [];
  return {
    push(v) { items.push(v); for (const w of waiters.splice(0)) w(); },
    async next(what) {
      const deadline = Date.now() + WAIT_MS;
      while (items.length === 0) {
        if (Date.now() > deadline) throw new Error(`${what}: nothing within ${WAIT_MS} ms`);
        await new Promise((r) => { waiters.push(r); setTimeout(r, 100); });
      }
      return items.shift();
    },
    items,
  };
}

const run = Date.now();
const subscriberId = `headless-${run}`;
const other = `headless-other-${run}`;
await backend.subscribers.identify(other, { firstName: 'Other' });
const env = (await backend.environments.getCurrent()).data.data;
const group = (await backend.notificationGroups.get()).data.data[0];
const wf = (await backend.notificationTemplates.create({
  name: `Headless ${run}`, notificationGroupId: group._id, active: true,
  steps: [{ template: { type: 'in_app', content: 'Invoice {{n}} is ready', cta: { type: 'redirect', data: { url: '/invoices/{{n}}' } } } }],
})).data.data;
const trigger = (to, n) => backend.trigger(wf.triggers[0].identifier, { to: { subscriberId: to }, payload: { n } });

const headless = new HeadlessService({
  backendUrl: base,
  socketUrl: base,
  applicationIdentifier: env.identifier,
  subscriberId,
});

try {
  let session;
  await check('session: the widget session creates the subscriber and returns a token', async () => {
    session = await call('initializeSession', headless.initializeSession.bind(headless));
    assert.ok(session.token, 'a token');
    const sub = (await backend.subscribers.get(subscriberId)).data.data;
    assert.equal(sub.subscriberId, subscriberId, 'the subscriber exists server-side');
    assert.equal(session.profile._id, sub._id, 'the profile is that subscriber');
  });

  const unseenLive = queue();
  const received = queue();
  await check('socket: connected with the session token', async () => {
    const deadline = Date.now() + WAIT_MS;
    while (!headless.socket?.connected) {
      if (Date.now() > deadline) throw new Error('the socket did not connect');
      await new Promise((r) => setTimeout(r, 50));
    }
    headless.listenUnseenCountChange({ listener: (count) => unseenLive.push(count) });
    headless.listenNotificationReceive({ listener: (message) => received.push(message) });
  });

  await check('live: a trigger through @novu/node arrives and raises the unseen count', async () => {
    await trigger(subscriberId, 'INV-1');
    const message = await received.next('notification_received');
    assert.equal(message.content, 'Invoice INV-1 is ready');
    assert.equal(message.seen, false);
    assert.equal(await unseenLive.next('unseen_count_changed'), 1);
    await trigger(subscriberId, 'INV-2');
    assert.equal((await received.next('second notification')).content, 'Invoice INV-2 is ready');
    assert.equal(await unseenLive.next('second unseen count'), 2);
  });

  await check('live: another subscriber\'s notification is not heard', async () => {
    await trigger(other, 'OTHER-1');
    const { data } = await backend.subscribers.getUnseenCount(other, false);
    assert.equal(data.data.count, 1, 'the other subscriber got it');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(received.items, [], 'nothing more was received');
    assert.deepEqual(unseenLive.items, [], 'no count change either');
  });

  let feed;
  await check('feed: newest first, with subscriber and pagination fields', async () => {
    feed = await call('fetchNotifications', headless.fetchNotifications.bind(headless), { page: 0 });
    assert.equal(feed.data.length, 2);
    assert.equal(feed.data[0].content, 'Invoice INV-2 is ready');
    assert.equal(feed.data[0].cta.data.url, '/invoices/INV-2');
    assert.equal(feed.data[0].subscriber.subscriberId, subscriberId);
    assert.equal(feed.hasMore, false);
    assert.equal(feed.page, 0);
  });

  await check('counts: unseen and unread', async () => {
    assert.equal((await call('fetchUnseenCount', headless.fetchUnseenCount.bind(headless))).count, 2);
    assert.equal((await call('fetchUnreadCount', headless.fetchUnreadCount.bind(headless))).count, 2);
  });

  await check('mark as seen: the message and the live count follow', async () => {
    const [m] = await call('markNotificationsAsSeen', headless.markNotificationsAsSeen.bind(headless), { messageId: feed.data[0]._id });
    assert.equal(m.seen, true);
    assert.equal(m.read, false);
    assert.equal(await unseenLive.next('unseen count after seen'), 1);
    assert.equal((await call('fetchUnseenCount', headless.fetchUnseenCount.bind(headless))).count, 1);
  });

  await check('mark as read: the message is read and seen, the counts follow', async () => {
    const [m] = await call('markNotificationsAsRead', headless.markNotificationsAsRead.bind(headless), { messageId: feed.data[1]._id });
    assert.equal(m.read, true);
    assert.equal(m.seen, true);
    assert.equal(await unseenLive.next('unseen count after read'), 0);
    assert.equal((await call('fetchUnreadCount', headless.fetchUnreadCount.bind(headless))).count, 1);
  });

  await check('remove: the message leaves the feed', async () => {
    await call('removeNotification', headless.removeNotification.bind(headless), { messageId: feed.data[0]._id });
    const after = await call('fetchNotifications', headless.fetchNotifications.bind(headless), { page: 0, storeId: 'after-remove' });
    assert.deepEqual(after.data.map((m) => m._id), [feed.data[1]._id]);
  });

  await check('organization and preferences', async () => {
    const org = await call('fetchOrganization', headless.fetchOrganization.bind(headless));
    assert.ok(org._id && org.name);
    const prefs = await call('fetchUserPreferences', headless.fetchUserPreferences.bind(headless));
    const mine = prefs.find((p) => p.template._id === wf._id);
    assert.ok(mine, 'the workflow is listed');
    assert.equal(mine.preference.channels.in_app, true);
  });
} catch (err) {
  failed(err);
} finally {
  headless.socket?.disconnect();
  setTimeout(() => process.exit(process.exitCode ?? 0), 100);
}
