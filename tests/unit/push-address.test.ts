import { createServer, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { assertPushEndpoint } from '../../server/alerts/endpoint.ts';
import { isPublicAddress } from '../../server/alerts/public-address.ts';
import { sendPushRequest } from '../../server/alerts/push-request.ts';

// A push endpoint is a URL a user hands the server, which then POSTs to it. These are the ways a stored
// endpoint could still point into the server's own network, tried against a listener on loopback that
// counts every connection it gets.

describe('isPublicAddress', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.20.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['::', false],
    ['fd00::1', false],
    ['fe80::1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:127.0.0.1', false],
    ['8.8.8.8', true],
    ['142.250.179.138', true],
    ['2a00:1450:400e:80f::200a', true],
    ['::ffff:8.8.8.8', true],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('registering a push endpoint', () => {
  // The resolver stands in for DNS here: which names point inward depends on the machine's resolver.
  const dnsSays = (addresses: string[]) => () => Promise.resolve(addresses);
  it('refuses a host name that resolves to an inward address, even when another address is public', async () => {
    for (const addresses of [['127.0.0.1'], ['10.0.0.7'], ['8.8.8.8', '192.168.0.2'], ['::1']]) {
      await expect(assertPushEndpoint('https://push.example.com/x', false, dnsSays(addresses)), addresses.join()).rejects.toMatchObject({
        invalidParams: [{ name: 'body.endpoint', code: 'push_endpoint' }],
      });
    }
  });
  it('accepts a public one, and one that does not resolve now (delivery checks again)', async () => {
    await expect(assertPushEndpoint('https://push.example.com/x', false, dnsSays(['142.250.179.138']))).resolves.toBeUndefined();
    await expect(assertPushEndpoint('https://push.example.com/x', false, dnsSays([]))).resolves.toBeUndefined();
  });
});

describe('sending a push', () => {
  let connections = 0;
  const sockets: Socket[] = [];
  const listener = createServer((socket) => {
    connections++;
    sockets.push(socket);
    socket.on('data', () => socket.end('HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n'));
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
  });
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    listener.close();
  });
  const push = { method: 'POST', headers: { TTL: '60' }, body: Buffer.from('x') };

  it('never connects to a host name that resolves inward, nor to an inward address literal', async () => {
    // Stored as if they had resolved publicly when registered (DNS rebinding): delivery checks again.
    for (const endpoint of [
      `https://localhost.:${port}/push`,
      `https://${hostname()}.:${port}/push`,
      `https://127.0.0.1:${port}/push`,
      `https://[::ffff:127.0.0.1]:${port}/push`,
    ]) {
      expect(await sendPushRequest(endpoint, push, false), endpoint).toBeNull();
    }
    expect(connections).toBe(0);
  });

  it('reaches a test receiver on http loopback only when the configuration allows it', async () => {
    expect(await sendPushRequest(`http://127.0.0.1:${port}/push`, push, false)).toBeNull();
    expect(connections).toBe(0);
    expect(await sendPushRequest(`http://127.0.0.1:${port}/push`, push, true)).toBe(201);
    expect(connections).toBe(1);
  });
});
