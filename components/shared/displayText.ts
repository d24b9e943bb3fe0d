// Control and format characters (bidi overrides, zero-width joiners) can make a name read as something it is not.
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu

/**
 * Text from a chain, a URL or another page, made fit to show: invisible and direction-changing characters removed,
 * cut to `maxLength` characters. Lit renders it as text, never as markup.
 *
 * @example
 * displayText('\u202Egnp.exe', 40) // 'gnp.exe': the right-to-left override is gone
 * displayText('A very long model name', 10) // 'A very lo…'
 * displayText(undefined, 10, 'Unnamed') // 'Unnamed'
 */
export function displayText(value: unknown, maxLength: number, fallback = ''): string {
  const cleaned = typeof value === 'string' ? value.replace(INVISIBLE, '').trim() : ''
  const characters = [...cleaned]
  if (characters.length === 0) return fallback
  return characters.length > maxLength ? `${characters.slice(0, maxLength - 1).join('')}…` : cleaned
}
