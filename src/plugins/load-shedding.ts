import fp from 'fastify-plugin'
import underPressure from '@fastify/under-pressure'
import { unavailable } from '../errors.js'

/**
 * Sheds load with 503 + Retry-After when the event loop stalls longer than `maxEventLoopDelayMs` (0 disables).
 * The first samples after start-up measure start-up itself (compiling schemas), so shedding starts after a short
 * grace period.
 */
export default fp<{ maxEventLoopDelayMs: number }>(
  async (app, { maxEventLoopDelayMs }) => {
    let sheddingFrom = Infinity
    app.addHook('onReady', async () => {
      sheddingFrom = Date.now() + 2000
    })
    await app.register(underPressure, {
      maxEventLoopDelay: maxEventLoopDelayMs,
      pressureHandler: async () => {
        if (Date.now() >= sheddingFrom) throw unavailable('The server is overloaded; retry later', 5)
      },
    })
  },
  { name: 'load-shedding' },
)
