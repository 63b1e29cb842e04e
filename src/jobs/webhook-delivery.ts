import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Audience } from '../domain/access.js'
import { iso, type Clock } from '../lib/clock.js'
import { oneAtATime } from '../lib/one-at-a-time.js'
import { eventFor } from '../modules/changes/events.js'
import { checkUrl, resolveDestination } from '../modules/webhooks/destination.js'
import { post, type Answer } from '../modules/webhooks/post.js'
import { signatures } from '../modules/webhooks/signing.js'
import type { Store } from '../store/index.js'
import type { WebhookRow } from '../store/webhooks.js'
import type { AttemptValues, ChangeRow, DeliveryState, Operation } from '../store/write-set.js'

export interface WebhookOptions {
  /** How often to look for due work besides the wake-ups on commit (0: only on commit and `tick`). */
  intervalMs: number
  allowHosts: ReadonlySet<string>
}

/** The delay before each attempt at an event (Standard Webhooks' usual schedule, about a day in all), ±10 %. */
export const retrySchedule = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]
/** A subscription failing without a success for this long is disabled. */
const disableAfterMs = 5 * 86_400_000
const responseTimeoutMs = 15_000
const leaseTtlMs = 10_000
/** At most this many subscriptions have an attempt in flight; the others wait for a slot. */
const maxInFlight = 32
const pageSize = 100

const jittered = (ms: number) => Math.round(ms * (0.9 + Math.random() * 0.2))

/** Whether a change concerns the subscription's filters (article events: their category before or after). */
const wanted = (hook: WebhookRow, row: ChangeRow) =>
  (hook.resources === null || hook.resources.includes(row.resource)) &&
  (hook.categories === null ||
    row.resource !== 'article' ||
    [row.categoryBefore, row.categoryAfter].some((id) => id !== null && hook.categories!.includes(id)))

/**
 * Delivers the change log to the webhook subscriptions, in the one process holding the `webhooks` lease (renewed
 * while it works; another process takes over within seconds when it dies). Each subscription has at most one
 * attempt in flight, outside any transaction, so a slow or dead endpoint delays only itself. Its cursor — the last
 * event handled — moves only when the head event is delivered or finally failed, in the transaction that records
 * the attempt: a crash repeats at most the attempt in flight (same `webhook-id`), never skips an event. A process that
 * stops gives the lease up, so the next one delivers at once.
 * Wakes on every commit this process sees (`wake`), and every `intervalMs`.
 */
export function runWebhooks(store: Store, clock: Clock, { intervalMs, allowHosts }: WebhookOptions, log: FastifyBaseLogger) {
  const holder = randomUUID()
  /** Until when this process holds the lease, as far as it knows; renewed from half-way. */
  let leaseUntil = -Infinity
  let lastTry = -Infinity
  let stopped = false
  const closing = new AbortController()
  const inFlight = new Map<number, Promise<void>>()
  /** Subscriptions with work to look at again; `waiting`: those without a free slot. */
  const dirty = new Set<number>()
  const waiting = new Set<number>()

  const warn = (error: unknown) => log.warn({ err: error }, 'delivering webhooks failed; retrying')

  async function holdLease(): Promise<boolean> {
    const now = clock()
    if (now < leaseUntil - leaseTtlMs / 2) return true
    if (now < leaseUntil || now - lastTry >= leaseTtlMs / 2) {
      lastTry = now
      leaseUntil = (await store.writeOne({ kind: 'acquireLease', name: 'webhooks', holder, ttlMs: leaseTtlMs }))
        ? now + leaseTtlMs
        : -Infinity
    }
    return now < leaseUntil
  }

  async function look(): Promise<void> {
    if (stopped || !(await store.webhooks.anyEnabled()) || !(await holdLease())) return
    for (const hook of await store.webhooks.enabled()) {
      dirty.add(hook.id)
      if (!inFlight.has(hook.id)) start(hook.id)
    }
  }

  function start(id: number) {
    if (stopped) return
    if (inFlight.size >= maxInFlight) return void waiting.add(id)
    waiting.delete(id)
    const run = serve(id)
      .catch(warn)
      .finally(() => {
        inFlight.delete(id)
        const next = waiting.values().next()
        if (!next.done) start(next.value)
      })
    inFlight.set(id, run)
  }

  /** Steps one subscription while it has due work, or was marked again meanwhile. */
  async function serve(id: number): Promise<void> {
    for (;;) {
      dirty.delete(id)
      const worked = await step(id)
      if (stopped || (!worked && !dirty.has(id))) return
    }
  }

  /** One unit of work for a subscription: a queued redelivery, or its head event. Whether there was any. */
  async function step(id: number): Promise<boolean> {
    const hook = await store.webhooks.get(id)
    if (hook === undefined || !hook.enabled) return false
    const owner = await store.keys.get(hook.ownerKeyId)
    const state: DeliveryState = {
      cursor: hook.cursor,
      attempts: hook.attempts,
      nextAttemptAt: hook.nextAttemptAt,
      failingSince: hook.failingSince,
    }
    const record = (values: Omit<Extract<Operation, { kind: 'recordAttempt' }>, 'kind' | 'webhookId'>) =>
      store.writeOne({ kind: 'recordAttempt', webhookId: id, expectedCursor: hook.cursor, ...values })
    if (owner === undefined || owner.revokedAt !== null || (owner.expiresAt !== null && owner.expiresAt <= clock())) {
      await record({ state: { ...state, disabledReason: 'The API key that owns this subscription was revoked or has expired' } })
      return false
    }

    const resend = await store.webhooks.nextResend(id)
    if (resend !== undefined) {
      const attempt = await deliver(hook, resend.eventSeq, resend.payload)
      if (stopped) return false
      await record({
        resendId: resend.id,
        delivery: { ...attempt.values(resend.type, attempt.ok ? 'delivered' : 'failed'), nextAttemptAt: null },
      })
      return true
    }

    if (hook.nextAttemptAt !== null && hook.nextAttemptAt > clock()) return false
    const audience: Audience = { scope: owner.scope, keyId: owner.id, categories: owner.categories }
    const rows = await store.changes.after(hook.cursor, pageSize)
    let head: { row: ChangeRow; payload: string; type: string } | undefined
    for (const row of rows) {
      const event = wanted(hook, row) ? eventFor(row, audience) : null
      if (event === null) continue
      const type = `${event.resource}.${event.reason}`
      head = { row, type, payload: JSON.stringify({ type, timestamp: iso(row.occurredAt), data: event }) }
      break
    }
    if (head === undefined) {
      // Nothing in this page concerns the subscription: it is handled.
      if (rows.length > 0) await record({ state: { ...state, cursor: rows.at(-1)!.seq } })
      return rows.length > 0
    }

    const attempt = await deliver(hook, head.row.seq, head.payload)
    if (stopped) return false
    const now = clock()
    const attempts = hook.attempts + 1
    const failingSince = hook.failingSince ?? now
    if (attempt.ok) {
      await record({
        delivery: { ...attempt.values(head.type, 'delivered'), nextAttemptAt: null },
        state: { cursor: head.row.seq, attempts: 0, nextAttemptAt: null, failingSince: null },
      })
    } else if (attempt.answer.status === 410) {
      const disabledReason = 'The endpoint answered 410 Gone'
      await record({
        delivery: { ...attempt.values(head.type, 'failed'), nextAttemptAt: null },
        state: { ...state, attempts, nextAttemptAt: null, failingSince, disabledReason },
      })
    } else {
      const last = attempts >= retrySchedule.length
      const nextAttemptAt = last ? null : now + jittered(retrySchedule[attempts]!)
      const disabledReason = now - failingSince >= disableAfterMs ? 'Every delivery failed for 5 days' : undefined
      await record({
        delivery: { ...attempt.values(head.type, last ? 'failed' : 'pending'), nextAttemptAt },
        state: last
          ? { cursor: head.row.seq, attempts: 0, nextAttemptAt: null, failingSince, disabledReason }
          : { ...state, attempts, nextAttemptAt, failingSince, disabledReason },
      })
    }
    return true
  }

  /** One signed attempt at an event; the destination is checked again (and resolved) first. */
  async function deliver(hook: WebhookRow, seq: number, payload: string) {
    const started = performance.now()
    const secrets =
      hook.previousSecret !== null && (hook.previousSecretUntil ?? 0) > clock() ? [hook.secret, hook.previousSecret] : [hook.secret]
    // The receiver compares the timestamp with its own clock: wall-clock time, not the scheduling clock.
    const timestamp = Math.floor(Date.now() / 1000)
    const id = `msg_${seq}`
    let answer: Answer
    try {
      const url = checkUrl(hook.url, allowHosts)
      const address = await resolveDestination(url, allowHosts)
      const headers = {
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatures(id, timestamp, payload, secrets),
        'user-agent': 'Kabar-Webhooks',
      }
      answer = await post(url, address, headers, payload, AbortSignal.any([closing.signal, AbortSignal.timeout(responseTimeoutMs)]))
    } catch (error) {
      answer = { status: null, error: (error as Error).message }
    }
    if (answer.error !== undefined) log.debug({ webhook: hook.id, seq, error: answer.error }, 'a webhook delivery failed')
    const ok = answer.status !== null && answer.status >= 200 && answer.status < 300
    const durationMs = Math.round(performance.now() - started)
    return {
      ok,
      answer,
      values: (type: string, status: AttemptValues['status']) => ({
        eventSeq: seq,
        type,
        payload,
        status,
        responseStatus: answer.status,
        durationMs,
      }),
    }
  }

  const tick = oneAtATime(look, warn)

  const timer = intervalMs > 0 ? setInterval(() => tick().catch(warn), intervalMs) : undefined
  timer?.unref()

  return {
    /** Looks for due work now (tests use it with a settable clock). */
    tick,
    /** Something committed: the holder of the lease (renewing it if due) looks at once. */
    wake(): void {
      if (!stopped && leaseUntil > -Infinity) void tick().catch(warn)
    },
    /** Stops looking and aborts the attempts in flight (they are not recorded: the next holder repeats them). */
    async stop(): Promise<void> {
      stopped = true
      clearInterval(timer)
      closing.abort()
      // A look under way is awaited; a new one returns at once (stopped).
      await Promise.allSettled([tick(), ...inFlight.values()])
      if (leaseUntil > -Infinity) await store.writeOne({ kind: 'releaseLease', name: 'webhooks', holder }).catch(warn)
    },
  }
}
