import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface WebhookLatency {
  publishes: number
  delivered: number
  medianMs: number
  p95Ms: number
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!

/**
 * The time from a publish's `200` to its webhook arriving at a receiver on this machine: a subscription to a local
 * receiver, then `count` drafts published one after another (a pause between them, as editors publish), each
 * matched to its `article.published` delivery. The server must allow 127.0.0.1 (WEBHOOK_ALLOW_HOSTS).
 */
export async function webhookLatency(origin: string, writeKey: string, count = 40): Promise<WebhookLatency> {
  const arrived = new Map<number, number>()
  const receiver = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      const at = performance.now()
      const event = JSON.parse(body) as { type: string; data: { id: number } }
      if (event.type === 'article.published' && !arrived.has(event.data.id)) arrived.set(event.data.id, at)
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const headers = { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' }
  try {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/kabar`
    const subscribed = await fetch(`${origin}/v1/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url, resources: ['article'] }),
    })
    if (subscribed.status !== 201) throw new Error(`POST /v1/webhooks answered ${subscribed.status}: ${await subscribed.text()}`)
    const acknowledged = new Map<number, number>()
    for (let i = 0; i < count; i++) {
      const created = await fetch(`${origin}/v1/articles`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          title: `Kabar kilat untuk mitra ${Date.now()}-${i}`,
          body: '<p>Isi singkat.</p>',
          bylines: [{ authorId: 1, role: 'writer' }],
        }),
      })
      if (created.status !== 201) throw new Error(`POST /v1/articles answered ${created.status}: ${await created.text()}`)
      const { id } = (await created.json()) as { id: number }
      const published = await fetch(`${origin}/v1/articles/${id}/publish`, {
        method: 'POST',
        headers: { ...headers, 'if-match': created.headers.get('etag')! },
        body: '{}',
      })
      if (published.status !== 200) throw new Error(`publish answered ${published.status}: ${await published.text()}`)
      acknowledged.set(id, performance.now())
      await published.arrayBuffer()
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const deadline = Date.now() + 10_000
    while (arrived.size < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    const latencies = [...acknowledged]
      .flatMap(([id, at]) => (arrived.has(id) ? [Math.max(0, arrived.get(id)! - at)] : []))
      .sort((a, b) => a - b)
    if (latencies.length === 0) throw new Error('no webhook arrived within 10 s of the last publish')
    return { publishes: count, delivered: latencies.length, medianMs: percentile(latencies, 0.5), p95Ms: percentile(latencies, 0.95) }
  } finally {
    receiver.close()
  }
}
