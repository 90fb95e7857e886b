// The service worker of Noodbed (issue 14): shows Web Push alerts and opens the page they name. A push
// carries only a kind, a text and what to open (server/alerts/kinds.ts); this worker keeps no data.
// "Alles klopt" confirms the location's statuses with the user's own session (the cookie), as the page would.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let alert;
  try {
    alert = event.data.json();
  } catch {
    return;
  }
  const actions = alert.confirmLocation ? [{ action: 'confirm', title: 'Alles klopt' }] : [];
  event.waitUntil(
    Promise.all([
      self.registration.showNotification(alert.title, {
        tag: alert.tag,
        data: alert,
        actions,
        icon: '/icons/icon-192.png',
        badge: '/icons/icon-192.png',
        // A hold waiting for an answer stays until someone looks.
        requireInteraction: alert.kind === 'hold_incoming' || alert.kind === 'hold_unanswered',
        vibrate: [200, 100, 200],
      }),
      // Open pages refresh their alerts at once (title, banners, sound).
      self.clients
        .matchAll({ type: 'window', includeUncontrolled: true })
        .then((pages) => pages.forEach((page) => page.postMessage({ type: 'alert', kind: alert.kind }))),
    ]),
  );
});

self.addEventListener('notificationclick', (event) => {
  const alert = event.notification.data || {};
  event.notification.close();
  if (event.action === 'confirm' && alert.confirmLocation) {
    event.waitUntil(
      fetch(`/api/v1/locations/${encodeURIComponent(alert.confirmLocation)}/confirmations`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      }).then((response) => (response.ok ? undefined : openPage(alert.open))),
    );
    return;
  }
  event.waitUntil(openPage(alert.open || '/'));
});

async function openPage(path) {
  const url = new URL(path, self.location.origin).href;
  const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = pages.find((page) => new URL(page.url).origin === self.location.origin);
  if (open) {
    await open.focus();
    return open.navigate(url).catch(() => undefined);
  }
  return self.clients.openWindow(url);
}
