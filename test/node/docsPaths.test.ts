/**
 * An error's "Docs:" link must land on a heading of the README, the page package.json names as the homepage, or the
 * person who follows it is left at the top of a long page.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'node:test'
import { BaseError } from '../../src/errors/base.js'

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to '-', and '-1', '-2'… for repeats. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!heading?.[1]) continue
    const slug = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

const sources = ['src', 'components'].flatMap(sourceFiles).map((file) => ({ file, text: readFileSync(file, 'utf8') }))
const docsPaths = sources.flatMap(({ file, text }) =>
  [...text.matchAll(/docsPath:\s*(['"`])(.*?)\1/g)].map((match) => ({ file, docsPath: match[2] as string })),
)

it('finds the docsPath values to check', () => {
  assert.ok(docsPaths.length >= 5, `only ${docsPaths.length} docsPath values found`)
})

it('uses only string literals as docsPath, so each can be checked here', () => {
  const computed = sources.flatMap(({ file, text }) =>
    [...text.matchAll(/docsPath:\s*(?!['"`]|string\b)(\S+)/g)].map((match) => `${file}: docsPath: ${match[1]}`),
  )
  assert.deepEqual(computed, [])
})

it('links every docsPath in src/ and components/ to a heading of the README', () => {
  const anchors = headingAnchors(readFileSync('README.md', 'utf8'))
  const broken = docsPaths.filter(({ docsPath }) => !anchors.has(docsPath))
  assert.deepEqual(
    broken.map(({ file, docsPath }) => `${file}: ${docsPath}`),
    [],
    `README anchors: ${[...anchors].join(', ')}`,
  )
})

it("builds the link on package.json's homepage", () => {
  const { homepage } = JSON.parse(readFileSync('package.json', 'utf8')) as { homepage?: string }
  assert.ok(homepage, 'package.json has no homepage')
  const error = new BaseError('Something went wrong.', { docsPath: 'deployments' })
  assert.match(error.message, /\nDocs: (.*)$/)
  assert.equal(/\nDocs: (.*)$/.exec(error.message)?.[1], `${homepage}#deployments`)
})
