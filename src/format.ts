// Building an Intl formatter per call costs more than the rest of a badge's render, so each is built once.
const dayMonthYear = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
})

/**
 * "3 May 2026", in UTC so every reader sees the chain's date.
 *
 * @example
 * formatDate(new Date('2026-05-03T10:00:00Z')) // '3 May 2026'
 */
export const formatDate = (when: Date) => dayMonthYear.format(when)

/**
 * `0x90F7…b906`: an address or hash short enough for a sentence; put the full value in a `title` or beside it.
 *
 * @example
 * shortHash('0x90F79bf6EB2c4f870365E785982E1f101E93b906') // '0x90F7…b906'
 */
export const shortHash = (value: string) => (value.length > 12 ? `${value.slice(0, 6)}…${value.slice(-4)}` : value)
