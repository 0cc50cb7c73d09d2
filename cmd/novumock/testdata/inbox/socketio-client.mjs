// Drives the real socket.io-client against novumock's Socket.IO server (internal/socketio),
// run by socketio_test.go, which serves SOCKET_URL with these rules: token "good" (query or
// auth) joins a room and is sent `welcome` {id} (to the socket) and `room` (to its room);
// any other token is disconnected right after CONNECT; token "shutdown" shuts the server down.
// Both client versions the in-app SDKs ship are run: 4.7.2 (@novu/headless) and 4.8.3 (@novu/js).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// Each client resolved as its SDK resolves it.
const fromNovuJs = createRequire(new URL('./node_modules/@novu/js/dist/cjs/index.js', import.meta.url));
const clients = {
  '4.7.2': require('socket.io-client'),
  '4.8.3': fromNovuJs('socket.io-client'),
};
assert.equal(require('socket.io-client/package.json').version, '4.7.2');
assert.equal(fromNovuJs('socket.io-client/package.json').version, '4.8.3');
const url = process.env.SOCKET_URL;
const STEP_MS = 5000;

function withTimeout(what, promise) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out`)), STEP_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

const once = (socket, event) => new Promise((resolve) => socket.once(event, (...args) => resolve(args)));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function accepted(io, version, opts, how) {
  const socket = io(url, { transports: ['websocket'], reconnection: false, ...opts });
  const welcome = once(socket, 'welcome');
  const room = once(socket, 'room');
  await withTimeout(`${version} ${how}: connect`, once(socket, 'connect'));
  assert.ok(socket.id, 'socket.id is set from the CONNECT acknowledgement');
  const [w] = await withTimeout(`${version} ${how}: welcome`, welcome);
  assert.deepEqual(w, { id: socket.id }, 'the welcome event names this socket');
  const [r] = await withTimeout(`${version} ${how}: room event`, room);
  assert.deepEqual(r, { text: 'héllo ✓ "quoted"', nested: { list: [1, 2.5, null, true] } });
  return socket;
}

async function run(version, io) {
  // The token in the query, as @novu/js and @novu/headless send it.
  const q = await accepted(io, version, { query: { token: 'good' } }, 'query token');
  // The token in the handshake auth.
  const a = await accepted(io, version, { auth: { token: 'good' } }, 'auth token');

  // Heartbeats: the server pings every 50 ms and gives up after 400 ms without a pong (inside the
  // 600 ms below, so a client that did not answer would be gone); the client answers on its
  // own, so it stays connected across many intervals.
  await sleep(600);
  assert.ok(q.connected && a.connected, `${version}: still connected after a dozen ping intervals`);

  // A client disconnect.
  const gone = once(a, 'disconnect');
  a.disconnect();
  const [reason] = await withTimeout(`${version}: client disconnect`, gone);
  assert.equal(reason, 'io client disconnect');
  q.disconnect();

  // A refused token: accepted, then disconnected by the server; the client does not retry even
  // with reconnection on, as after Novu's gateway refuses a token.
  const bad = io(url, { transports: ['websocket'], query: { token: 'bad' }, reconnectionDelay: 50, reconnectionDelayMax: 50 });
  let connects = 0;
  bad.on('connect', () => { connects += 1; });
  const [badReason] = await withTimeout(`${version}: refused`, once(bad, 'disconnect'));
  assert.equal(badReason, 'io server disconnect');
  await sleep(300);
  assert.equal(connects, 1, 'connected once, then no reconnection');
  assert.equal(bad.active, false);
  bad.close();
  console.log(`socket.io-client ${version}: ok`);
}

async function shutdown(io) {
  const watcher = await accepted(io, 'shutdown', { query: { token: 'good' } }, 'watcher');
  const gone = once(watcher, 'disconnect');
  io(url, { transports: ['websocket'], reconnection: false, query: { token: 'shutdown' } });
  const [reason] = await withTimeout('shutdown', gone);
  assert.equal(reason, 'io server disconnect', 'a server shutdown disconnects every socket');
  console.log('shutdown: ok');
}

try {
  for (const [version, io] of Object.entries(clients)) {
    await run(version, io);
  }
  await shutdown(clients['4.8.3']);
  process.exit(0);
} catch (err) {
  console.error(err);
  process.exit(1);
}
