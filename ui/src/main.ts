// The dashboard: sign in, then pages chosen by the URL's hash (#/overview, #/suppressions, ...),
// so every view has an address to bookmark and the browser's back button works.
import { api, ApiError, type Me, setCsrf } from './api.js';
import { append, clear, h, message } from './dom.js';
import { overviewPage } from './pages/overview.js';
import { signalsPage } from './pages/signals.js';
import { suppressionsPage } from './pages/suppressions.js';
import { addressPage } from './pages/address.js';
import { messagePage } from './pages/message.js';
import { reviewPage } from './pages/review.js';
import { statusPage } from './pages/status.js';

export interface PageCtx {
  me: Me;
  /** the route's arguments: `#/address/x` → ['x'] */
  args: string[];
  params: URLSearchParams;
  main: HTMLElement;
}

const PAGES: Array<{ path: string; title: string; nav: boolean; render: (c: PageCtx) => Promise<void> }> = [
  { path: 'overview', title: 'Overview', nav: true, render: overviewPage },
  { path: 'signals', title: 'Signals', nav: true, render: signalsPage },
  { path: 'suppressions', title: 'Suppressions', nav: true, render: suppressionsPage },
  { path: 'review', title: 'Review queue', nav: true, render: reviewPage },
  { path: 'status', title: 'Status', nav: true, render: statusPage },
  { path: 'address', title: 'Address', nav: false, render: addressPage },
  { path: 'message', title: 'Message', nav: false, render: messagePage },
];

const app = document.getElementById('app')!;
let me: Me | null = null;

async function start() {
  try {
    me = await api<Me>('GET', 'session');
    setCsrf(me.csrf);
  } catch {
    me = null;
  }
  window.addEventListener('hashchange', () => void render());
  await render();
}

async function render() {
  clear(app);
  if (!me) return signIn();
  const [path = 'overview', ...rest] = location.hash.replace(/^#\/?/, '').split('?')[0]!.split('/');
  const page = PAGES.find((p) => p.path === path) ?? PAGES[0]!;
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const main = h('main', { id: 'main', tabindex: '-1' });
  app.append(header(page.path), main);
  document.title = `${page.title} · Rebound`;
  main.append(h('p', { class: 'muted loading' }, 'Loading…'));
  try {
    const ctx: PageCtx = { me, args: rest.map(decodeURIComponent), params, main };
    const body = h('div', { class: 'page' });
    await page.render({ ...ctx, main: body });
    clear(main);
    main.append(body);
    main.setAttribute('data-page', page.path);
  } catch (err) {
    clear(main);
    if (err instanceof ApiError && err.status === 401) {
      me = null;
      return render();
    }
    main.append(message('error', (err as Error).message));
  }
}

function header(current: string): HTMLElement {
  const nav = h('nav', { 'aria-label': 'Pages' });
  const ul = h('ul');
  for (const p of PAGES.filter((x) => x.nav)) {
    ul.append(h('li', {}, h('a', { href: `#/${p.path}`, 'aria-current': p.path === current ? 'page' : null }, p.title)));
  }
  nav.append(ul);
  const out = h('button', { type: 'button', class: 'ghost', id: 'sign-out', onclick: () => void signOut() }, 'Sign out');
  return h(
    'header',
    { class: 'top' },
    h('a', { class: 'brand', href: '#/overview' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '↩'), 'Rebound'),
    nav,
    h('div', { class: 'who' }, h('span', { class: 'muted' }, `${me!.name} · ${me!.role}`), out),
  );
}

async function signOut() {
  await api('DELETE', 'session').catch(() => {});
  me = null;
  setCsrf('');
  await render();
}

function signIn() {
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'current-password', required: true });
  const status = h('div', { class: 'form-status' });
  const form = h(
    'form',
    { class: 'card signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '↩'), ' Rebound'),
    h('p', { class: 'muted' }, 'Bounces, suppressions and deliverability signals.'),
    h('label', { for: 'token' }, 'Access token'),
    input,
    h('button', { type: 'submit' }, 'Sign in'),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clear(status);
    api<Me>('POST', 'session', { token: input.value })
      .then(async (m) => {
        me = m;
        setCsrf(m.csrf);
        await render();
      })
      .catch((err: Error) => append(status, message('error', err.message)));
  });
  app.append(h('main', { id: 'main', class: 'signin-wrap' }, form));
  input.focus();
}

void start();
