// `npm run build:manifest` writes custom-elements.json from the components' JSDoc with
// @custom-elements-manifest/analyzer, for editors, Storybook and framework wrappers. It is generated, never edited.

/**
 * The analyzer lists `this.dispatchEvent(new LedgerErrorEvent(…))` as one nameless event per element, beside the
 * `@fires ledger-error - …` entries from the JSDoc. This reads each event class's name from its `super('ledger-…', …)`
 * and each element's dispatched classes, so every event is listed once with its name, description and class.
 */
function namedEvents() {
  const eventNames = new Map() // event class → event name
  const dispatched = new Map() // element class → event classes it dispatches
  return {
    name: 'ledger-named-events',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return
      const className = node.name.text
      const isEvent = node.heritageClauses?.some((clause) =>
        clause.types.some((t) => t.expression.getText() === 'Event'),
      )
      const visit = (child) => {
        const [first] = ts.isCallExpression(child) ? child.arguments : []
        if (isEvent && child.expression?.kind === ts.SyntaxKind.SuperKeyword && first && ts.isStringLiteral(first)) {
          eventNames.set(className, first.text)
        }
        const dispatches =
          ts.isPropertyAccessExpression(child.expression ?? {}) && child.expression.name.text === 'dispatchEvent'
        if (!isEvent && dispatches && first && ts.isNewExpression(first) && ts.isIdentifier(first.expression)) {
          dispatched.set(className, (dispatched.get(className) ?? new Set()).add(first.expression.text))
        }
        ts.forEachChild(child, visit)
      }
      ts.forEachChild(node, visit)
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((module) => module.declarations ?? [])) {
        if (!declaration.customElement) continue
        const events = (declaration.events ?? []).filter((event) => event.name)
        for (const eventClass of dispatched.get(declaration.name) ?? []) {
          const name = eventNames.get(eventClass)
          if (!name) continue
          const event = events.find((candidate) => candidate.name === name)
          if (event) event.type ??= { text: eventClass }
          else events.push({ name, type: { text: eventClass } })
        }
        if (events.length > 0 || declaration.events) declaration.events = events
      }
    },
  }
}

export default {
  globs: ['components/**/*.ts'],
  exclude: ['components/cdn.ts', 'components/react.ts', '**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // The analyzer would otherwise rewrite package.json, which already names the manifest.
  packagejson: false,
  plugins: [namedEvents()],
}
