"""The page's ear on the live room: a small browser component that reruns the page when the room changes.

It opens the room's event stream (``room.events``, ``/room-events/CODE``) with the browser's own
``EventSource``, which reconnects by itself after a network drop or a phone's sleep. When the room's
counters differ from those the page was drawn with, it sets its state value, and Streamlit reruns the
page (or only the fragment it sits in: the lecturer's tally). A burst of votes reruns the tally at
most every ``THROTTLE_MS``. If the stream cannot be opened at all (a host that does not serve the
app's own routes), it says so, and the page falls back to asking the server every few seconds.

It also keeps the lecturer's presenter secret in this browser's ``localStorage`` (never in a link
students see), so that a reload of the presenter's page, in the same browser, is the presenter again,
and forgets it when the lecturer leaves the room (a shared lecture-hall PC). And it keeps this
browser's member id in a cookie (``ui.lecture.room.MEMBER_COOKIE``), which the server reads when a
page (a reload, a second tab) starts: one browser, one vote.

When the room ends (``{"ended": true}``) the page is rerun to say so. A new ``attempt`` (a rejoin after a
restart) opens the stream afresh even at the same address.

When the stream drops and comes back (or is refused: the server restarted and lost the room), the page is
rerun, so that it starts a new session on a restarted server and rejoins. Streamlit's own reconnect does not
rerun a page without a timer, and a rerun asked for while its connection is still down is lost, so the
listener asks again every ``ASK_AGAIN_MS`` until the server's next run echoes what it asked (``data.heard``).

The JavaScript is fixed text (trusted code); data comes in through ``data`` only.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

MEMBER_COOKIE = "pgroom_member"

JS = """
export default function (component) {
  const { data, setStateValue } = component;
  const registry = (window.__roomListener = window.__roomListener || {});
  const me = registry[data.name] || (registry[data.name] = { sent: null, timer: null, last: 0 });
  me.data = data;
  me.set = setStateValue;
  const storageKey = 'pgroom-presenter-' + data.code;
  if (data.save_member) {
    const secure = location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = data.member_cookie + '=' + data.save_member + '; path=/; max-age=31536000; SameSite=Lax' + secure;
  }
  try {
    if (data.save_secret) localStorage.setItem(storageKey, data.save_secret);
    if (data.forget_secret) localStorage.removeItem(storageKey);
    if (data.look_for_secret && !me.looked) {
      me.looked = true;
      const kept = localStorage.getItem(storageKey);
      if (kept) setStateValue('secret', kept);
    }
  } catch (e) { /* storage blocked (private mode): the presenter link still works */ }

  const withVotes = (d) => d.votes !== null && d.votes !== undefined;
  const seenOf = (d) => (withVotes(d) ? d.revision + ':' + d.votes : String(d.revision));
  const report = (value) => {
    me.sent = value; me.last = performance.now(); me.timer = null;
    me.set('seen', value);
  };
  // Ask for a rerun until a run of the server echoes one of the asks (a lost ask is asked again).
  if (me.asked && me.asked.includes(data.heard)) { clearTimeout(me.asking); me.asked = null; }
  const askForRun = () => {
    me.asked = me.asked || [];
    if (me.asked.length >= data.ask_limit) { me.asked = null; return; }
    const ask = 'ask:' + Date.now() + ':' + me.asked.length;
    me.asked.push(ask);
    me.set('seen', ask);
    clearTimeout(me.asking);
    me.asking = setTimeout(askForRun, data.ask_again_ms);
  };
  const heard = (m) => {
    if (m.ended) { if (me.source) me.source.close(); report('ended'); return; }
    const value = withVotes(me.data) ? m.revision + ':' + m.votes : String(m.revision);
    if (value === seenOf(me.data) || value === me.sent) return;
    const wait = me.data.throttle_ms - (performance.now() - me.last);
    if (me.timer) clearTimeout(me.timer);
    if (wait > 0) me.timer = setTimeout(() => report(value), wait); else report(value);
  };
  const stream = data.url ? data.url + '#' + data.attempt : null;
  if (me.stream !== stream) {
    if (me.source) me.source.close();
    me.source = null; me.stream = stream; me.sent = null;
    if (data.url && window.EventSource) {
      const source = new EventSource(data.url);
      me.source = source;
      source.onmessage = (e) => { try { heard(JSON.parse(e.data)); } catch (err) { /* not ours */ } };
      source.onopen = () => { if (me.dropped) { me.dropped = false; askForRun(); } };  // back: perhaps a new server
      source.onerror = () => {
        if (source.readyState !== EventSource.CLOSED) { me.dropped = true; return; }  // the browser tries again
        me.set('push', false);
        askForRun();
      };
    } else if (data.url) {
      setStateValue('push', false);
    }
  }
  return () => {
    if (me.source) me.source.close();
    if (me.timer) clearTimeout(me.timer);
    clearTimeout(me.asking);
    if (registry[data.name] === me) delete registry[data.name];
  };
}
"""

_listener = st.components.v2.component("room_listener", js=JS)

THROTTLE_MS = 700
ASK_AGAIN_MS = 2000
ASK_LIMIT = 30  # a minute of asking, then the page waits for its next event


def listen(
    name: str,
    code: str,
    revision: int,
    votes: int | None = None,
    stream: bool = True,
    save_secret: str | None = None,
    look_for_secret: bool = False,
    on_change=None,
    *,
    member: str = "",
    attempt: str = "",
    save_member: str | None = None,
    forget_secret: bool = False,
):
    """Mount the listener; returns its result (``.seen``, ``.push``, ``.secret`` as the browser set them).

    ``votes`` given: the lecturer's tally, woken by votes as well as moves. ``stream=False``: no event
    stream (the presenter's own page), only the keeping of the presenter secret and the member id.
    """
    query = urlencode({"member": member} | ({"votes": "1"} if votes is not None else {}))
    url = f"/room-events/{code}?{query}" if stream else None
    data = {
        "name": name,
        "code": code,
        "url": url,
        "revision": int(revision),
        "votes": None if votes is None else int(votes),
        "throttle_ms": THROTTLE_MS,
        "save_secret": save_secret,
        "look_for_secret": look_for_secret,
        "forget_secret": forget_secret,
        "attempt": attempt,
        "member": member,
        "save_member": save_member,
        "member_cookie": MEMBER_COOKIE,
        "heard": (st.session_state.get(f"room_listener_{name}") or {}).get("seen"),
        "ask_again_ms": ASK_AGAIN_MS,
        "ask_limit": ASK_LIMIT,
    }
    callback = on_change or (lambda: None)
    return _listener(
        key=f"room_listener_{name}",
        data=data,
        on_seen_change=callback,
        on_push_change=callback,
        on_secret_change=callback,
    )
