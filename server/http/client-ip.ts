import net from "node:net";

/**
 * The header our own HTTP server (scripts/lib/console-server.mjs) sets on every request to the
 * socket's peer address, after dropping any copy a client sent. Route handlers do not see the
 * socket; this header is how they learn it.
 */
export const CLIENT_IP_HEADER = "x-scoring-client-ip";

/** When the console runs without our server (`next dev`): every caller shares this one address. */
export const UNKNOWN_CLIENT = "unknown";

export interface TrustedProxies {
  has(address: string): boolean;
}

/**
 * TRUSTED_PROXIES: comma-separated IP addresses and CIDR networks of the reverse proxies in
 * front of the console. Throws naming the first entry that is neither.
 */
export function parseTrustedProxies(text: string): TrustedProxies {
  const list = new net.BlockList();
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const slash = entry.indexOf("/");
    const address = slash < 0 ? entry : entry.slice(0, slash);
    const family = net.isIP(address);
    const bits = slash < 0 ? null : entry.slice(slash + 1);
    const maxBits = family === 4 ? 32 : 128;
    if (family === 0 || (bits !== null && (!/^\d{1,3}$/.test(bits) || Number(bits) > maxBits))) {
      throw new Error(`"${entry}" is not an IP address or a CIDR network (10.0.0.5, 10.0.0.0/8, fd00::/8)`);
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === null) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return {
    has(address) {
      const family = net.isIP(address);
      return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * The address a request came from, as the sign-in limits count it. The socket peer (from
 * CLIENT_IP_HEADER) is the answer unless it is a trusted proxy; then X-Forwarded-For is read
 * from the right, skipping trusted proxies, and the first hop that is not one is the client.
 * Hops to the left of it were written by the client itself and are never believed, so a
 * client cannot pick its address, nor get a new one per request, by sending the header.
 */
export function clientIp(req: Request, trusted: TrustedProxies): string {
  const peer = normalise(req.headers.get(CLIENT_IP_HEADER) ?? "");
  if (!peer) return UNKNOWN_CLIENT;
  if (!trusted.has(peer)) return peer;
  const hops = (req.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => normalise(h))
    .filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    // A hop that is no address was not written by a trusted proxy: the one that passed it on is the client we know.
    if (net.isIP(hop) === 0) return client;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  return client;
}

/** Lower case, without brackets or a port, and an IPv4-mapped IPv6 address as IPv4. */
function normalise(raw: string): string {
  let a = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  if (a.startsWith("::ffff:") && net.isIPv4(a.slice(7))) a = a.slice(7);
  return a;
}
