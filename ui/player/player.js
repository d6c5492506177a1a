// The player of a run: moves a Plotly figure's curtains, policy curve and readouts to the step chosen, at every
// animation frame the browser draws, from the arrays of a timeline (ui/player/timeline.py) sent once. The same code runs
// in the page (ui/player/sync.py, a Streamlit component) and in the offline file (ui/player/animation.py).
// Fixed text (trusted code): data comes in as the timeline and is written with textContent or given to Plotly.

const PLAYER_STILL = { mode: 'immediate', frame: { duration: 0, redraw: false }, transition: { duration: 0 } };

function playerArray(value) {  // a base64 typed array from Python (ui.common.compact, ui.player.timeline), or the value itself
  if (value === null || value === undefined || typeof value === 'number' || Array.isArray(value)) return value;
  const bytes = Uint8Array.from(atob(value.bdata), (c) => c.charCodeAt(0));
  const Type = { i1: Int8Array, i2: Int16Array, i4: Int32Array, f4: Float32Array, f8: Float64Array }[value.dtype];
  return new Type(bytes.buffer);
}

function playerFixed(units, decimals) {  // whole units of the last place, as Python's f"{value:.{decimals}f}" wrote them
  const digits = String(Math.abs(units)).padStart(decimals + 1, '0');
  const text = decimals ? digits.slice(0, -decimals) + '.' + digits.slice(-decimals) : digits;
  return (units < 0 ? '\u2212' : '') + text;
}

function playerMapped(value, map) {  // onto the player's paper coordinates, held inside its subplot: [d0, r0, scale, d1]
  if (value === null || Number.isNaN(value)) return null;
  if (!map) return value;
  return Math.min(Math.max(map[0] + (value - map[1]) * map[2], map[0]), map[3]);
}

function playerText(slot) {
  if (slot.step !== undefined) return (e, s) => slot.step.replace('{}', s.toLocaleString('en-US'));
  if (slot.fixed) {
    const units = playerArray(slot.fixed.units);
    return (e) => slot.fixed.html.replace('{}', playerFixed(units[e], slot.fixed.decimals));
  }
  const index = playerArray(slot.pick.index);
  return (e) => slot.pick.strings[index[e]];
}

function playerRecipe(recipe) {  // a function (entry, step) -> the values of one key of one trace
  const [kind, spec] = Object.entries(recipe)[0];
  const at = (values, e) => (typeof values === 'number' ? values : values[e]);
  if (kind === 'of_step') {
    return (e, s) => spec.a.map((a, j) => {
      if (a === null || (spec.hidden_from !== undefined && s >= spec.hidden_from)) return null;
      const value = a + spec.b[j] * s;
      return spec.low ? Math.min(Math.max(value, spec.low[j]), spec.high[j]) : value;
    });
  }
  if (kind === 'per_entry') {
    const rows = playerArray(spec.rows), width = spec.width;
    return (e) => Array.from({ length: width }, (_, j) => playerMapped(rows[e * width + j], spec.map));
  }
  if (kind === 'sigmoid') {
    const weight = playerArray(spec.weight), bias = playerArray(spec.bias);
    return (e) => spec.of.map((h) => playerMapped(1 / (1 + Math.exp(-(at(weight, e) * h + at(bias, e)))), spec.map));
  }
  if (kind === 'shown_from') return (e, s) => spec.steps.map((from, j) => (s >= from ? spec.values[j] : null));
  const slots = spec.map(playerText);  // texts
  return (e, s) => slots.map((slot) => slot(e, s));
}

// timeline: from ui.player.timeline (mapped by ui.player.layers); chart(): the Plotly element to move, or null while it is not
// drawn yet; bar: the element holding the buttons, the scrubber and the status; onRest(step): the frame shown
// has rested for restMs on a step other than the last reported; carry: {step, speed} to open at, playing if speed.
function timelinePlayer({ timeline, chart, bar, onRest, restMs, reported, carry, keys, remember, onReveal }) {
  const steps = playerArray(timeline.steps), last = timeline.count - 1;
  const traces = Object.keys(timeline.traces).map(Number);
  const recipes = traces.map((i) => Object.entries(timeline.traces[i]).map(([key, r]) => [key, playerRecipe(r)]));
  const reveal = timeline.reveal || [];
  const range = bar.querySelector('input[type=range]'), now = bar.querySelector('.player-now');
  const status = bar.querySelector('.player-status'), captionBox = bar.querySelector('.player-caption');
  const caption = timeline.caption ? playerRecipe(timeline.caption) : null;  // a line of words under the buttons
  const writeCaption = (e) => { if (caption && captionBox) captionBox.textContent = caption(e, steps[e])[0]; };
  const of = ' of ' + timeline.last.toLocaleString('en-US');
  let entry = timeline.start, drawn = -1, busy = false, play = null, revealed = null, raf = 0, rest = 0, gone = false;
  let frames = 0;
  const given = recipes.map(() => null);  // what each trace was last given, as JSON
  range.max = String(last);

  const indexOf = (step) => {  // the entry showing ``step``, or the last before it
    let low = 0, high = last;
    while (low < high) { const mid = (low + high + 1) >> 1; if (steps[mid] <= step) low = mid; else high = mid - 1; }
    return low;
  };
  const schedule = () => { if (!raf && !gone) raf = requestAnimationFrame(tick); };
  const settle = () => {
    clearTimeout(rest);
    rest = setTimeout(() => {
      if (gone || play || drawn !== entry || steps[entry] === reported) return;
      reported = steps[entry];
      status.textContent = timeline.label + ' ' + reported.toLocaleString('en-US') + ' shown.';
      if (onRest) onRest(reported);
    }, restMs);
  };
  const draw = (gd) => {
    busy = true;
    const e = entry, s = steps[e];
    // Only the traces whose values changed (a marker shows once): Plotly re-reads each trace it is given.
    const data = [], changed = [];
    recipes.forEach((keys, k) => {
      const values = Object.fromEntries(keys.map(([key, at]) => [key, at(e, s)]));
      const text = JSON.stringify(values);
      if (text !== given[k]) { given[k] = text; data.push(values); changed.push(traces[k]); }
    });
    drawn = e;  // Plotly takes the frame's data at once (what gd.data reads from now on), and draws it next
    // Plotly draws a frame at once, inside animate, and settles its promise an animation frame later: waiting
    // for it would halve the frame rate. Only a verdict's redraw (relayout) is waited for.
    const done = () => { busy = false; frames += 1; schedule(); };
    const move = () => {
      if (changed.length) window.Plotly.animate(gd, { data, traces: changed }, PLAYER_STILL).catch(() => {});
      done();
    };
    const shown = reveal.map(([, from]) => s >= from);
    if (reveal.length && (revealed === null || shown.some((v, k) => v !== revealed[k]))) {
      // A verdict reached (or left, going back): shown or hidden before the curtain moves, in one redraw.
      const changes = {};
      reveal.forEach(([i], k) => { changes['annotations[' + i + '].visible'] = shown[k]; });
      revealed = shown;
      if (onReveal) onReveal(shown.every(Boolean));
      window.Plotly.relayout(gd, changes).then(move, move);
    } else {
      move();
    }
    range.value = String(e);
    writeCaption(e);
    const words = timeline.label + ' ' + s.toLocaleString('en-US') + of;
    now.textContent = words;
    range.setAttribute('aria-valuetext', words);
  };
  function tick(t) {
    raf = 0;
    if (gone) return;
    const gd = chart();
    if (!gd) { schedule(); return; }  // the chart is not drawn yet
    if (play) {
      entry = Math.min(last, play.from + Math.max(0, Math.floor(((t - play.t0) / 1000) * play.rate)));
      if (entry >= last) play = null;
    }
    if (remember) remember({ step: steps[entry], speed: play && play.speed });
    if (busy) { schedule(); return; }
    if (drawn !== entry) { draw(gd); return; }
    if (play) schedule(); else settle();
  }

  const go = (what) => {
    if (what === 'toggle') what = play ? 'pause' : 'play';
    if (what === 'play' || what === 'fast') {
      if (entry >= last) entry = 0;  // at the end: play again from the start
      const seconds = timeline.seconds[what];
      play = { speed: what, from: entry, t0: performance.now(), rate: Math.max(last, 1) / seconds };
    } else {
      play = null;
      if (what === 'start') entry = 0;
      if (what === 'back') entry = Math.max(0, entry - 1);
      if (what === 'forward') entry = Math.min(last, entry + 1);
      if (what === 'end') entry = last;
    }
    schedule();
  };
  bar.querySelectorAll('button[data-go]').forEach((b) => { b.onclick = () => go(b.dataset.go); });
  range.oninput = () => { play = null; entry = Math.max(0, Math.min(last, Number(range.value))); schedule(); };
  const onKey = (e) => {
    const where = e.composedPath()[0];  // inside a shadow root, document.activeElement is only its host
    const typing = where && (where.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(where.tagName));
    if (gone || typing || e.altKey || e.ctrlKey || e.metaKey || (where && where.tagName === 'BUTTON' && e.key === ' ')) return;
    const action = keys[e.key.length === 1 ? e.key.toLowerCase() : e.key];
    if (action) { e.preventDefault(); go(action); }
  };
  document.addEventListener('keydown', onKey);
  if (carry) {
    entry = indexOf(carry.step);
    if (carry.shown) drawn = entry;  // the same chart, still showing that step (a rerun): nothing to draw
    if (carry.speed) go(carry.speed);
  }
  writeCaption(entry);
  schedule();
  return {
    go,
    state: () => ({ step: steps[drawn < 0 ? entry : drawn], entry: drawn, playing: Boolean(play), frames, last }),
    stop: () => { gone = true; cancelAnimationFrame(raf); clearTimeout(rest); document.removeEventListener('keydown', onKey); },
  };
}
