import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The proxies whose X-Forwarded-For is believed (TRUST_PROXY): addresses and CIDR ranges, IPv4 or
 * IPv6. Empty: no proxy, the peer's own address is the client's.
 */
export interface TrustedProxies {
  readonly entries: readonly string[];
  has(address: string): boolean;
}

/** Parses "10.0.0.5, 10.1.0.0/16, fd00::/8"; throws naming the entry that is no address or range. */
export function trustedProxies(list: string): TrustedProxies {
  const blocks = new BlockList();
  const entries = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (!family || extra !== undefined || !/^\d{1,3}$/.test(String(bits)) || bits > (family === 6 ? 128 : 32)) {
      throw new Error(`"${entry}" is not an IP address or CIDR range (such as 10.0.0.5 or 10.0.0.0/8)`);
    }
    blocks.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
  }
  return {
    entries,
    has: (candidate) => {
      const address = plainAddress(candidate);
      const family = isIP(address);
      return family !== 0 && blocks.check(address, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/** An IPv4 address a dual-stack socket reports as ::ffff:a.b.c.d, as the IPv4 address it is. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

// Requests made in-process (app.request in tests) have no socket: they come from this machine.
const IN_PROCESS_PEER = '127.0.0.1';

/**
 * The client's address: the peer's, unless the peer is a trusted proxy. Then X-Forwarded-For is read
 * from the right, skipping trusted proxies: the first address that is not one is what the last
 * trusted proxy saw. Anything left of it was written by the client and may be made up.
 */
export function clientIp(c: Context, proxies: TrustedProxies): string {
  let peer: string;
  try {
    peer = plainAddress(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    peer = IN_PROCESS_PEER;
  }
  if (!proxies.has(peer)) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((hop) => plainAddress(hop.trim()));
  let client = peer;
  for (const hop of hops.reverse()) {
    if (!isIP(hop)) break; // a trusted proxy writes addresses only: the chain is not to be believed further
    client = hop;
    if (!proxies.has(hop)) break;
  }
  return client;
}
