/**
 * The bodies that once stalled the sanitiser, each sent once as a create (after the scenarios): deep nesting,
 * thousands of unclosed tags, an entity flood, and one that grows past the stored limit when sanitised. Each
 * answers 201 or 422; the time is the whole request's.
 */
export async function hostileCreates(origin: string, writeKey: string): Promise<{ shape: string; status: number; ms: number }[]> {
  const shapes: Record<string, string> = {
    'deep nesting': '<b><i>'.repeat(14_000) + 'x' + '</i></b>'.repeat(10_000),
    'unclosed tags': '<strong>kata '.repeat(14_000),
    'entity flood': `<p>${'&amp;'.repeat(39_000)}</p>`,
    'grows when sanitised': `<p>${'1 < 2 '.repeat(33_000)}</p>`,
  }
  const out = []
  for (const [shape, body] of Object.entries(shapes)) {
    const started = performance.now()
    const response = await fetch(`${origin}/v1/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Uji ${shape}`, body }),
    })
    await response.arrayBuffer()
    out.push({ shape, status: response.status, ms: performance.now() - started })
  }
  return out
}
