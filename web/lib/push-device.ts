import { call } from './api.ts';

// This browser as a device for Web Push: the service worker (web/public/sw.js, scope /) and its
// subscription, sent to the server with the VAPID public key the server gave.

export function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** Registers the service worker (also what makes the app installable); harmless where unsupported. */
export function registerServiceWorker(): void {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
}

/** Asks for permission, subscribes and registers the device; the outcome the page shows. */
export async function subscribeThisDevice(): Promise<'enabled' | 'denied' | 'unsupported'> {
  if (!pushSupported()) return 'unsupported';
  if ((await Notification.requestPermission()) !== 'granted') return 'denied';
  const registration = await navigator.serviceWorker.ready;
  const { publicKey } = await call('GET /push-key');
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64urlBytes(publicKey) }));
  // The browser's JSON leaves the keys optional in its type; a push subscription always has both.
  const { keys } = subscription.toJSON();
  await call('POST /account/devices', { body: { endpoint: subscription.endpoint, keys: { p256dh: keys!.p256dh!, auth: keys!.auth! } } });
  return 'enabled';
}

function base64urlBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
