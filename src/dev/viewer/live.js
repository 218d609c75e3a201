/* global document, EventSource, history, location */
// Data and live updates: JSON from the viewer's API, and one EventSource per page whose
// `update` events (which traces changed, whether logs or metrics arrived) trigger a refetch.

const listeners = new Set();
let source;

/** Fetches JSON from the viewer's API; `undefined` for a 404. */
export async function getJson(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/** Calls `listener(update)` for every update event; opens the event stream on first use. */
export function onUpdate(listener) {
  listeners.add(listener);
  if (source) return;
  const badge = document.getElementById('live');
  const show = (state, text) => {
    if (!badge) return;
    badge.className = `live ${state}`;
    badge.textContent = text;
  };
  source = new EventSource('/api/events');
  source.addEventListener('open', () => show('on', 'live'));
  source.addEventListener('error', () => show('off', 'reconnecting…'));
  source.addEventListener('update', (event) => {
    const update = JSON.parse(event.data);
    for (const fn of listeners) fn(update);
  });
}

/**
 * Wraps an async `load` so that calls coalesce: one run at a time, at most one every `gapMs`,
 * and a call during a run schedules exactly one more.
 */
export function coalesce(load, gapMs = 400) {
  let running = false;
  let again = false;
  let last = 0;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    const wait = last + gapMs - Date.now();
    if (wait > 0) {
      running = true;
      await new Promise((r) => setTimeout(r, wait));
      running = false;
    }
    running = true;
    last = Date.now();
    try {
      await load();
    } finally {
      running = false;
      if (again) {
        again = false;
        void run();
      }
    }
  };
  return run;
}

/** The page's filter values from the query string. */
export function queryParams() {
  return new URLSearchParams(location.search);
}

/** Writes filter values to the query string (no reload), dropping empty ones. */
export function setQuery(values) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const search = params.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
  return params;
}

/** The values of a form's named controls. */
export function formValues(form) {
  const values = {};
  for (const el of form.elements) if (el.name) values[el.name] = el.value.trim();
  return values;
}
