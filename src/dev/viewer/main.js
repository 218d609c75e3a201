/* global document, location */
// Entry point: picks the page from the path (each page is a real URL a user can paste) and
// marks the current tab.
import { h, replace } from './dom.js';
import { errorsPage } from './errors.js';
import { logsPage } from './logs.js';
import { metricsPage } from './metrics.js';
import { tracePage } from './trace.js';
import { tracesPage } from './traces.js';

const main = document.getElementById('main');
const path = location.pathname;
const trace = /^\/traces\/([^/]+)$/.exec(path);
const page = trace
  ? 'traces'
  : (['logs', 'errors', 'metrics'].find((p) => path === `/${p}`) ?? 'traces');
document.querySelector(`nav a[data-page="${page}"]`)?.setAttribute('aria-current', 'page');

const pages = { logs: logsPage, errors: errorsPage, metrics: metricsPage, traces: tracesPage };

async function render() {
  if (trace) return tracePage(main, decodeURIComponent(trace[1]));
  return pages[page](main);
}

render().catch((error) => {
  replace(
    main,
    h('h1', { text: 'Something went wrong' }),
    h('p', { text: String(error?.message ?? error) }),
  );
});
