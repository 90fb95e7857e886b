import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

// A push service of the test's own on loopback (RFC 8030): devices subscribe with real P-256 keys,
// every message is checked for its VAPID signature (RFC 8292) and decrypted (RFC 8291, aes128gcm),
// as a browser's push service and the browser would. Written from the RFCs, not from web-push.

export interface ReceivedPush {
  device: string;
  /** The decrypted payload, as text: the test looks for what must not be in it. */
  text: string;
  headers: IncomingHttpHeaders;
}

export interface PushDevice {
  name: string;
  /** The browser's PushSubscription.toJSON(). */
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
}

const info = (label: string) => Buffer.from(`Content-Encoding: ${label}\0`);

/** RFC 8291 §3.4 and RFC 8188: one record, keyed by the device's private key and auth secret. */
function decrypt(body: Buffer, ecdh: ReturnType<typeof createECDH>, auth: Buffer): string {
  const salt = body.subarray(0, 16);
  const idLength = body[20]!;
  const serverKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const secret = ecdh.computeSecret(serverKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, info('aes128gcm'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, info('nonce'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 and any zero padding after it.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('not a final record');
  return padded.subarray(0, end).toString('utf8');
}

/** RFC 8292: `vapid t=<JWT>, k=<key>`, an ES256 JWT for this origin, not expired, signed by k. */
function assertVapid(header: string | undefined, origin: string): void {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!match) throw new Error(`no VAPID authorization: ${header}`);
  const [head, claims, signature] = match[1]!.split('.') as [string, string, string];
  const key = Buffer.from(match[2]!, 'base64url');
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: key.subarray(1, 33).toString('base64url'), y: key.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  if (!verify('sha256', Buffer.from(`${head}.${claims}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url')))
    throw new Error('VAPID signature invalid');
  const { aud, exp, sub } = JSON.parse(Buffer.from(claims, 'base64url').toString());
  if (aud !== origin || exp * 1000 < Date.now() || !/^(mailto:|https:)/.test(sub)) throw new Error(`VAPID claims wrong: ${aud} ${exp} ${sub}`);
}

export async function startPushReceiver() {
  const devices = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  /** Per device, the statuses to answer next (then 201): 410 to say it unsubscribed, 500 to make the sender retry. */
  const answers = new Map<string, number[]>();
  const received: ReceivedPush[] = [];
  const problems: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const name = decodeURIComponent(req.url!.replace(/^\/push\//, ''));
      const device = devices.get(name);
      const status = answers.get(name)?.shift() ?? 201;
      try {
        if (req.method !== 'POST' || !device) throw new Error(`unknown device ${name}`);
        if (req.headers['content-encoding'] !== 'aes128gcm' || !req.headers.ttl) throw new Error('missing Content-Encoding or TTL');
        assertVapid(req.headers.authorization, origin);
        if (status < 300) received.push({ device: name, text: decrypt(Buffer.concat(chunks), device.ecdh, device.auth), headers: req.headers });
      } catch (error) {
        problems.push(String(error));
        res.writeHead(400).end();
        return;
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    received,
    problems,
    /** A new device with a fresh key pair and auth secret. */
    device(name: string): PushDevice {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      devices.set(name, { ecdh, auth });
      return {
        name,
        subscription: {
          endpoint: `${origin}/push/${encodeURIComponent(name)}`,
          keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
        },
      };
    },
    answerNext(name: string, ...statuses: number[]) {
      answers.set(name, [...(answers.get(name) ?? []), ...statuses]);
    },
    /** The decrypted payloads a device received, parsed. */
    payloads(name: string): Array<{ kind: string; title: string; open: string; tag: string; confirmLocation?: string }> {
      return received.filter((r) => r.device === name).map((r) => JSON.parse(r.text));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type PushReceiver = Awaited<ReturnType<typeof startPushReceiver>>;
