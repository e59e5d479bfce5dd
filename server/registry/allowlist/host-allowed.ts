import net from "node:net";
import { allowlistEntryKind } from "@/server/contracts/instance-allowlist";

/** The host of a `host:port` or `[v6]:port` address, lower case, without brackets. */
export function hostOfAddress(address: string): string {
  const bracketed = /^\[([^\]]+)\]:\d+$/.exec(address);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return address.replace(/:\d+$/, "").toLowerCase();
}

/**
 * Whether one allow-list entry covers `host`, the literal host of an address. An IP host is
 * covered by an equal IP entry or a network holding it, never by a host name entry (and a host
 * name never by an IP entry: names are not resolved here; docs/models.md says what that means).
 */
export function entryCovers(entry: string, host: string): boolean {
  const kind = allowlistEntryKind(entry);
  const family = net.isIP(host);
  if (kind === "host") return family === 0 && globOf(entry).test(host);
  if (family === 0) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  const list = new net.BlockList();
  if (kind === "ip") {
    if (net.isIP(entry) !== family) return false;
    list.addAddress(entry, type);
  } else if (kind === "cidr") {
    const [network, bits] = entry.split("/") as [string, string];
    if (net.isIP(network) !== family) return false;
    list.addSubnet(network, Number(bits), type);
  } else {
    return false;
  }
  return list.check(host, type);
}

export function hostAllowed(entries: readonly string[], host: string): boolean {
  return entries.some((e) => entryCovers(e, host));
}

// `*` is any run of letters, digits and `-` within one label: it never spans a dot.
function globOf(pattern: string): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[a-z0-9-]*");
  return new RegExp(`^${body}$`);
}
