/**
 * Which address a request comes from, and the key a rate limit counts it under.
 * Pure: the express middleware in server.ts resolves the address once per request; tests and
 * rate limits derive keys from it.
 */
import { isIP } from "node:net";

/** "::ffff:1.2.3.4" → "1.2.3.4", "[::1]:443" → "::1", "1.2.3.4:80" → "1.2.3.4"; null when not an address. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  let s = (raw ?? "").trim();
  if (!s) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  s = s.replace(/%.*$/, "").toLowerCase(); // zone index ("fe80::1%eth0")
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (mapped) s = mapped[1];
  return isIP(s) ? s : null;
}

/**
 * The client's address given the peer address of the TCP connection, the X-Forwarded-For header
 * and how many proxies of ours stand in front (TRUST_PROXY). Each proxy appends the address it
 * received the request from, so the entry `hops` places from the right of [...X-Forwarded-For,
 * peer] was written by our outermost proxy; anything left of it is whatever the client sent.
 * With 0 hops the header is ignored. A chain shorter than `hops` (the request bypassed a proxy)
 * yields its leftmost entry, as express's "trust proxy" does; an entry that is not an address
 * falls back to the peer.
 */
export function resolveClientAddress({
  peer,
  forwardedFor,
  hops,
}: {
  peer: string | null | undefined;
  forwardedFor: string | string[] | null | undefined;
  hops: number;
}): string {
  const peerAddress = normalizeAddress(peer) ?? "unknown";
  if (hops <= 0) return peerAddress;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const chain = [
    ...header
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    peerAddress,
  ];
  const picked = chain[Math.max(0, chain.length - 1 - hops)];
  return normalizeAddress(picked) ?? peerAddress;
}

/**
 * The key one client is counted under: an IPv4 address as is, an IPv6 address by its /64
 * prefix (one subscriber usually holds a whole /64, and could otherwise rotate through 2^64
 * fresh keys).
 */
export function addressKey(address: string): string {
  const a = normalizeAddress(address);
  if (!a) return address.trim().toLowerCase() || "unknown";
  if (isIP(a) === 4) return a;
  return expandIpv6(a).slice(0, 4).join(":") + "::/64";
}

function expandIpv6(a: string): string[] {
  let s = a;
  // An embedded IPv4 tail ("64:ff9b::1.2.3.4") becomes two hextets.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const [b1, b2, b3, b4] = v4.slice(1).map(Number);
    s = s.slice(0, v4.index) + ((b1 << 8) | b2).toString(16) + ":" + ((b3 << 8) | b4).toString(16);
  }
  const [head, tail] = s.includes("::") ? s.split("::") : [s, undefined];
  const left = head ? head.split(":") : [];
  const right = tail !== undefined && tail ? tail.split(":") : [];
  const fill = tail !== undefined ? new Array(8 - left.length - right.length).fill("0") : [];
  return [...left, ...fill, ...right].map((h) => (parseInt(h, 16) || 0).toString(16));
}
