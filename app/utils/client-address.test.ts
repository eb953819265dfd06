import { describe, expect, it } from "vitest";
import { addressKey, normalizeAddress, resolveClientAddress } from "./client-address";

describe("client address", () => {
  it("normalizes what sockets and proxies write", () => {
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress(" 203.0.113.7 ")).toBe("203.0.113.7");
    expect(normalizeAddress("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeAddress("unknown")).toBeNull();
    expect(normalizeAddress("1.2.3.4, 5.6.7.8")).toBeNull();
    expect(normalizeAddress("")).toBeNull();
  });

  it("ignores X-Forwarded-For without trusted proxies", () => {
    expect(resolveClientAddress({ peer: "::ffff:198.51.100.9", forwardedFor: "1.1.1.1", hops: 0 })).toBe("198.51.100.9");
    expect(resolveClientAddress({ peer: undefined, forwardedFor: "1.1.1.1", hops: 0 })).toBe("unknown");
  });

  it("takes the address N hops from the right, whatever the client prepended", () => {
    // One proxy (peer 10.0.0.2) appended the address it saw: 203.0.113.7.
    for (const spoof of ["", "6.6.6.6", "6.6.6.6, 7.7.7.7", "garbage, 8.8.8.8"]) {
      const xff = spoof ? `${spoof}, 203.0.113.7` : "203.0.113.7";
      expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: xff, hops: 1 })).toBe("203.0.113.7");
    }
    // Two proxies: CDN wrote the client, our nginx wrote the CDN edge.
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "6.6.6.6, 203.0.113.7, 198.51.100.1", hops: 2 })).toBe("203.0.113.7");
    // Header given as several lines.
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: ["6.6.6.6", "203.0.113.7"], hops: 1 })).toBe("203.0.113.7");
  });

  it("falls back sensibly on short or broken chains", () => {
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: undefined, hops: 1 })).toBe("10.0.0.2");
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "203.0.113.7", hops: 3 })).toBe("203.0.113.7");
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "not-an-ip", hops: 1 })).toBe("10.0.0.2");
  });

  it("keys IPv4 by address and IPv6 by /64", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    const a = addressKey("2001:db8:1234:5678::1");
    expect(a).toBe("2001:db8:1234:5678::/64");
    expect(addressKey("2001:0db8:1234:5678:ffff:eeee:dddd:cccc")).toBe(a);
    expect(addressKey("2001:db8:1234:5679::1")).not.toBe(a);
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(addressKey("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });
});
