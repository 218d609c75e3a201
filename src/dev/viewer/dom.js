/* global document, Node */
// DOM and text helpers of the viewer. Telemetry is attacker-controlled text: every value goes
// into the page through textContent (strings passed to h() become text nodes), never as markup,
// and hrefs are only ever the viewer's own paths.

/**
 * Builds an element. Props: `class`, `text`, `style` (object), `on<event>` (listener), `href`
 * (same-origin paths only), anything else as an attribute. Children: nodes, strings (as text),
 * arrays, or nothing.
 * @example h('a', { href: `/traces/${id}` }, name)
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'style') Object.assign(el.style, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'href') el.setAttribute('href', localHref(value));
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (nodes; anything else as a text node). */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Only the viewer's own paths: a `javascript:` or foreign URL can never become a link. */
function localHref(value) {
  const href = String(value);
  return /^[/?#](?!\/)/.test(href) ? href : '#';
}

/** Replaces the content of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** The link to a trace (and a span in it). */
export function traceHref(traceId, spanId) {
  return `/traces/${encodeURIComponent(traceId)}${spanId ? `#span-${encodeURIComponent(spanId)}` : ''}`;
}

/** A duration in ms as people read it: `0.4 ms`, `12 ms`, `1.2 s`. */
export function duration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${Number(ms.toPrecision(2))} ms`;
  if (ms < 10) return `${Number(ms.toFixed(1))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Wall-clock time with milliseconds, local time zone. */
export function clock(ms) {
  const d = new Date(ms);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** `12 s ago`, `3 min ago`, `2 h ago`. */
export function ago(ms) {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

/** Any attribute value as text. */
export function plain(value) {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

/** CSS class of a log severity number (OTel ranges). */
export function levelClass(n) {
  if (n >= 21) return 'lvl-fatal';
  if (n >= 17) return 'lvl-error';
  if (n >= 13) return 'lvl-warn';
  if (n >= 9) return 'lvl-info';
  return 'lvl-debug';
}

const SEVERITIES = ['low', 'medium', 'high', 'critical'];

/** The error badge of a trace or group: code, severity, and the class thrown as a tooltip. */
export function errorBadge({ code, severity, type, count }, href) {
  const label = [code, severity].filter(Boolean).join(' · ') + (count > 1 ? ` ×${count}` : '');
  return h(href ? 'a' : 'span', {
    class: `badge sev-${SEVERITIES.includes(severity) ? severity : 'unknown'}`,
    href,
    title: type ? `error.type ${code} · ${type}` : `error.type ${code}`,
    text: label,
  });
}

/** A key/value table of attributes, sorted by key. */
export function attributeTable(attributes, caption) {
  const keys = Object.keys(attributes ?? {}).sort();
  if (keys.length === 0) return null;
  return h(
    'table',
    { class: 'kv' },
    caption ? h('caption', { text: caption }) : null,
    keys.map((key) =>
      h('tr', {}, h('th', { text: key }), h('td', {}, h('code', { text: plain(attributes[key]) }))),
    ),
  );
}

/** A labelled `<select>` with an "any" entry; fill it with {@link fillSelect}. */
export function select(name, label, options = [], value = '', anyLabel = 'any') {
  const el = h('select', { name, 'data-any': anyLabel });
  fillSelect(el, options, value);
  return h('label', {}, label, el);
}

/** Sets a select's options, keeping `value` (or the current one) selected even if not listed. */
export function fillSelect(el, options, value = el.value) {
  const values = value && !options.includes(value) ? [value, ...options] : options;
  el.replaceChildren(
    h('option', { value: '', text: el.dataset.any ?? 'any' }),
    ...values.map((v) => h('option', { value: v, text: v })),
  );
  el.value = value ?? '';
}

/** Calls `onChange(form)` on any change, and 250 ms after typing stops. */
export function watchForm(form, onChange) {
  let timer;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onChange(form);
  });
  form.addEventListener('change', () => onChange(form));
  form.addEventListener('input', (event) => {
    if (event.target.tagName !== 'INPUT') return;
    clearTimeout(timer);
    timer = setTimeout(() => onChange(form), 250);
  });
  return form;
}
