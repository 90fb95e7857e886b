import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { BlockList, isIPv4 } from 'node:net';

/**
 * Addresses the server must never call on a user's behalf: its own host, the private networks it sits
 * in and the special ranges (RFC 6890). A push endpoint is a URL a user hands us; without this check a
 * host name such as "localhost." or one whose DNS points into 10/8 lets that user make the server POST
 * into its own network.
 */
const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  internal.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  internal.addSubnet(net, bits, 'ipv6');

export function isPublicAddress(address: string): boolean {
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const v4 = mapped ?? (isIPv4(address) ? address : null);
  return v4 ? !internal.check(v4, 'ipv4') : !internal.check(address, 'ipv6');
}

/** Every address a host name resolves to; [] when it does not resolve within 3 s (a slow resolver must not hang a request). */
export function resolveAll(host: string): Promise<string[]> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), 3000);
    dnsLookup(host, { all: true }, (error, addresses) => {
      clearTimeout(timer);
      resolve(error ? [] : addresses.map((a) => a.address));
    });
  });
}

export class InternalAddressError extends Error {
  readonly code = 'EINTERNALADDRESS';
}

/**
 * A `lookup` for an outgoing request that connects only to public addresses. The check happens on the
 * address the socket will actually use, so a name that resolved publicly when it was stored and points
 * inward now (DNS rebinding) is still refused.
 */
export function publicOnlyLookup(
  hostname: string,
  options: object,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...(options as LookupAllOptions), all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const [first] = addresses;
    if (!first || !addresses.every((a) => isPublicAddress(a.address)))
      return callback(new InternalAddressError(`${hostname} resolves to an address that is not public`), []);
    if ((options as { all?: boolean }).all) return callback(null, addresses);
    callback(null, first.address, first.family);
  });
}
