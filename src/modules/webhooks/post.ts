import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import type { Address } from './destination.js'

/** At most this much of a response body is read (and then thrown away): only the status counts. */
const maxResponseBytes = 64 * 1024

/** The status an endpoint answered with, or null when it gave none (refused, reset, timed out, aborted). */
export interface Answer {
  status: number | null
  error?: string
}

/**
 * One `POST` of `body` to `url`, connecting to `address` (already checked) whatever a new lookup of the name would
 * say; TLS still verifies the certificate for the URL's host. Redirects are not followed (a 3xx is an answer like
 * any other). `signal` bounds the whole exchange: the response must arrive before it aborts.
 */
export function post(url: URL, address: Address, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<Answer> {
  const lookup: LookupFunction = (_host, options, callback) =>
    options.all ? callback(null, [address]) : callback(null, address.address, address.family)
  return new Promise((settle) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      lookup,
      signal,
      agent: false,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    })
    request.on('response', (response) => {
      let read = 0
      response.on('data', (chunk: Buffer) => {
        read += chunk.length
        if (read > maxResponseBytes) response.destroy()
      })
      const done = () => settle({ status: response.statusCode ?? null })
      response.on('end', done)
      response.on('close', done)
      response.on('error', done)
    })
    request.on('error', (error) => settle({ status: null, error: error.message }))
    request.end(body)
  })
}
