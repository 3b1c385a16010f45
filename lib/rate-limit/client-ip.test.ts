import { request as httpRequest, createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { clientIp, SOCKET_ADDRESS_HEADER, socketAddressStamp } from "./client-ip";
import { installSocketAddressStamp } from "./socket-address";

const fromSocket = (address: string, extra: Record<string, string> = {}) =>
  new Headers({ [SOCKET_ADDRESS_HEADER]: socketAddressStamp(address), ...extra });

describe("clientIp", () => {
  it("with no trusted proxy is the socket address, whatever X-Forwarded-For or X-Real-IP claim", () => {
    const headers = fromSocket("198.51.100.7", { "x-forwarded-for": "1.1.1.1, 10.0.0.2", "x-real-ip": "2.2.2.2" });
    expect(clientIp(headers, 0)).toBe("198.51.100.7");
    expect(clientIp(fromSocket("::ffff:203.0.113.9"), 0)).toBe("203.0.113.9");
    expect(clientIp(fromSocket("2001:DB8::1"), 0)).toBe("2001:db8:0:0::/64");
  });

  it("counts an IPv6 client by its /64, whose addresses it picks at will, and keeps IPv4 and NAT64 addresses whole", () => {
    const ofSocket = (address: string) => clientIp(fromSocket(address), 0);
    // One subscriber's /64: every address in it is one client for the limits.
    expect(ofSocket("2001:db8:abcd:12::1")).toBe("2001:db8:abcd:12::/64");
    expect(ofSocket("2001:db8:abcd:12:8f3e:1c2a:77b0:9d41")).toBe("2001:db8:abcd:12::/64");
    expect(ofSocket("2001:0db8:abcd:0012:0000:0000:0000:ffff")).toBe("2001:db8:abcd:12::/64");
    // The neighbouring /64 is someone else.
    expect(ofSocket("2001:db8:abcd:13::1")).toBe("2001:db8:abcd:13::/64");
    expect(ofSocket("::1")).toBe("0:0:0:0::/64");
    expect(ofSocket("2001:db8::7:1.2.3.4")).toBe("2001:db8:0:0::/64");
    expect(ofSocket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    // NAT64 stands for one IPv4 client per address.
    expect(ofSocket("64:ff9b::c000:201")).toBe("64:ff9b::c000:201");
    expect(ofSocket("192.0.2.1")).toBe("192.0.2.1");
    // Through a trusted proxy too.
    expect(clientIp(fromSocket("10.0.0.2", { "x-forwarded-for": "2001:db8:1:2:3:4:5:6" }), 1)).toBe("2001:db8:1:2::/64");
  });

  it("with N trusted proxies is the entry N hops from the end of X-Forwarded-For + socket", () => {
    // client 203.0.113.5 → proxy A (10.0.0.1) → proxy B (10.0.0.2) → app; the client forged 6.6.6.6 in front.
    const headers = fromSocket("10.0.0.2", { "x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.0.0.1" });
    expect(clientIp(headers, 1)).toBe("10.0.0.1");
    expect(clientIp(headers, 2)).toBe("203.0.113.5");
    // A chain shorter than the hops (the proxy was bypassed) falls back to its leftmost entry.
    expect(clientIp(fromSocket("192.0.2.9"), 3)).toBe("192.0.2.9");
    expect(clientIp(fromSocket("10.0.0.2", { "x-forwarded-for": "not-an-address" }), 1)).toBe("unknown");
  });

  it("ignores a socket-address header this process did not write", () => {
    expect(clientIp(new Headers({ [SOCKET_ADDRESS_HEADER]: "203.0.113.1" }), 0)).toBe("unknown");
    expect(clientIp(new Headers({ [SOCKET_ADDRESS_HEADER]: `${"0".repeat(32)} 203.0.113.1` }), 0)).toBe("unknown");
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.1" }), 0)).toBe("unknown");
    expect(clientIp(new Headers(), 2)).toBe("unknown");
  });
});

describe("installSocketAddressStamp", () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

  it("stamps each request with its socket peer before any handler sees it, overwriting a forged copy", async () => {
    installSocketAddressStamp();
    installSocketAddressStamp(); // idempotent: one subscription
    let seen: IncomingHttpHeaders | undefined;
    const server = createServer((req, res) => {
      seen = req.headers;
      res.end("ok");
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port, path: "/", headers: { [SOCKET_ADDRESS_HEADER]: socketAddressStamp("6.6.6.6"), "x-forwarded-for": "6.6.6.6" } },
        (res) => {
          res.resume();
          res.on("end", resolve);
        },
      );
      req.on("error", reject);
      req.end();
    });

    const headers = new Headers(seen as Record<string, string>);
    expect(headers.get(SOCKET_ADDRESS_HEADER)!.split(" ")).toHaveLength(2);
    expect(clientIp(headers, 0)).toBe("127.0.0.1");
    // With one trusted proxy the appended entry would be the client: here the forged one, as configured.
    expect(clientIp(headers, 1)).toBe("6.6.6.6");
  });
});
