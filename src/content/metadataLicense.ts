/**
 * A short list of SPDX licences that suit data and model contributions, for licence pickers. Any other SPDX
 * identifier or expression is accepted too; see {@link isSpdxLicenseExpression}.
 */
export const commonLicenses = [
  { id: 'CC-BY-4.0', name: 'Creative Commons Attribution 4.0 International' },
  { id: 'CC-BY-SA-4.0', name: 'Creative Commons Attribution Share Alike 4.0 International' },
  { id: 'CC-BY-NC-4.0', name: 'Creative Commons Attribution Non Commercial 4.0 International' },
  { id: 'CC-BY-NC-SA-4.0', name: 'Creative Commons Attribution Non Commercial Share Alike 4.0 International' },
  { id: 'CC-BY-ND-4.0', name: 'Creative Commons Attribution No Derivatives 4.0 International' },
  { id: 'CC0-1.0', name: 'Creative Commons Zero v1.0 Universal (public domain)' },
  { id: 'ODbL-1.0', name: 'Open Data Commons Open Database License v1.0' },
  { id: 'ODC-By-1.0', name: 'Open Data Commons Attribution License v1.0' },
  { id: 'PDDL-1.0', name: 'Open Data Commons Public Domain Dedication & License 1.0' },
  { id: 'CDLA-Permissive-2.0', name: 'Community Data License Agreement Permissive 2.0' },
  { id: 'CDLA-Sharing-1.0', name: 'Community Data License Agreement Sharing 1.0' },
  { id: 'MIT', name: 'MIT License' },
  { id: 'Apache-2.0', name: 'Apache License 2.0' },
  { id: 'BSD-3-Clause', name: 'BSD 3-Clause "New" or "Revised" License' },
  { id: 'GPL-3.0-or-later', name: 'GNU General Public License v3.0 or later' },
] as const satisfies readonly { id: string; name: string }[]

// SPDX 2.3 Annex D: idstrings are letters, digits, '.' and '-'; a licence id may end in '+'; LicenseRef-… (optionally
// DocumentRef-…:LicenseRef-…) names a licence outside the list.
const simpleExpression = /^(?:(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9][A-Za-z0-9.-]*\+?)$/
const operator = /^(?:AND|OR|WITH)$/

/**
 * Whether `value` has the shape of an SPDX licence identifier or expression: `MIT`, `CC-BY-4.0`,
 * `LicenseRef-my-licence`, `MIT OR Apache-2.0`, `(MIT AND CC-BY-4.0)`,
 * `GPL-2.0-or-later WITH Classpath-exception-2.0`. It checks the grammar, not that the identifier is on the SPDX
 * list, so new licences keep working without an update. Operators must be upper case, as SPDX recommends.
 *
 * @example
 * isSpdxLicenseExpression('CC-BY-4.0 OR MIT') // true
 * isSpdxLicenseExpression('Creative Commons') // false
 */
export function isSpdxLicenseExpression(value: string): boolean {
  const tokens = value.split(/\s+|(?=[()])|(?<=[()])/).filter(Boolean)
  let position = 0
  const peek = () => tokens[position]

  const isSimple = (token: string | undefined): token is string =>
    token !== undefined && !operator.test(token) && simpleExpression.test(token)

  // compound := term (('AND' | 'OR') term)*
  const compound = (depth: number): boolean => {
    if (!term(depth)) return false
    while (peek() === 'AND' || peek() === 'OR') {
      position++
      if (!term(depth)) return false
    }
    return true
  }
  // term := '(' compound ')' | simple ('WITH' simple)?
  const term = (depth: number): boolean => {
    if (peek() === '(') {
      // Bounded so a hostile string of parentheses cannot exhaust the stack.
      if (depth >= 8) return false
      position++
      if (!compound(depth + 1) || peek() !== ')') return false
      position++
      return true
    }
    if (!isSimple(peek())) return false
    position++
    if (peek() === 'WITH') {
      position++
      if (!isSimple(peek())) return false
      position++
    }
    return true
  }

  return compound(0) && position === tokens.length
}
