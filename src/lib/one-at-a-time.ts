/**
 * `look` run one at a time: a call while it runs gets the running promise and asks for one more run after it, so a
 * wake-up during a look is never lost and never overlaps it. A failure of that extra run goes to `warn`.
 */
export function oneAtATime(look: () => Promise<void>, warn: (error: unknown) => void): () => Promise<void> {
  let running: Promise<void> | undefined
  let again = false
  const run = (): Promise<void> => {
    if (running) {
      again = true
      return running
    }
    running = look().finally(() => {
      running = undefined
      if (again) {
        again = false
        void run().catch(warn)
      }
    })
    return running
  }
  return run
}
