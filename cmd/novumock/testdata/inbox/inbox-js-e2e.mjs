// Drives the real @novu/js (pinned in package-lock.json) against a running novumock: an Inbox
// session by application identifier, the list with its filters and cursor, counts, every
// notification mutation one by one and in bulk, preferences, and the session with HMAC on
// (subscriberHash). Run by inbox_test.go with
// NOVUMOCK_URL and NOVUMOCK_DEV_KEY; every step checks the client's result and the state the
// server answers afterwards, and the first failure exits non-zero naming the step.
import { Novu } from '@novu/js';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

import { base, check, failed, key } from './steps.mjs';

// Server-side setup goes through the REST API with the secret key, as a backend would.
async function api(method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `ApiKey ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

// ok unwraps a @novu/js result ({data} or {error}).
function ok(result) {
  if (result.error) throw new Error(`client error: ${result.error.message} (${JSON.stringify(result.error.originalError?.body ?? result.error.cause ?? '')})`);
  return result.data;
}

const subscriberId = `js-${Date.now()}`;
const { data: env } = await api('GET', '/v1/environments/me');
const { data: groups } = await api('GET', '/v1/notification-groups');
const groupId = groups[0]._id;
const inApp = (content, extra = {}) => ({
  template: {
    type: 'in_app',
    content,
    cta: {
      type: 'redirect',
      data: { url: '/orders/1' },
      action: { buttons: [{ type: 'primary', content: 'Track' }, { type: 'secondary', content: 'Later' }] },
    },
    ...extra,
  },
});
const orders = (await api('POST', '/v1/workflows', {
  name: 'JS orders', notificationGroupId: groupId, tags: ['orders'], active: true,
  steps: [inApp('Order {{n}} shipped'), { template: { type: 'email', subject: 'Order', content: 'Order {{n}}' } }],
})).data;
const news = (await api('POST', '/v1/workflows', {
  name: 'JS news', notificationGroupId: groupId, tags: ['news'], active: true, steps: [inApp('News {{n}}')],
})).data;
const critical = (await api('POST', '/v1/workflows', {
  name: 'JS security', notificationGroupId: groupId, critical: true, active: true, steps: [inApp('Security {{n}}')],
})).data;
const trigger = (wf, n) => api('POST', '/v1/events/trigger', {
  name: wf.triggers[0].identifier, to: { subscriberId, email: `${subscriberId}@example.com` }, payload: { n },
});

const novu = new Novu({
  applicationIdentifier: env.identifier,
  subscriber: { subscriberId, firstName: 'Ada' },
  apiUrl: base,
  socketUrl: base, // never connected here: no socket event is listened to
  useCache: false,
});

try {
  await check('session and empty inbox', async () => {
    const list = ok(await novu.notifications.list());
    assert.deepEqual(list.notifications, []);
    assert.equal(list.hasMore, false);
    assert.equal(ok(await novu.notifications.count({ read: false })).count, 0);
  });

  for (let i = 1; i <= 3; i++) await trigger(orders, i);
  for (let i = 1; i <= 2; i++) await trigger(news, i);
  await trigger(critical, 1);

  let page1;
  await check('list: newest first, cursor pagination, every field the client reads', async () => {
    page1 = ok(await novu.notifications.list({ limit: 4 }));
    assert.equal(page1.notifications.length, 4);
    assert.equal(page1.hasMore, true);
    const [first] = page1.notifications;
    assert.equal(first.body, 'Security 1');
    for (const n of page1.notifications) {
      assert.match(n.id, /^[0-9a-f]{24}$/);
      assert.equal(typeof n.transactionId, 'string');
      assert.equal(n.to.subscriberId, subscriberId);
      assert.equal(n.to.firstName, 'Ada');
      assert.equal(n.isRead, false);
      assert.equal(n.isSeen, false);
      assert.equal(n.isArchived, false);
      assert.equal(n.isSnoozed, false);
      assert.equal(n.channelType, 'in_app');
      assert.ok(Array.isArray(n.tags));
      assert.equal(n.primaryAction.label, 'Track');
      assert.equal(n.primaryAction.isCompleted, false);
      assert.equal(n.secondaryAction.label, 'Later');
      assert.equal(n.redirect.url, '/orders/1');
      assert.ok(n.workflow.identifier);
      assert.equal(typeof n.read, 'function');
    }
    for (let i = 1; i < page1.notifications.length; i++) {
      assert.ok(page1.notifications[i - 1].createdAt >= page1.notifications[i].createdAt);
    }
    const page2 = ok(await novu.notifications.list({ limit: 4, after: page1.notifications[3].id }));
    assert.equal(page2.notifications.length, 2);
    assert.equal(page2.hasMore, false);
    const ids = new Set([...page1.notifications, ...page2.notifications].map((n) => n.id));
    assert.equal(ids.size, 6);
    const byOffset = ok(await novu.notifications.list({ limit: 4, offset: 4 }));
    assert.deepEqual(byOffset.notifications.map((n) => n.id), page2.notifications.map((n) => n.id));
  });

  await check('list and count filter by tags', async () => {
    const tagged = ok(await novu.notifications.list({ tags: ['news'] }));
    assert.equal(tagged.notifications.length, 2);
    assert.deepEqual(tagged.filter.tags, ['news']);
    const counts = ok(await novu.notifications.count({ filters: [{ tags: ['orders'] }, { read: false }, {}] }));
    assert.deepEqual(counts.counts.map((c) => c.count), [3, 6, 6]);
    assert.deepEqual(counts.counts[0].filter, { tags: ['orders'] });
  });

  const [n1, n2, n3, n4] = page1.notifications;
  await check('read, then unread (which un-archives)', async () => {
    const read = ok(await n2.read());
    assert.equal(read.isRead, true);
    assert.equal(read.isSeen, true);
    assert.ok(read.readAt);
    assert.equal(ok(await novu.notifications.count({ read: false })).count, 5);
    const archived = ok(await read.archive());
    assert.equal(archived.isArchived, true);
    const unread = ok(await archived.unread());
    assert.equal(unread.isRead, false);
    assert.equal(unread.isArchived, false);
    assert.equal(unread.readAt, null);
    assert.equal(unread.archivedAt, null);
  });

  await check('seen', async () => {
    ok(await n3.seen());
    const list = ok(await novu.notifications.list({ limit: 10 }));
    assert.equal(list.notifications.find((n) => n.id === n3.id).isSeen, true);
    assert.equal(ok(await novu.notifications.count({ seen: false })).count, 4); // n2 was seen by read
  });

  await check('archive also reads and sees; unarchive keeps it read; archived filter', async () => {
    const a = ok(await n4.archive());
    assert.equal(a.isArchived, true);
    assert.equal(a.isRead, true);
    assert.equal(a.isSeen, true);
    assert.ok(a.archivedAt);
    const archived = ok(await novu.notifications.list({ archived: true }));
    assert.deepEqual(archived.notifications.map((n) => n.id), [n4.id]);
    const back = ok(await a.unarchive());
    assert.equal(back.isArchived, false);
    assert.equal(back.isRead, true);
    assert.equal(back.archivedAt, null);
  });

  await check('snooze hides until unsnoozed', async () => {
    const until = new Date(Date.now() + 3600_000).toISOString();
    const s = ok(await n1.snooze(until));
    assert.equal(s.isSnoozed, true);
    assert.equal(s.snoozedUntil, until);
    const visible = ok(await novu.notifications.list({ limit: 10 }));
    assert.ok(!visible.notifications.some((n) => n.id === n1.id));
    const snoozed = ok(await novu.notifications.list({ snoozed: true }));
    assert.deepEqual(snoozed.notifications.map((n) => n.id), [n1.id]);
    const u = ok(await s.unsnooze());
    assert.equal(u.isSnoozed, false);
    const past = await n1.snooze(new Date(Date.now() - 1000).toISOString());
    assert.ok(past.error, 'a snooze in the past is refused');
  });

  await check('complete and revert actions', async () => {
    const done = ok(await n3.completePrimary());
    assert.equal(done.primaryAction.isCompleted, true);
    assert.equal(done.secondaryAction.isCompleted, false);
    assert.equal(done.isRead, true);
    const reverted = ok(await done.revertPrimary());
    assert.equal(reverted.primaryAction.isCompleted, false);
    const second = ok(await reverted.completeSecondary());
    assert.equal(second.secondaryAction.isCompleted, true);
    const back = ok(await second.revertSecondary());
    assert.equal(back.secondaryAction.isCompleted, false);
  });

  await check('delete one', async () => {
    ok(await n1.delete());
    const all = ok(await novu.notifications.count({}));
    assert.equal(all.count, 5);
  });

  await check('bulk: seenAll, readAll by tag, archiveAllRead, archiveAll, deleteAll', async () => {
    ok(await novu.notifications.seenAll());
    assert.equal(ok(await novu.notifications.count({ seen: false })).count, 0);
    ok(await novu.notifications.readAll({ tags: ['news'] }));
    const unreadNews = ok(await novu.notifications.count({ tags: ['news'], read: false }));
    assert.equal(unreadNews.count, 0);
    const readBefore = ok(await novu.notifications.count({ read: true })).count;
    ok(await novu.notifications.archiveAllRead());
    assert.equal(ok(await novu.notifications.count({ archived: true })).count, readBefore);
    ok(await novu.notifications.archiveAll());
    assert.equal(ok(await novu.notifications.count({ archived: false })).count, 0);
    ok(await novu.notifications.deleteAll());
    assert.equal(ok(await novu.notifications.count({})).count, 0);
  });

  await check('preferences: global first, critical hidden, only used channels', async () => {
    const prefs = ok(await novu.preferences.list());
    assert.equal(prefs[0].level, 'global');
    const mine = prefs.filter((p) => p.workflow && [orders._id, news._id, critical._id].includes(p.workflow.id));
    assert.deepEqual(mine.map((p) => p.workflow.id).sort(), [orders._id, news._id].sort());
    const ordersPref = mine.find((p) => p.workflow.id === orders._id);
    assert.deepEqual(Object.keys(ordersPref.channels).sort(), ['email', 'in_app']);
    assert.deepEqual(Object.keys(mine.find((p) => p.workflow.id === news._id).channels), ['in_app']);
  });

  await check('preferences: workflow update, bulk update, global update', async () => {
    const prefs = ok(await novu.preferences.list());
    const ordersPref = prefs.find((p) => p.workflow?.id === orders._id);
    const updated = ok(await ordersPref.update({ channels: { email: false } }));
    assert.equal(updated.channels.email, false);
    assert.equal(updated.channels.in_app, true);
    const bulk = ok(await novu.preferences.bulkUpdate([
      { workflowId: news._id, channels: { in_app: false } },
      { workflowId: orders._id, channels: { email: true } },
    ]));
    assert.equal(bulk.length, 2);
    assert.equal(bulk[0].channels.in_app, false);
    assert.equal(bulk[1].channels.email, true);
    const global = prefs[0];
    const g = ok(await global.update({ channels: { in_app: true } }));
    assert.equal(g.level, 'global');
    const refused = await novu.preferences.update({ workflowId: critical._id, channels: { in_app: false } });
    assert.ok(refused.error, 'a critical workflow cannot be changed');
  });

  await check('a switched-off channel stops delivery', async () => {
    await trigger(news, 9);
    assert.equal(ok(await novu.notifications.count({ tags: ['news'] })).count, 0);
  });

  await check('HMAC on: subscriberHash is the HMAC-SHA256 of the subscriberId keyed with the API key', async () => {
    const { data: integrations } = await api('GET', '/v1/integrations');
    let inApp = integrations.find((i) => i.channel === 'in_app' && i.providerId === 'novu' && i._environmentId === env._id);
    if (!inApp) {
      inApp = (await api('POST', '/v1/integrations', { providerId: 'novu', channel: 'in_app', active: true, credentials: {} })).data;
    }
    await api('PUT', `/v1/integrations/${inApp._id}`, { active: true, credentials: { hmac: true } });
    const client = (subscriberHash) => new Novu({
      applicationIdentifier: env.identifier, subscriber: subscriberId, subscriberHash, apiUrl: base, socketUrl: base, useCache: false,
    });
    const withoutHash = await client(undefined).notifications.count({});
    assert.ok(withoutHash.error, 'no hash: the session is refused');
    const wrong = await client('0'.repeat(64)).notifications.count({});
    assert.ok(wrong.error, 'a wrong hash: the session is refused');
    const hash = createHmac('sha256', key).update(subscriberId).digest('hex');
    assert.equal(ok(await client(hash).notifications.count({})).count, 0);
    await api('PUT', `/v1/integrations/${inApp._id}`, { credentials: { hmac: false } });
  });
} catch (err) {
  failed(err);
}
if (!process.exitCode) console.log('all @novu/js checks passed');
