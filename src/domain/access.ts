/** Who is calling: the scope of their API key (or `public` without one) and the key's id. */
export const scopes = ['read', 'write', 'admin'] as const
export type Scope = (typeof scopes)[number]
export type Access = 'public' | Scope

/**
 * The audience a response is computed for: the scope, the key, and for a scoped partner key the categories it is
 * limited to. Sites and embargo rights would be added here, and every visibility decision
 * (src/domain/visibility.ts) follows.
 */
export interface Audience {
  scope: Access
  keyId: number | null
  /** A scoped `read` key sees only the articles of these categories; null: every category. */
  categories: readonly number[] | null
}

const rank: Record<Access, number> = { public: 0, read: 1, write: 2, admin: 3 }

/** Scopes are ordered: each includes the ones before it. */
export const allows = (have: Access, need: Access): boolean => rank[have] >= rank[need]

/** The audience of anonymous callers. */
export const anonymous: Audience = Object.freeze({ scope: 'public', keyId: null, categories: null })

/** On whose behalf the system itself writes (demo content, tags created from article tag names, the CLI). */
export const systemCaller: Audience = Object.freeze({ scope: 'write', keyId: null, categories: null })

/** Whether an article in `categoryId` is within the audience's categories (editors and unscoped keys: always). */
export const inScope = (audience: Audience, categoryId: number | null): boolean =>
  audience.categories === null || (categoryId !== null && audience.categories.includes(categoryId))
