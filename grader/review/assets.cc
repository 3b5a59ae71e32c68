// The review page's script and style, served by the binary itself: no
// build step, nothing fetched from elsewhere. The script reads only the
// data-* attributes the server escaped and sets text with textContent, never
// innerHTML.
#include <string>

#include "grader/review/server.h"

namespace grader {

const std::string& ReviewScript() {
  static const std::string kScript = R"JS('use strict';
(function () {
  const items = () => Array.from(document.querySelectorAll('article.item'));
  const whoBox = document.getElementById('who');
  const saved = window.localStorage ? localStorage.getItem('grader-review-who') : null;
  if (whoBox && saved) whoBox.value = saved;
  if (whoBox) whoBox.addEventListener('change', () => {
    if (window.localStorage) localStorage.setItem('grader-review-who', whoBox.value);
  });
  let current = null;
  function setCurrent(el) {
    if (current) current.classList.remove('current');
    current = el;
    if (el) {
      el.classList.add('current');
      el.focus({preventScroll: true});
      el.scrollIntoView({block: 'center'});
    }
  }
  function nextPending(from, step) {
    const all = items();
    let i = from ? all.indexOf(from) : -1;
    for (let n = 0; n < all.length; n++) {
      i = (i + step + all.length) % all.length;
      if (all[i].classList.contains('pending')) return all[i];
    }
    return null;
  }
  function status(text, bad) {
    const el = document.getElementById('regrade');
    if (!el) return;
    el.textContent = text;
    el.classList.toggle('bad', !!bad);
  }
  function applyStatus(s) {
    const byKey = new Map();  // one pass over the page, not one per item of the status
    for (const el of document.querySelectorAll('.item[data-sub]')) {
      const key = el.dataset.sub + '\n' + el.dataset.item;
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key).push(el);
    }
    for (const it of s.items) {
      for (const el of byKey.get(it.submission + '\n' + it.item) || []) {
        el.classList.toggle('pending', it.pending);
        el.classList.toggle('settled', !it.pending);
        const st = el.querySelector('.state');
        if (st && !it.pending) st.textContent = 'decided: credit ' + it.credit + (it.who ? ' by ' + it.who : '') + (it.when ? ' at ' + it.when : '');
      }
    }
    for (const el of document.querySelectorAll('.score[data-sub]')) {
      const sc = s.scores[el.dataset.sub];
      if (!sc) continue;
      const now = (Math.round(sc.score * 100) / 100) + ' / ' + sc.max;
      if (el.dataset.initial === undefined) el.dataset.initial = el.textContent;
      if (now !== el.dataset.initial.trim()) {
        el.textContent = el.dataset.initial.split(' / ')[0] + ' \u2192 ' + now;
        el.classList.add('changed');
      } else {
        el.textContent = now;
      }
      el.classList.add('updated');
      el.dataset.score = String(sc.score);
    }
    const p = document.getElementById('pending');
    if (p) p.textContent = String(s.pending);
    for (const g of document.querySelectorAll('section.group')) {
      const gp = g.querySelector('.gpending');
      if (gp) gp.textContent = String(g.querySelectorAll('.item.pending[data-sub]').length);
    }
  }
  async function poll(waitFor) {
    for (;;) {
      const r = await fetch('/api/status', {cache: 'no-store'});
      const s = await r.json();
      if (s.completed >= waitFor || s.error) {
        applyStatus(s);
        status(s.error ? 'regrade failed: ' + s.error : 'scores up to date', !!s.error);
        document.body.dataset.regraded = String(s.completed);
        return;
      }
      status('regrading\u2026');
      await new Promise((ok) => setTimeout(ok, 250));
    }
  }
  async function decide(targets, credit, comment) {
    targets = targets.filter((el) => el);
    if (!targets.length || credit === undefined || credit === '') return;
    const body = {
      items: targets.map((el) => ({submission: el.dataset.sub, item: el.dataset.item})),
      credit: credit, comment: comment || '', who: whoBox ? whoBox.value : ''
    };
    for (const el of targets) el.classList.add('saving');
    let r, reply;
    try {
      r = await fetch('/api/decide', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
      reply = await r.json();
    } catch (e) {
      reply = {error: String(e)};
    }
    for (const el of targets) el.classList.remove('saving');
    if (!r || !r.ok) {
      for (const el of targets) el.classList.add('failed');
      status('not saved: ' + (reply && reply.error ? reply.error : 'no answer'), true);
      return;
    }
    for (const el of targets) {
      el.classList.remove('pending', 'failed');
      el.classList.add('settled');
      const st = el.querySelector('.state');
      if (st) st.textContent = 'decided: credit ' + credit + ' (regrading\u2026)';
    }
    if (targets.includes(current) || !current) setCurrent(nextPending(targets[targets.length - 1], 1));
    await poll(reply.wait_for);
  }
  document.addEventListener('click', (ev) => {
    const b = ev.target.closest('button.choice');
    if (!b) {
      const it = ev.target.closest('article.item');
      if (it && !ev.target.closest('a, input')) setCurrent(it);
      return;
    }
    const controls = b.closest('.controls');
    const comment = controls ? controls.querySelector('input.comment') : null;
    let targets;
    if (b.dataset.scope === 'group') {
      targets = Array.from(b.closest('section.group').querySelectorAll('.item.pending[data-sub]'));
    } else {
      targets = [b.closest('article.item')];
    }
    decide(targets, b.dataset.credit, comment ? comment.value : '');
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.target.closest && ev.target.closest('input, textarea, select')) {
      if (ev.key === 'Escape') ev.target.blur();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const comment = () => current ? current.querySelector('input.comment') : null;
    switch (ev.key) {
      case 'j': case 'n': setCurrent(nextPending(current, 1)); break;
      case 'k': { const all = items(); const i = all.indexOf(current); setCurrent(all[(i - 1 + all.length) % all.length] || null); break; }
      case 'a': if (current) decide([current], current.dataset.credit, comment() ? comment().value : ''); break;
      case 'f': if (current) decide([current], '1', comment() ? comment().value : ''); break;
      case 'z': if (current) decide([current], '0', comment() ? comment().value : ''); break;
      case 'c': if (comment()) { ev.preventDefault(); comment().focus(); } break;
      default: return;
    }
  });
  if (document.body.dataset.page === 'queue') setCurrent(nextPending(null, 1));
  document.body.dataset.ready = '1';
})();
)JS";
  return kScript;
}

const std::string& ReviewStyle() {
  static const std::string kStyle = R"CSS(
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f6f6f3; }
nav { position: sticky; top: 0; z-index: 2; background: #23395d; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: center; }
nav a { color: #fff; text-decoration: none; } nav a.here { font-weight: bold; text-decoration: underline; }
nav .folder { opacity: .7; font-family: monospace; flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
nav input { width: 9em; } .regrade { min-width: 12em; } .regrade.bad { color: #ffb4b4; }
main { max-width: 1100px; margin: 0 auto; padding: 8px 16px 80px; }
h2 { margin-top: 28px; border-bottom: 2px solid #23395d; } h2 small { font-weight: normal; color: #555; font-size: 13px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
section.group { background: #ecefe8; border-radius: 6px; padding: 4px 10px 10px; margin: 10px 0; }
article.item { background: #fff; border: 1px solid #ccc; border-left: 5px solid #c77d00; border-radius: 4px; margin: 8px 0; padding: 6px 10px; outline: none; }
article.item.settled { border-left-color: #2e7d32; opacity: .85; } article.item.current { box-shadow: 0 0 0 3px #5b8def; }
article.item.failed { border-left-color: #c62828; } article.item.saving { opacity: .5; }
ul.rest { margin: 4px 0; padding-left: 18px; } li.item { margin: 2px 0; } li.item.pending .state { color: #8a5a00; }
li.item.settled { opacity: .8; } li.item.failed { color: #c62828; } li.item.saving { opacity: .5; } p.compact-note { color: #555; }
article.item header { display: flex; gap: 12px; flex-wrap: wrap; align-items: baseline; }
.state { color: #555; } .score { margin-left: auto; font-weight: bold; } .score.changed { color: #1b5e20; }
.why { color: #8a4b00; margin: 4px 0; } .detail { color: #666; font-size: 12px; margin: 2px 0; }
pre { background: #fafafa; border: 1px solid #ddd; padding: 6px; white-space: pre-wrap; word-break: break-word; font-size: 12.5px; }
pre.response { max-height: none; } .ln { display: inline-block; width: 3.5em; color: #999; user-select: none; }
mark.review, mark.evidence { background: #ffe082; } mark.candidate { background: #b3e5fc; }
.controls { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0 2px; }
button.choice { border: 1px solid #888; border-radius: 4px; background: #fff; padding: 3px 8px; cursor: pointer; }
button.choice.full { border-color: #2e7d32; } button.choice.zero { border-color: #c62828; } button.choice:hover { background: #eef; }
input.comment { flex: 1; min-width: 12em; }
table { border-collapse: collapse; background: #fff; } td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
tr.flag { background: #fff6e0; } kbd { border: 1px solid #aaa; border-radius: 3px; padding: 0 4px; background: #fff; }
)CSS";
  return kStyle;
}

}  // namespace grader
