import type { Dataset } from './dataset.js'
import { rotatingGet } from './load.js'
import { Random } from './random.js'
import { slugPath } from './read-scenarios.js'
import { expectStatus, type Background, type Scenario } from './scenario.js'
import { articleBody, headline } from './text.js'

/** (f) and (p): writes, after the reads (writes drop cached representations); (g): reads beside a trickle of writes. */
export const writeScenarios: readonly Scenario[] = [
  {
    key: 'f',
    name: 'POST /v1/articles (write key)',
    expectStatus: 201,
    target: { kind: 'absolute', min: 500 },
    postgresTarget: { kind: 'absolute', min: 1000 },
    writes: true,
    async prepare({ origin, dataset, writeKey, seed }) {
      const next = draftBodies(dataset, seed)
      const headers = { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' }
      const check = await fetch(`${origin}/v1/articles`, { method: 'POST', headers, body: next() })
      expectStatus('POST /v1/articles', { status: check.status, body: await check.text() }, 201)
      return {
        name: this.name,
        notes: ['unique titles, ~1.5 KB HTML bodies, categoryId; each creates a draft (runs last: writes clear read caches)'],
        requests: [
          { method: 'POST', path: '/v1/articles', headers, body: next(), setupRequest: (request) => ({ ...request, body: next() }) },
        ],
      }
    },
  },
  {
    key: 'p',
    name: 'PATCH /v1/articles/{id} (title only)',
    expectStatus: 200,
    target: null,
    postgresTarget: null,
    writes: true,
    async prepare({ origin, dataset, writeKey, seed }) {
      const ids = dataset.sampleIds
      const headers = { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json', 'if-match': '*' }
      const run = `${Date.now().toString(36)}${seed}`
      let n = 0
      const next = () => {
        n++
        return { path: `/v1/articles/${ids[n % ids.length] as number}`, body: JSON.stringify({ title: `Judul diperbarui ${run}-${n}` }) }
      }
      const first = next()
      const check = await fetch(origin + first.path, { method: 'PATCH', headers, body: first.body })
      expectStatus(`PATCH ${first.path}`, { status: check.status, body: await check.text() }, 200)
      return {
        name: this.name,
        notes: [
          `rotates over ${ids.length} published articles, a new title each (If-Match: *); each drops that article's cached representations`,
        ],
        requests: [
          { method: 'PATCH', path: first.path, headers, body: first.body, setupRequest: (request) => ({ ...request, ...next() }) },
        ],
      }
    },
  },
  {
    key: 'g',
    name: 'GET /v1/articles/slug/{slug} + 10 drafts/s',
    expectStatus: 200,
    target: null,
    optIn: true,
    postgresTarget: null,
    async prepare({ origin, dataset, writeKey, seed }) {
      const paths = dataset.sampleSlugs.map(slugPath)
      const next = draftBodies(dataset, seed + 7)
      const perSecond = 10
      const background: Background = {
        start() {
          let running = true
          let created = 0
          let failed = 0
          const loop = (async () => {
            while (running) {
              const started = performance.now()
              const response = await fetch(`${origin}/v1/articles`, {
                method: 'POST',
                headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
                body: next(),
              })
              await response.arrayBuffer()
              if (response.status === 201) created++
              else failed++
              await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / perSecond - (performance.now() - started))))
            }
          })()
          return {
            async stop() {
              running = false
              await loop
              const note = `${created} drafts created in the background during the measured run`
              return { note: failed > 0 ? `${note}; ${failed} background POSTs did not answer 201` : note, failures: failed }
            },
          }
        },
      }
      return {
        name: this.name,
        notes: [`(a)'s reads while a ${perSecond}/s trickle of draft creates runs beside them (opt-in: --only …,g)`],
        requests: [rotatingGet(paths)],
        background,
      }
    },
  },
]

/** Request bodies for draft creates: realistic titles and ~1.5 KB bodies, every title unique within the run. */
function draftBodies(dataset: Dataset, seed: number): () => string {
  const random = new Random(seed + 1)
  const bodies = Array.from({ length: 64 }, () => articleBody(random, 1500, () => 'https://www.kabar.example/nasional/berita').html)
  const titles = Array.from({ length: 64 }, () => headline(random))
  const categoryId = dataset.categories[0]?.id ?? 1
  const run = `${Date.now().toString(36)}${seed}`
  let n = 0
  return () => {
    n++
    return JSON.stringify({ title: `${titles[n % titles.length] as string} ${run}-${n}`, body: bodies[n % bodies.length], categoryId })
  }
}
