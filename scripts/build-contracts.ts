/**
 * Compiles contracts/ with the solc npm package and writes typed `as const` ABIs and bytecode.
 *   tsx scripts/build-contracts.ts          write src/abis/ and test/abis/
 *   tsx scripts/build-contracts.ts --check  exit 1 if the committed files differ from a fresh build
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import solc from 'solc'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

/** Where each contract's generated module goes; contracts/test/ mocks never ship in the package. */
const outputs = [
  {
    dir: 'src/abis',
    contracts: [
      'ContributionRegistry',
      'RewardDistributor',
      'LedgerRewardToken',
      'PasskeyAccount',
      'PasskeyAccountFactory',
      'ERC7913WebAuthnVerifier',
    ],
  },
  {
    dir: 'test/abis',
    contracts: [
      'ERC1271WalletMock',
      'FalseReturningTokenMock',
      'FeeOnTransferTokenMock',
      'ReentrantTokenMock',
      'EntryPoint',
    ],
  },
]

/**
 * Contracts compiled from node_modules as they are: OpenZeppelin's WebAuthn verifier, which passkey accounts name in
 * their signers, and ERC-4337 EntryPoint v0.8 for the tests, the local chain and the gas bench. Both compile with our
 * settings, and adding them changes none of our contracts' output (a contract's metadata covers only its own imports).
 */
const dependencies = [
  '@openzeppelin/contracts/utils/cryptography/verifiers/ERC7913WebAuthnVerifier.sol',
  '@account-abstraction/contracts/core/EntryPoint.sol',
]

type CompiledContract = { abi: unknown[]; evm: { bytecode: { object: string } } }
type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts: Record<string, Record<string, CompiledContract>>
}

function listSolidity(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? listSolidity(join(dir, entry.name))
        : entry.name.endsWith('.sol')
          ? [join(dir, entry.name)]
          : [],
    )
    .sort()
}

function findImport(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') }
  } catch {
    return { error: `Cannot find import ${path}` }
  }
}

export function compileContracts(): Map<string, CompiledContract> {
  const sources = Object.fromEntries([
    ...listSolidity(join(root, 'contracts')).map((file) => [
      relative(root, file),
      { content: readFileSync(file, 'utf8') },
    ]),
    ...dependencies.map((file) => [file, { content: readFileSync(require.resolve(file), 'utf8') }]),
  ])
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      // cancun, not solc's default osaka, which not every L2 runs yet.
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 10_000 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  // OpenZeppelin's own warnings (transient storage in its reentrancy guard) are known and not ours to fix.
  const ownWarnings = (output.errors ?? []).filter(
    (e) => e.severity !== 'error' && !e.formattedMessage.includes('@openzeppelin/'),
  )
  for (const warning of ownWarnings) console.warn(warning.formattedMessage)
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'))

  const compiled = new Map<string, CompiledContract>()
  for (const [file, contracts] of Object.entries(output.contracts)) {
    if (!file.startsWith('contracts/') && !dependencies.includes(file)) continue
    for (const [name, contract] of Object.entries(contracts)) compiled.set(name, contract)
  }
  return compiled
}

// ERC1271WalletMock -> erc1271WalletMock, RewardDistributor -> rewardDistributor
const camel = (name: string) => name.replace(/^[A-Z]+(?=[A-Z][a-z]|\d)|^[A-Z]/, (head) => head.toLowerCase())

// internalType only names Solidity types for humans; dropping it keeps the shipped ABIs small.
const json = (value: unknown) => JSON.stringify(value, (key, v) => (key === 'internalType' ? undefined : v), 2)

type AbiItem = { type: string; name?: string; inputs?: { type: string }[] }

/**
 * Each function, event and error is its own export, and the full ABI is built from them, so an action that imports
 * `* as registry` and uses `registry.getContribution` bundles that one item, not the whole ABI.
 */
function renderModule(name: string, contract: CompiledContract): string {
  const items = contract.abi as AbiItem[]
  // An overloaded name (OpenZeppelin's `getNonce()` and `getNonce(uint192)`) goes to the overload with the fewest
  // inputs; the others are named after their input types as well: `getNonce_uint192`.
  const baseName = (item: AbiItem) => (item.name ? item.name : item.type)
  const names = new Map<AbiItem, string>()
  for (const item of items) {
    const inputs = item.inputs ?? []
    const overloaded = items.some(
      (other) => other !== item && baseName(other) === baseName(item) && (other.inputs ?? []).length < inputs.length,
    )
    const suffix = overloaded ? inputs.map((input) => `_${input.type.replace(/\W/g, '_')}`).join('') : ''
    names.set(item, `${baseName(item)}${suffix}`)
  }
  const itemName = (item: AbiItem) => names.get(item) as string
  const errors = items.filter((item) => item.type === 'error').map(itemName)
  const declarations = items.map(
    (item) => `${item.name ? 'export ' : ''}const ${itemName(item)} = ${json(item)} as const`,
  )
  return `// Generated by scripts/build-contracts.ts from contracts/. Do not edit: run \`npm run build:contracts\`.
${declarations.join('\n\n')}

/** Every custom error ${name} can revert with, for decoding reverts of any of its functions. */
export const ${camel(name)}Errors = [${errors.join(', ')}] as const

export const ${camel(name)}Abi = [${items.map(itemName).join(', ')}] as const

export const ${camel(name)}Bytecode = '0x${contract.evm.bytecode.object}' as const
`
}

function renderIndex(names: string[]): string {
  const lines = names.map((name) => `export { ${camel(name)}Abi, ${camel(name)}Bytecode } from './${camel(name)}.js'`)
  return `// Generated by scripts/build-contracts.ts. Do not edit: run \`npm run build:contracts\`.\n${lines.join('\n')}\n`
}

function generatedFiles(): Map<string, string> {
  const compiled = compileContracts()
  const files = new Map<string, string>()
  for (const { dir, contracts } of outputs) {
    for (const name of contracts) {
      const contract = compiled.get(name)
      if (!contract) throw new Error(`solc produced no contract named ${name}`)
      files.set(join(dir, `${camel(name)}.ts`), renderModule(name, contract))
    }
    files.set(join(dir, 'index.ts'), renderIndex(contracts))
  }
  return files
}

const check = process.argv.includes('--check')
const files = generatedFiles()
const stale: string[] = []
for (const [path, content] of files) {
  const absolute = join(root, path)
  const current = existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined
  if (current === content) continue
  if (check) {
    stale.push(path)
  } else {
    mkdirSync(dirname(absolute), { recursive: true })
    writeFileSync(absolute, content)
    console.log(`wrote ${path}`)
  }
}
if (check && stale.length > 0) {
  console.error(`Generated ABIs are stale; run \`npm run build:contracts\` and commit:\n  ${stale.join('\n  ')}`)
  process.exit(1)
}
if (check) console.log(`generated ABIs are up to date (${files.size} files)`)
