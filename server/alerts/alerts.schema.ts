import { ECDH } from 'node:crypto';
import { z } from '@hono/zod-openapi';

import { ALERT_KINDS } from './kinds.ts';

const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+=*$/, 'base64url')
    .refine((v) => Buffer.from(v, 'base64url').length === bytes, `${bytes} bytes, base64url`);

/** The browser's PushSubscription as JSON (RFC 8030 endpoint, RFC 8291 keys). The endpoint's scheme and host are checked against the configuration in the handler. */
export const NewDevice = z
  .object({
    endpoint: z.string().url().max(1000),
    keys: z.object({
      // The device's P-256 public key (uncompressed point): a key not on the curve is refused here, not at the first push.
      p256dh: base64url(65).refine((v) => {
        try {
          ECDH.convertKey(Buffer.from(v, 'base64url'), 'prime256v1');
          return true;
        } catch {
          return false;
        }
      }, 'a P-256 public key (uncompressed point)'),
      auth: base64url(16),
    }),
  })
  .openapi('NewDevice');

export const Device = z
  .object({
    id: z.string().uuid(),
    device: z.string().openapi({ description: 'Browser and system, from the user agent when subscribed.', example: 'Chrome op Android' }),
    createdAt: z.string().datetime(),
    lastSuccessAt: z.string().datetime().nullable(),
  })
  .openapi('Device');
export const DeviceList = z.object({ items: z.array(Device) }).openapi('DeviceList');
export const DeviceIdParams = z.object({ id: z.string().uuid() });

export const AlertKindSchema = z.enum(ALERT_KINDS);
export const AlertSettings = z
  .object({
    kinds: z.array(z.object({ kind: AlertKindSchema, enabled: z.boolean(), canSwitchOff: z.boolean() })),
  })
  .openapi('AlertSettings');
export const AlertSettingsChange = z.object({ muted: z.array(AlertKindSchema).max(ALERT_KINDS.length) }).openapi('AlertSettingsChange');

export const OpenAlert = z
  .object({
    id: z.string(),
    kind: AlertKindSchema,
    createdAt: z.string().datetime(),
    open: z.string().openapi({ description: 'The dashboard page that deals with it.', example: '/opvang' }),
  })
  .openapi('OpenAlert');
export const OpenAlertList = z.object({ items: z.array(OpenAlert) }).openapi('OpenAlertList');
export const PushKey = z
  .object({ publicKey: z.string().openapi({ description: 'The VAPID public key (applicationServerKey), base64url.' }) })
  .openapi('PushKey');
