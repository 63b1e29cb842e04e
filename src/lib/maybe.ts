/** A value at once (a cache hit) or later (a database read): hot paths answer without a promise. */
export type Maybe<T> = T | Promise<T>

/** `fn` applied to the value, at once when there is one, else when it arrives; `fn` may itself answer later. */
export function then<T, R>(value: Maybe<T>, fn: (value: T) => Maybe<R>): Maybe<R> {
  return value instanceof Promise ? value.then(fn) : fn(value)
}
