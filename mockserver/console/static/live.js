// Live updates of the console: follows the server-sent events of the page's environment and,
// on each change, re-reads the page and swaps in its #live part (rendered and escaped by the
// server, as on a reload). Rows not seen before are marked so they can be noticed. Without
// JavaScript the pages are complete; they are only not live.
(function () {
  'use strict';
  var url = document.body.getAttribute('data-events');
  var pick = document.getElementById('env');
  if (pick) pick.addEventListener('change', function () { pick.form.submit(); });
  if (!url || !window.EventSource || !document.getElementById('live')) return;
  var busy = false, again = false;
  function keys(root) {
    var seen = {};
    root.querySelectorAll('tr[id], tr[data-message]').forEach(function (tr) {
      seen[tr.id || tr.getAttribute('data-message')] = true;
    });
    return seen;
  }
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { headers: { 'Accept': 'text/html' }, cache: 'no-store' })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var next = doc.getElementById('live'), cur = document.getElementById('live');
        if (!next || !cur) return;
        var old = keys(cur), open = {};
        cur.querySelectorAll('details[open][data-key]').forEach(function (d) { open[d.getAttribute('data-key')] = true; });
        next.querySelectorAll('details[data-key]').forEach(function (d) { if (open[d.getAttribute('data-key')]) d.open = true; });
        cur.replaceWith(document.adoptNode(next));
        document.querySelectorAll('#live tr[id], #live tr[data-message]').forEach(function (tr) {
          if (old[tr.id || tr.getAttribute('data-message')]) return;
          tr.classList.add('fresh');
          tr.addEventListener('animationend', function () { tr.classList.remove('fresh'); }, { once: true });
        });
        ['clock', 'held'].forEach(function (id) {
          var a = doc.getElementById(id), b = document.getElementById(id);
          if (a && b) b.textContent = a.textContent;
        });
      })
      .catch(function () {})
      .then(function () { busy = false; if (again) { again = false; refresh(); } });
  }
  var es = new EventSource(url);
  es.addEventListener('change', refresh);
  es.addEventListener('open', function () { document.body.setAttribute('data-live', 'on'); });
})();
