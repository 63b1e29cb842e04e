import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

/**
 * Where a webhook may be sent (server-side request forgery): `https` only, and never to an address of this host or
 * its networks — loopback, private (RFC 1918), shared (CGNAT, RFC 6598), link-local (with the cloud metadata
 * address 169.254.169.254), unique-local, unspecified, multicast or reserved, IPv4-mapped IPv6 forms included
 * (BlockList matches them against the IPv4 rules). A host in WEBHOOK_ALLOW_HOSTS may be any of these, over http too.
 */
const blocked = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(network, prefix, 'ipv4')
// ::/96 holds the unspecified and loopback addresses and the deprecated IPv4-compatible form.
for (const [network, prefix] of [
  ['::', 96],
  ['fe80::', 10],
  ['fc00::', 7],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(network, prefix, 'ipv6')

export interface Address {
  address: string
  family: 4 | 6
}

/** A destination refused, with the reason a subscriber can act on. */
export class DestinationRefused extends Error {}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()

/** The URL's scheme and host before any lookup: `https`, or a host the allow-list names. */
export function checkUrl(raw: string, allowHosts: ReadonlySet<string>): URL {
  const url = new URL(raw)
  if (url.username !== '' || url.password !== '') throw new DestinationRefused('The URL must not carry credentials')
  if (allowHosts.has(hostOf(url))) return url
  if (url.protocol !== 'https:') throw new DestinationRefused('The URL must use https')
  return url
}

/**
 * The address to connect to for `url`: every address the name resolves to is checked (one bad address refuses the
 * destination, since the connection could reach any of them), and the request then connects to the checked address
 * itself, so that a second lookup (DNS rebinding) cannot switch it.
 */
export async function resolveDestination(url: URL, allowHosts: ReadonlySet<string>): Promise<Address> {
  const host = hostOf(url)
  const literal = isIP(host)
  const addresses: Address[] =
    literal === 0
      ? (await lookup(host, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }))
      : [{ address: host, family: literal as 4 | 6 }]
  if (!allowHosts.has(host)) {
    const bad = addresses.find(({ address, family }) => blocked.check(address, family === 6 ? 'ipv6' : 'ipv4'))
    if (bad !== undefined) throw new DestinationRefused(`${host} resolves to ${bad.address}, a private, loopback or reserved address`)
  }
  return addresses[0]!
}
