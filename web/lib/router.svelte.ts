/** Client-side paths; the server answers every non-API path with the app shell. */
export const ROUTES = ['/', '/opvang', '/zoeken', '/beheer', '/statistieken', '/account', '/wachtwoord'] as const;
export type Route = (typeof ROUTES)[number];

class Router {
  path = $state<string>(typeof location === 'undefined' ? '/' : location.pathname);

  constructor() {
    if (typeof window !== 'undefined') window.addEventListener('popstate', () => (this.path = location.pathname));
  }

  go(path: Route) {
    if (path === this.path) return;
    history.pushState(null, '', path);
    this.path = path;
    // Move focus to the new page's content, as a full page load would for screen readers.
    queueMicrotask(() => document.getElementById('main')?.focus());
  }
}

export const router = new Router();
