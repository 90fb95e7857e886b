import type { z } from '@hono/zod-openapi';

import type { OpenAlert } from '../../server/alerts/alerts.schema.ts';
import { call } from './api.ts';
import { live } from './live.svelte.ts';

export type OpenAlertDto = z.infer<typeof OpenAlert>;

const SOUND_KEY = 'noodbed.alertSound';
// Alerts from the clock (a hold left unanswered) come without a live change: look again now and then.
const POLL_MS = 30_000;
// The server derives an alert from a change within its tick (ALERT_TICK_SECONDS, 5 s): look again after it.
const AFTER_CHANGE_MS = 6_000;

/**
 * The alerts that still hold for the logged-in user, in an open page: the title shows their count, a
 * new one sounds (unless switched off here) and vibrates a phone, and each shows as a banner until it
 * no longer holds. Refreshed on every live change, on a push the service worker passes on, and every
 * 30 seconds.
 */
class Alerts {
  items = $state<OpenAlertDto[]>([]);
  sound = $state(readSound());
  private seen = new Set<string>();
  private first = true;
  private stopLive: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private followUp: ReturnType<typeof setTimeout> | undefined;
  private onMessage = (event: MessageEvent) => {
    if (event.data?.type === 'alert') void this.refresh();
  };

  start() {
    if (this.stopLive) return;
    this.first = true;
    this.stopLive = live.subscribe(() => {
      void this.refresh();
      clearTimeout(this.followUp);
      this.followUp = setTimeout(() => void this.refresh(), AFTER_CHANGE_MS);
    });
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    navigator.serviceWorker?.addEventListener('message', this.onMessage);
    void this.refresh();
  }

  stop() {
    this.stopLive?.();
    this.stopLive = null;
    clearInterval(this.timer);
    clearTimeout(this.followUp);
    navigator.serviceWorker?.removeEventListener('message', this.onMessage);
    this.items = [];
    this.seen.clear();
  }

  setSound(on: boolean) {
    this.sound = on;
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  }

  private async refresh() {
    try {
      const { items } = await call('GET /alerts');
      const fresh = items.filter((alert) => !this.seen.has(alert.id));
      for (const alert of items) this.seen.add(alert.id);
      this.items = items;
      // What was already open when the page loaded is not news.
      if (fresh.length > 0 && !this.first) this.announce();
      this.first = false;
    } catch {
      // Logged out or offline: the session and the live status say so; nothing to alert.
    }
  }

  private announce() {
    if (!this.sound) return;
    navigator.vibrate?.([200, 100, 200]);
    beep();
  }
}

function readSound(): boolean {
  return typeof localStorage === 'undefined' || localStorage.getItem(SOUND_KEY) !== 'off';
}

/** Two short tones from the Web Audio API: no sound file to load, nothing the CSP must allow. */
function beep() {
  try {
    const context = new AudioContext();
    for (const [at, frequency] of [
      [0, 880],
      [0.25, 660],
    ] as const) {
      const tone = context.createOscillator();
      const gain = context.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, context.currentTime + at);
      gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + at + 0.2);
      tone.connect(gain).connect(context.destination);
      tone.start(context.currentTime + at);
      tone.stop(context.currentTime + at + 0.2);
    }
    setTimeout(() => void context.close(), 1_000);
  } catch {
    // No audio (a browser policy before the first tap): the title and the banner still show it.
  }
}

export const alerts = new Alerts();
