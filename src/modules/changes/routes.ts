import type { ServerResponse } from 'node:http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Audience } from '../../domain/access.js'
import { represent } from '../../lib/etag.js'
import { canonicalQuery } from '../../lib/pagination.js'
import { always, cacheable, headers, problems } from '../../schemas/responses.js'
import { ChangePageSchema, ChangesQuery, ChecksumQuery, ChecksumSchema, StreamHeaders, StreamQuery } from './schemas.js'
import type { ChangePage, ChangesService } from './service.js'

const perCaller =
  'Computed for the caller: anonymous and `read` callers see an article `appear` when it becomes visible to them, ' +
  '`update` when what they see changes and `disappear` (a tombstone) when it stops being visible; edits they cannot see ' +
  'are absent. Write keys see every change. A scoped key sees only the articles of its categories.'

export interface ChangeRouteOptions {
  service: ChangesService
  /** The most time between two writes on an idle stream (a comment line), so that proxies keep it open. */
  heartbeatMs: number
}

/** The change feed for partners: pages (with long polling), a Server-Sent Events stream, and a checksum. */
export const changeRoutes: FastifyPluginAsyncTypebox<ChangeRouteOptions> = async (app, { service, heartbeatMs }) => {
  app.addHook('preClose', (done) => {
    service.close()
    done()
  })

  app.get(
    '/changes',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'listChanges',
        tags: ['Partner sync'],
        summary: 'The change feed: what changed after a cursor, tombstones included',
        description: `${perCaller} Without \`after\`, the initial sync from the oldest event kept. \`page.nextCursor\` is where to resume, on every page; an empty page answers \`304\` to its ETag. A cursor older than the log keeps is \`410\` (\`cursor_expired\`): resync from the start.`,
        querystring: ChangesQuery,
        response: {
          ...cacheable(Type.Ref(ChangePageSchema), 'A page of events in sequence order', { Link: headers.link }),
          ...problems(...always, 401, 410),
        },
      },
    },
    async (request, reply) => {
      const { limit = 100, wait = 0 } = request.query
      const after = Number(request.query.after ?? 0)
      const deadline = Date.now() + wait * 1000
      let { events, next } = await service.page(request.caller, after, limit)
      while (events.length === 0 && !service.closed && Date.now() < deadline) {
        await service.nextChange(deadline - Date.now())
        ;({ events, next } = await service.page(request.caller, next, limit))
      }
      const rep = represent({ data: events, page: { limit, nextCursor: String(next) } })
      // A full page never changes (its events are committed); a shorter one grows as events arrive: revalidate it.
      if (events.length < limit) reply.header('cache-control', `${request.caller.scope === 'public' ? 'public' : 'private'}, no-cache`)
      return reply.list({ rep, next: `/v1/changes?${canonicalQuery({ after: next, limit, wait: request.query.wait })}` })
    },
  )

  app.get(
    '/changes/stream',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'streamChanges',
        tags: ['Partner sync'],
        summary: 'The change feed as Server-Sent Events',
        description: `The events of \`GET /v1/changes\` as \`text/event-stream\`: \`id:\` is the cursor to resume after, \`event:\` the transition, \`data:\` the event. Resumes after \`Last-Event-ID\` (or \`after\`); a comment line at least every ${heartbeatMs / 1000} s keeps an idle stream open. ${perCaller}`,
        querystring: StreamQuery,
        headers: StreamHeaders,
        response: {
          200: {
            description: 'An endless stream of events',
            content: { 'text/event-stream': { schema: Type.String({ description: 'Server-Sent Events' }) } },
          },
          ...problems(...always, 401, 410),
        },
      },
    },
    async (request, reply) => {
      const start = Number(request.headers['last-event-id'] ?? request.query.after ?? 0)
      // The first page is read before the stream opens, so that an expired cursor is an ordinary 410 problem.
      const first = await service.page(request.caller, start, 1000)
      reply.hijack()
      await stream(request.caller, first, reply.raw)
    },
  )

  /** Writes events as they come until the client leaves or the server shuts down. */
  async function stream(caller: Audience, first: ChangePage, raw: ServerResponse): Promise<void> {
    let gone = false
    raw.once('close', () => {
      gone = true
    })
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      vary: 'Authorization',
    })
    const send = async (text: string) => {
      if (!raw.write(text)) await new Promise((resolve) => raw.once('drain', resolve).once('close', resolve))
    }
    await send(`retry: 1000\n\n`)
    let { events, next } = first
    try {
      while (!gone && !service.closed) {
        for (const event of events) await send(`id: ${event.seq}\nevent: ${event.transition}\ndata: ${JSON.stringify(event)}\n\n`)
        if (events.length < 1000) {
          const since = Date.now()
          await service.nextChange(heartbeatMs)
          if (Date.now() - since >= heartbeatMs && !gone) await send(`: heartbeat\n\n`)
        }
        ;({ events, next } = await service.page(caller, next, 1000))
      }
    } catch (error) {
      // The client reconnects with Last-Event-ID and misses nothing.
      app.log.warn({ err: error }, 'a change stream ended on an error')
    } finally {
      raw.end()
    }
  }

  app.get(
    '/changes/checksum',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'changesChecksum',
        tags: ['Partner sync'],
        summary: 'Proof of convergence: what the caller sees at a feed position',
        description: `The count and a SHA-256 of the \`(resource, id, version)\` triples the caller sees at \`upTo\` (default: the latest position): a partner that applied the feed up to there and holds the same set computes the same hash — sort its resources by resource name, then id, hash the lines \`resource:id:version\\n\`. ${perCaller}`,
        querystring: ChecksumQuery,
        response: { ...cacheable(Type.Ref(ChecksumSchema), 'The checksum'), ...problems(...always, 401, 410) },
      },
    },
    async (request, reply) => {
      const upTo = request.query.upTo === undefined ? undefined : Number(request.query.upTo)
      const { upTo: at, count, sha256 } = await service.checksum(request.caller, upTo)
      return reply.representation(represent({ upTo: String(at), count, sha256 }))
    },
  )
}
