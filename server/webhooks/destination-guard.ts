// A webhook destination must be the brand's system on the internet, not LoopDesk's own network: a
// URL whose host resolves to a private, loopback, link-local or otherwise internal address is
// refused (checked when subscribed and again before each delivery, since DNS can change), unless
// the operator allows it with WEBHOOK_ALLOW_PRIVATE=1 (an ERP on the same LAN).
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { getConfig } from "../env";

const internal = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  internal.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  internal.addSubnet(network, prefix, "ipv6");
}

export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return internal.check(mapped, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return internal.check(address, family === 4 ? "ipv4" : "ipv6");
}

export class RefusedDestination extends Error {
  override name = "RefusedDestination";
}

/** Throws RefusedDestination when the URL is not http(s) or reaches an internal address. */
export async function assertPublicDestination(url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RefusedDestination("not a URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new RefusedDestination("http(s) only");
  if (parsed.username || parsed.password) throw new RefusedDestination("no credentials in the URL");
  if (getConfig().webhookAllowPrivate) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) throw new RefusedDestination(`${host} does not resolve`);
  const blocked = addresses.find(isInternalAddress);
  if (blocked) throw new RefusedDestination(`${host} resolves to the internal address ${blocked}`);
}
