/**
 * Graceful shutdown and load shedding. On the real process: SIGTERM lets every request already in flight finish
 * with 2xx (and tells its keep-alive client to go), refuses new connections, closes the database (on SQLite the
 * WAL is checkpointed away) and exits 0 within seconds. In-process: request timeouts are configured, and the
 * event-loop guard sheds load with a 503 problem+json carrying Retry-After. Both run on the suite's store.
 */
import { once } from 'node:events'
import http from 'node:http'
import net from 'node:net'
import t from 'tap'
import { loadConfig } from '../src/config.js'
import { build, onSqlite } from './helper.js'
import { connectionRefused, send, sizeOf, sleep, type Exit, type Reply } from './fixtures/server-process.js'
import { serverDatabase } from './fixtures/store-under-test.js'

interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** Reads one HTTP/1.1 response (Content-Length framed) from a raw socket; null if the socket closes first. */
function readResponse(socket: net.Socket): Promise<RawResponse | null> {
  return new Promise((done) => {
    let buffer = Buffer.alloc(0)
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      const end = buffer.indexOf('\r\n\r\n')
      if (end < 0) return
      const [statusLine = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n')
      const headers = Object.fromEntries(
        lines.map((line) => {
          const colon = line.indexOf(':')
          return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]
        }),
      )
      const length = Number(headers['content-length'] ?? 0)
      if (buffer.length < end + 4 + length) return
      socket.off('data', onData)
      done({ status: Number(statusLine.split(' ')[1]), headers, body: buffer.subarray(end + 4, end + 4 + length).toString('utf8') })
    }
    socket.on('data', onData)
    socket.once('close', () => done(null))
  })
}

async function rawConnect(port: number): Promise<{ socket: net.Socket; closed: Promise<unknown> }> {
  const socket = net.connect(port, '127.0.0.1')
  socket.on('error', () => {})
  const closed = once(socket, 'close')
  await once(socket, 'connect')
  return { socket, closed }
}

/** Settles with the value, or with 'timeout' after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'timeout'>((done) => {
    timer = setTimeout(() => done('timeout'), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

/**
 * The size of the WAL beside SQLite's file once the server has gone (null: absent); closing the database checkpoints
 * it into the file. Undefined on PostgreSQL, where the server has nothing of the kind to finish: every commit it
 * acknowledged is already in PostgreSQL's own WAL.
 */
const walLeft = (databasePath: string) => (onSqlite ? sizeOf(`${databasePath}-wal`) : Promise.resolve(undefined))

/** A create whose body is uploaded in two parts: it is in flight from the server's `100 Continue` until `finish()`. */
function slowCreate(port: number, agent: http.Agent, secret: string, name: string) {
  const payload = JSON.stringify({ name })
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/v1/tags',
    agent,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(payload)),
      authorization: `Bearer ${secret}`,
      expect: '100-continue',
    },
  })
  const reply = new Promise<Reply>((done, fail) => {
    request.on('response', (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        text += chunk
      })
      response.on('end', () => done({ status: response.statusCode!, headers: response.headers, text, json: () => JSON.parse(text) }))
    })
    request.on('error', fail)
  })
  const continued = once(request, 'continue')
  request.flushHeaders()
  let answered = false
  void reply.then(
    () => {
      answered = true
    },
    () => {},
  )
  return {
    name,
    reply,
    continued,
    answered: () => answered,
    half: () => request.write(payload.slice(0, 8)),
    finish: () => request.end(payload.slice(8)),
  }
}

const walCheckpointed = onSqlite ? ' with the WAL checkpointed' : ''

t.test(`SIGTERM: in-flight requests finish with 2xx, new connections are refused, exit 0${walCheckpointed}`, async (t) => {
  const database = await serverDatabase(t, 'shutdown')
  const secret = await database.createKey('write', 'shutdown')
  // A long shutdown timeout, so that a drain held open by keep-alive sockets shows up as a late exit, not a quick exit 1.
  const server = await database.start({ SHUTDOWN_TIMEOUT_MS: '60000' })
  const { port } = server

  // Idle keep-alive connections: each has served one request and waits for the next.
  const idle = await Promise.all(
    Array.from({ length: 3 }, async () => {
      const connection = await rawConnect(port)
      connection.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n')
      const response = await readResponse(connection.socket)
      t.equal(response?.status, 200, 'an idle keep-alive connection served its request')
      return connection
    }),
  )

  // Creates in flight: the server has accepted and routed them (100 Continue) and is reading their bodies.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
  t.teardown(() => agent.destroy())
  const slow = Array.from({ length: 8 }, (_, i) => slowCreate(port, agent, secret, `slow create ${i}`))
  await Promise.all(slow.map((s) => s.continued))
  for (const s of slow) s.half()

  // Load: a burst of creates over keep-alive connections that runs across the SIGTERM.
  const burstAgent = new http.Agent({ keepAlive: true, maxSockets: 4 })
  t.teardown(() => burstAgent.destroy())
  const burst: { name: string; status?: number; contentType?: string; error?: string }[] = []
  let burstAcks = 0
  const burstDone = Promise.all(
    Array.from({ length: 4 }, async (_, worker) => {
      for (let i = 0; ; i++) {
        const entry: (typeof burst)[number] = { name: `burst create ${worker}-${i}` }
        burst.push(entry)
        try {
          const reply = await send(port, {
            method: 'POST',
            path: '/v1/tags',
            agent: burstAgent,
            headers: { authorization: `Bearer ${secret}` },
            body: { name: entry.name },
          })
          entry.status = reply.status
          entry.contentType = reply.headers['content-type']
          if (reply.status !== 201) return
          burstAcks++
        } catch (error) {
          entry.error = (error as NodeJS.ErrnoException).code ?? String(error)
          return
        }
      }
    }),
  )
  let burstOver = false
  void burstDone.then(() => {
    burstOver = true
  })
  while (burstAcks < 20 && !burstOver) await sleep(5)
  t.ok(burstAcks >= 20, 'the burst is under way')

  // A request whose headers straddle the SIGTERM: begun before it, completed during the drain.
  const straddle = await rawConnect(port)
  straddle.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n')
  const straddleAnswer = readResponse(straddle.socket)

  const exited: Promise<Exit & { at: number }> = server.exited.then((exit) => ({ ...exit, at: Date.now() }))
  server.child.kill('SIGTERM')

  let refused = false
  for (const deadline = Date.now() + 10_000; !refused && Date.now() < deadline; await sleep(25)) refused = await connectionRefused(port)
  t.ok(refused, 'new connections are refused (ECONNREFUSED) while the drain goes on')
  t.not(await within(Promise.all(idle.map((c) => c.closed)), 10_000), 'timeout', 'idle keep-alive connections are closed at once')
  t.equal(slow.filter((s) => s.answered()).length, 0, 'the in-flight creates are still waiting for their bodies')
  t.ok(server.running(), 'the process waits for them')

  straddle.socket.write('\r\n')
  const answer = await within(straddleAnswer, 10_000)
  t.ok(
    answer !== 'timeout' && answer !== null && [200, 503].includes(answer.status),
    `a request whose headers straddle the SIGTERM is answered (${answer === 'timeout' || answer === null ? answer : answer.status}), not dropped`,
  )
  if (answer !== 'timeout' && answer !== null) {
    t.equal(answer.headers.connection, 'close', 'with Connection: close')
    t.equal(answer.status, 200, 'and served like any request in flight')
  }

  for (const s of slow) s.finish()
  const replies = await Promise.all(slow.map((s) => s.reply))
  const lastReplyAt = Date.now()
  for (const [i, reply] of replies.entries()) {
    t.equal(reply.status, 201, `in-flight create ${i} completes with 201`)
    t.equal(reply.json().name, slow[i]!.name, 'with its resource')
    t.equal(reply.headers.connection, 'close', 'and tells its keep-alive client to close the connection')
  }

  await burstDone
  const burstStatuses = [...new Set(burst.map((b) => b.status ?? b.error))]
  const burstEnds = [...new Set(burst.filter((b) => b.status !== 201).map((b) => b.status ?? b.error))]
  t.ok(
    burst.every((b) => b.status === 201 || b.status === 503 || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(b.error!)),
    `the burst across the SIGTERM sees only 201, 503 or a refused/reset connection (${burstStatuses.join(', ')})`,
  )
  for (const b of burst.filter((b) => b.status === 503)) {
    t.match(b.contentType, /^application\/problem\+json/, 'a 503 while closing is problem+json')
  }

  const exit = await within(exited, 10_000)
  t.not(exit, 'timeout', 'the process exits within 10 s of the last response')
  if (exit === 'timeout') return
  t.same({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, 'exit code 0')
  const wal = await walLeft(database.path)
  if (wal !== undefined) t.ok(wal === null || wal === 0, `the WAL is checkpointed (size: ${wal ?? 'absent'})`)
  t.comment(
    `drain: ${slow.length} slow creates, ${burstAcks} burst creates acknowledged (${burst.length - burstAcks} ended with ${burstEnds.join('/')}), ` +
      `exit ${exit.at - lastReplyAt} ms after the last response${wal === undefined ? '' : `, WAL ${wal ?? 'absent'}`}`,
  )

  // PostgreSQL keeps its own files consistent whatever the server process does; SQLite's file is checked here.
  if (onSqlite) t.same(await database.query('pragma integrity_check'), [{ integrity_check: 'ok' }], 'integrity_check is ok')
  const stored = new Set((await database.query<{ name: string }>(`select name from tags where name like '% create %'`)).map((r) => r.name))
  t.ok(
    slow.every((s) => stored.has(s.name)),
    'every in-flight create is stored',
  )
  t.ok(
    burst.filter((b) => b.status === 201).every((b) => stored.has(b.name)),
    'every acknowledged burst create is stored',
  )
  // A reset comes only from a keep-alive socket closed while idle (the client's next request not yet read):
  // the drain never cuts a request it has begun, so nothing the client saw fail was committed.
  const cut = burst.filter((b) => b.error !== undefined || b.status === 503)
  t.same(
    cut.filter((b) => stored.has(b.name)).map((b) => b.name),
    [],
    `none of the ${cut.length} burst creates that failed was committed`,
  )
})

t.test(
  `a client that never finishes its request cannot keep the database open: past SHUTDOWN_TIMEOUT_MS, exit 1${walCheckpointed}`,
  async (t) => {
    const database = await serverDatabase(t, 'shutdown-stalled')
    const server = await database.start({ SHUTDOWN_TIMEOUT_MS: '1000' })
    const stalled = await rawConnect(server.port)
    stalled.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    await sleep(200)
    server.child.kill('SIGTERM')
    t.same(await within(server.exited, 15_000), { code: 1, signal: null }, 'exit 1 once the shutdown timeout has passed')
    t.not(await within(stalled.closed, 5000), 'timeout', 'the stalled connection was cut')
    const wal = await walLeft(database.path)
    if (wal !== undefined)
      t.ok(wal === null || wal === 0, `the database was still closed: the WAL is checkpointed (size: ${wal ?? 'absent'})`)
    t.match(server.output(), /shutdown timed out/, 'and the timeout is logged')
  },
)

t.test('request timeouts are configured from REQUEST_TIMEOUT_MS and enforced on the socket', async (t) => {
  t.equal(loadConfig({}).requestTimeoutMs, 30_000, 'a default exists (Fastify alone would have none)')
  t.equal(loadConfig({ REQUEST_TIMEOUT_MS: '2500' }).requestTimeoutMs, 2500, 'REQUEST_TIMEOUT_MS sets it')
  t.throws(() => loadConfig({ REQUEST_TIMEOUT_MS: '0' }), /REQUEST_TIMEOUT_MS/, 'and cannot switch it off')

  const { app, as } = await build(t, { requestTimeoutMs: 1000 })
  t.equal(app.server.requestTimeout, 1000, 'the HTTP server gets it')
  t.ok(app.server.keepAliveTimeout > 60_000, `keep-alive (${app.server.keepAliveTimeout} ms) outlasts a typical proxy idle timeout (60 s)`)

  // Node checks deadlines every connectionsCheckingInterval (30 s); check often here to see the timeout quickly.
  Object.assign(app.server, { connectionsCheckingInterval: 50 })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as net.AddressInfo
  const headers = await rawConnect(port)
  const body = await rawConnect(port)
  t.teardown(() => {
    headers.socket.destroy()
    body.socket.destroy()
  })
  headers.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n')
  // Authorised, so that the route waits for the body instead of refusing the request at once.
  body.socket.write(
    `POST /v1/tags HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${as.write.authorization}\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"name":`,
  )
  const [slowHeaders, slowBody] = await Promise.all([within(readResponse(headers.socket), 15_000), within(readResponse(body.socket), 6000)])

  t.ok(slowHeaders !== 'timeout' && slowHeaders?.status === 408, 'headers that do not arrive in time are answered 408')
  t.not(await within(headers.closed, 5000), 'timeout', 'and the connection is closed')
  if (slowHeaders !== 'timeout' && slowHeaders !== null) {
    t.match(slowHeaders.headers['content-type'], /^application\/problem\+json/, 'as problem+json')
  }
  // Node swaps the two limits when headersTimeout (60 s default) > requestTimeout: the headers then get
  // requestTimeout, the whole request 60 s.
  t.ok(slowBody !== 'timeout' && slowBody?.status === 408, 'a body that does not arrive in time is answered 408')
})

t.test('an event-loop stall sheds load: 503 problem+json with Retry-After, then recovers', async (t) => {
  const { app, call } = await build(t, { maxEventLoopDelayMs: 20 })
  // Shedding starts 2 s after the app is ready: the first samples would count start-up's own work as a stall.
  await app.ready()
  await new Promise((resolve) => setTimeout(resolve, 2100))
  t.equal((await call({ method: 'GET', url: '/health' })).statusCode, 200, 'healthy at first')

  // Under-pressure samples the event-loop delay once a second. Block the loop in 200 ms slices (yielding
  // between them) until a sample has seen the stall; the verdict then holds until the next sample.
  const stallUntil = Date.now() + 20_000
  while (!app.isUnderPressure() && Date.now() < stallUntil) {
    for (const end = Date.now() + 200; Date.now() < end;) {
      /* busy */
    }
    await sleep(10)
  }
  t.ok(app.isUnderPressure(), `the stall is detected (event-loop delay ${app.memoryUsage().eventLoopDelay.toFixed(0)} ms)`)
  const shed = await call({ method: 'GET', url: '/v1/tags' })
  t.equal(shed.statusCode, 503, 'requests are shed with 503')
  t.match(shed.headers['content-type'], /^application\/problem\+json/, 'as problem+json')
  t.equal(shed.headers['retry-after'], '5', 'with Retry-After')
  t.match(shed.json(), { status: 503, code: 'unavailable', title: 'Service unavailable' }, 'and the stable code')

  const recoverUntil = Date.now() + 20_000
  while (app.isUnderPressure() && Date.now() < recoverUntil) await sleep(100)
  t.equal((await call({ method: 'GET', url: '/health' })).statusCode, 200, 'once the loop is free again, requests are served')
})
