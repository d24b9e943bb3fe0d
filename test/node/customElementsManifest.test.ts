import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { before, describe, it } from 'node:test'

type Declaration = {
  name: string
  customElement?: boolean
  tagName?: string
  attributes?: { name: string; description?: string }[]
  events?: { name?: string; description?: string; type?: { text: string } }[]
  cssProperties?: { name: string }[]
  cssParts?: { name: string }[]
}
type Manifest = { modules: { path: string; declarations?: Declaration[] }[] }

// Lit's Node build installs a customElements registry; record what each define module registers in it.
await import('lit')
const registered = new Map<string, CustomElementConstructor & { observedAttributes?: string[] }>()
const define = customElements.define.bind(customElements)
customElements.define = (tag, element, options) => {
  registered.set(tag, element)
  define(tag, element, options)
}
const components = readdirSync('components', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`components/${entry.name}/define.ts`))
  .map(({ name }) => name)
// Which folder each tag's element lives in: the sources its parts are rendered from.
const folders = new Map<string, string>()
for (const name of components) {
  const before = new Set(registered.keys())
  await import(`../../components/${name}/define.js`)
  for (const tag of registered.keys()) if (!before.has(tag)) folders.set(tag, name)
}

const sourcesIn = (folder: string) =>
  readdirSync(`components/${folder}`, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join('components', folder, file), 'utf8'))
    .join('\n')

describe('custom-elements.json (npm run build:manifest)', () => {
  let elements: Map<string, Declaration>
  before(() => {
    // The analyzer joins --outdir to the working directory, so it must be relative.
    const outdir = mkdtempSync(join(tmpdir(), 'ledger-cem-'))
    execFileSync('node_modules/.bin/cem', ['analyze', '--quiet', '--outdir', relative(process.cwd(), outdir)])
    const manifest: Manifest = JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8'))
    rmSync(outdir, { recursive: true })
    const declarations = manifest.modules.flatMap((module) => module.declarations ?? [])
    elements = new Map(declarations.filter((d) => d.customElement && d.tagName).map((d) => [d.tagName as string, d]))
  })

  it('declares every registered element under its tag, and nothing else', () => {
    assert.ok(registered.size >= components.length, 'every define module registered a tag')
    assert.deepEqual([...elements.keys()].sort(), [...registered.keys()].sort())
    for (const [tag, element] of registered) assert.equal(elements.get(tag)?.name, element.name, tag)
  })

  it('lists each element’s attributes exactly as the element observes them', () => {
    for (const [tag, element] of registered) {
      const listed = (elements.get(tag)?.attributes ?? []).map((attribute) => attribute.name).sort()
      assert.deepEqual(listed, [...(element.observedAttributes ?? [])].sort(), tag)
    }
  })

  it('lists each element’s events once, as documented ledger-* events with their class', () => {
    for (const [tag, element] of elements) {
      const names = (element.events ?? []).map((event) => event.name)
      assert.equal(new Set(names).size, names.length, `${tag} lists an event twice`)
      for (const event of element.events ?? []) {
        assert.match(event.name ?? '', /^ledger-[a-z-]+$/, `${tag} fires a nameless or unprefixed event`)
        assert.ok(event.description, `${tag} documents ${event.name} with @fires`)
        assert.match(event.type?.text ?? '', /^Ledger\w+Event$/, `${tag}'s ${event.name} names its class`)
      }
    }
  })

  it('documents exactly the --ledger-* custom properties each element’s styles read (@cssproperty)', () => {
    for (const [tag, element] of registered) {
      // Reading observedAttributes finalises the class, which gathers its styles into elementStyles.
      void element.observedAttributes
      const styles = (element as unknown as { elementStyles: { cssText: string }[] }).elementStyles
      const read = styles.flatMap(({ cssText }) =>
        [...cssText.matchAll(/var\((--ledger-[a-z-]+)/g)].map(([, name]) => name),
      )
      const documented = (elements.get(tag)?.cssProperties ?? []).map((property) => property.name)
      assert.deepEqual(documented.sort(), [...new Set(read)].sort(), tag)
    }
  })

  it('documents every part each element renders, and only parts it renders (@csspart)', () => {
    const shared = sourcesIn('shared')
    for (const [tag, folder] of folders) {
      const own = sourcesIn(folder)
      const documented = (elements.get(tag)?.cssParts ?? []).map((part) => part.name)
      for (const [, part = ''] of own.matchAll(/part="([a-z-]+)"/g)) {
        assert.ok(documented.includes(part), `${tag} renders ${part}, which it does not document`)
      }
      for (const part of documented) {
        const rendered = new RegExp(`part="${part}"|'${part}'`)
        assert.ok(rendered.test(own) || rendered.test(shared), `${tag} documents ${part}, which it never renders`)
      }
    }
  })

  it('is what package.json points tools at, and ships in the package', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
    assert.equal(pkg.customElements, 'custom-elements.json')
    assert.ok(pkg.files.includes('custom-elements.json'))
    assert.match(pkg.scripts.build, /build:manifest/)
  })
})
