/**
 * Instants written in the newsroom's time zone (`TIMEZONE`, an IANA name such as `Asia/Jakarta`): RFC 3339 with
 * the zone's offset (Atom, JSON Feed, ninjs, JSON-LD, sitemaps), RFC 822 (RSS), and the calendar months the
 * monthly sitemaps are cut by. Offsets come from the platform's time-zone database, so zones with daylight saving
 * time are right on both sides of a change.
 */
export interface ZonedTime {
  /** `2026-12-02T16:05:09+07:00` */
  rfc3339(ms: number): string
  /** `Wed, 02 Dec 2026 16:05:09 +0700` */
  rfc822(ms: number): string
  /** The calendar month an instant falls in, in the zone. */
  monthOf(ms: number): { year: number; month: number }
  /** The instants where a month begins and where the next one begins, in the zone. */
  monthRange(year: number, month: number): [start: number, end: number]
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const two = (n: number) => String(n).padStart(2, '0')

/** Whether the platform knows the zone (what the configuration checks). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

export function zonedTime(timeZone: string): ZonedTime {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })

  /** The wall-clock fields at an instant (whole seconds) and the zone's offset from UTC then, in minutes. */
  function wall(ms: number) {
    const seconds = Math.floor(ms / 1000) * 1000
    const parts: Record<string, number> = {}
    for (const { type, value } of format.formatToParts(seconds)) if (type !== 'literal') parts[type] = Number(value)
    const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts
    const offset = Math.round((Date.UTC(year, month - 1, day, hour, minute, second) - seconds) / 60_000)
    return { year, month, day, hour, minute, second, offset }
  }

  const offsetText = (offset: number, separator: string) => {
    const sign = offset < 0 ? '-' : '+'
    const abs = Math.abs(offset)
    return `${sign}${two(Math.floor(abs / 60))}${separator}${two(abs % 60)}`
  }

  /** The instant a wall-clock time names (the earlier one when a change makes it ambiguous). */
  function instant(year: number, month: number, day: number): number {
    const local = Date.UTC(year, month - 1, day)
    let guess = local - wall(local).offset * 60_000
    guess = local - wall(guess).offset * 60_000
    return guess
  }

  return {
    rfc3339(ms) {
      const w = wall(ms)
      const zone = w.offset === 0 ? 'Z' : offsetText(w.offset, ':')
      return `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}:${two(w.second)}${zone}`
    },
    rfc822(ms) {
      const w = wall(ms)
      const weekday = days[new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()]
      return `${weekday}, ${two(w.day)} ${months[w.month - 1]} ${w.year} ${two(w.hour)}:${two(w.minute)}:${two(w.second)} ${offsetText(w.offset, '')}`
    },
    monthOf(ms) {
      const { year, month } = wall(ms)
      return { year, month }
    },
    monthRange(year, month) {
      return [instant(year, month, 1), month === 12 ? instant(year + 1, 1, 1) : instant(year, month + 1, 1)]
    },
  }
}
