/**
 * An attribution epoch: what each contribution was worth and what each contributor got, the manifest, a button that
 * verifies it all in the browser, and buttons that run the next epoch: against the test set, or paying out the fees of
 * the queries the model answered ("Ask the model").
 */

import { type EpochManifest, epochManifestHash } from 'attribution-ledger/attribution'
import { displayText, formatAmount, type TokenInfo } from 'attribution-ledger/components'
import { html, nothing, render } from 'lit'
import { type Address, formatUnits, type Hex, isAddressEqual } from 'viem'
import {
  type DemoConfig,
  datasetUrl,
  epochBase,
  loadConfig,
  loadContributions,
  loadManifest,
  runEpoch,
  runUsageEpochs,
  shortHex,
  usageUrl,
} from './api.js'
import { mountAskCard } from './askCard.js'
import { type Bar, barChart } from './barChart.js'
import { checkEpoch, type EpochCheck } from './epochCheck.js'
import { messageOf, type Page, readRewardToken, startPage } from './page.js'

/** Bars drawn for the contributions; the rest are summarised in a line, and all are in the table. */
const TOP = 20
const LABEL_LENGTH = 34

const signed = new Intl.NumberFormat('en', { maximumSignificantDigits: 3, signDisplay: 'exceptZero' })
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 })
const twoDecimals = new Intl.NumberFormat('en', { maximumFractionDigits: 2 })
const fourDecimals = new Intl.NumberFormat('en', { maximumFractionDigits: 4 })
const descending = (a: bigint, b: bigint) => (b > a ? 1 : b < a ? -1 : 0)

type Loaded = { manifest: EpochManifest; names: Map<Hex, string>; token: TokenInfo }

/** The contributions past the chart, in one line: how many, their total, and the lowest when it is negative. */
function restSummary(values: readonly number[], text: (value: number) => string) {
  const total = values.reduce((sum, value) => sum + value, 0)
  const lowest = Math.min(...values)
  const negatives = values.filter((value) => value < 0).length
  return `…and ${values.length} more, together worth ${text(total)}${
    negatives ? `; ${negatives} of them negative, down to ${text(lowest)}` : ''
  }.`
}

function checkResult(check: EpochCheck | undefined, manifest: EpochManifest) {
  switch (check?.kind) {
    case undefined:
      return nothing
    case 'running':
      return html`<span class="symbol" aria-hidden="true">…</span><span>${check.step}</span>`
    case 'verified':
      return html`<span class="symbol" aria-hidden="true">✓</span>
        <div>
          <p><strong>Verified</strong> in ${check.seconds.toFixed(1)} s: all ${manifest.values.length} contribution
          values, the allocations, the cumulative amounts and the reward root reproduce bit for bit from the epoch's
          dataset${manifest.inputs.usage ? ' and its signed usage log' : ''}, and the chain holds the same manifest
          hash for epoch #${manifest.epochId}.</p>
          <dl class="facts">
            <div><dt>Recomputed manifest hash</dt><dd><code>${check.manifestHash}</code></dd></div>
          </dl>
        </div>`
    case 'mismatch':
      return html`<span class="symbol" aria-hidden="true">✕</span>
        <span><strong>Does not verify:</strong> <code>${check.field}</code> is not what the manifest says.
        <span class="details small muted">${check.details}</span></span>`
    case 'unusable':
      return html`<span class="symbol" aria-hidden="true">✕</span>
        <span><strong>Does not verify:</strong> the epoch's dataset cannot be what it was computed from.
        <span class="details small muted">${check.message}</span></span>`
    case 'failed':
      return html`<span class="symbol" aria-hidden="true">!</span>
        <span><strong>Could not verify:</strong> ${check.message}</span>`
  }
}

type Ranked = { value: number; contentHash: Hex; contributor: Address }
type Allocation = { account: Address; amount: bigint }
/** How the page names contributions (by their names) and accounts (short, and "you" for the wallet's). */
type Labels = { nameOf: (contentHash: Hex) => string; accountLabel: (account: Address) => string }

/** The training contributions, highest value first, with who contributed them. */
function rankedValues({ values, inputs }: EpochManifest): Ranked[] {
  return values
    .map((value, i) => ({
      value,
      contentHash: inputs.train.contentHashes[i] as Hex,
      contributor: inputs.train.contributors[i] as Address,
    }))
    .sort((a, b) => b.value - a.value)
}

/** This epoch's allocation to each contributor, largest first. */
function rankedAllocations(manifest: EpochManifest): Allocation[] {
  return manifest.allocations
    .map((row) => ({ account: row.account, amount: BigInt(row.amount) }))
    .sort((a, b) => descending(a.amount, b.amount))
}

function statsList(manifest: EpochManifest, allocations: Allocation[], token: TokenInfo, model: string) {
  const { train, test, usage } = manifest.inputs
  const heldBack = BigInt(usage?.unattributedFee ?? 0)
  return html`<dl class="stats">
    <div class="wide"><dt>Model</dt><dd>${model}</dd></div>
    <div><dt>Epoch</dt><dd>#${manifest.epochId}${usage ? ' · usage' : ''}</dd></div>
    <div><dt>Training contributions</dt><dd>${train.contentHashes.length}${
      train.size === train.contentHashes.length ? '' : ` (${train.size} rows)`
    }</dd></div>
    ${test ? html`<div><dt>Test examples</dt><dd>${test.size}</dd></div>` : nothing}
    ${usage ? html`<div><dt>Queries paid for</dt><dd>${usage.queries}</dd></div>` : nothing}
    <div><dt>Contributors paid</dt><dd>${allocations.filter(({ amount }) => amount > 0n).length}</dd></div>
    <div><dt>${usage ? 'Fees paid out' : 'Budget'}</dt><dd>${formatAmount(BigInt(manifest.budget), token)}</dd></div>
    ${heldBack ? html`<div><dt>Fees held back</dt><dd>${formatAmount(heldBack, token)}</dd></div>` : nothing}
  </dl>`
}

/**
 * A usage epoch's values are the fee units each contribution's rows earned (fractional), shown in tokens; a test-set
 * epoch's are Shapley values of the model's accuracy, shown as they are.
 */
function valueFormat(manifest: EpochManifest, token: TokenInfo) {
  if (!manifest.inputs.usage) return { scaled: (value: number) => value, text: (value: number) => signed.format(value) }
  const scaled = (value: number) => value / 10 ** token.decimals
  return { scaled, text: (value: number) => `${fourDecimals.format(scaled(value))} ${token.symbol}` }
}

function valuesCaption(manifest: EpochManifest) {
  const k = 'k' in manifest.method ? manifest.method.k : undefined
  const { test, usage } = manifest.inputs
  if (usage) {
    return `What each training contribution earned from the ${usage.queries} ${
      usage.queries === 1 ? 'query' : 'queries'
    } in the model's signed usage log: each query's fee, split over the training rows in proportion to their exact
      Shapley value for the ${k}-nearest-neighbour classifier's answer (only positive values count).`
  }
  return `The exact Shapley value of each training contribution to a ${k}-nearest-neighbour classifier's accuracy on ${
    test?.size ?? 0
  } test examples.`
}

/** The chart of the highest values, a line for the rest, and every value in a table. */
function valuesCard(
  manifest: EpochManifest,
  values: Ranked[],
  names: Map<Hex, string>,
  token: TokenInfo,
  { nameOf, accountLabel }: Labels,
) {
  const rest = values.slice(TOP)
  const format = valueFormat(manifest, token)
  const valueBars: Bar[] = values.slice(0, TOP).map(({ value, contentHash }) => ({
    label: nameOf(contentHash),
    value: format.scaled(value),
    valueText: format.text(value),
    title: `${displayText(names.get(contentHash), 200, contentHash)}: ${value}`,
  }))
  const negatives = values.filter(({ value }) => value < 0).length
  return html`<section class="card" aria-labelledby="values-heading">
    <h2 id="values-heading">Value per contribution</h2>
    <figure class="chart">
      <figcaption>
        ${valuesCaption(manifest)}
        ${rest.length ? `The ${TOP} highest of ${values.length}.` : ''}
        ${negatives ? `${negatives} made the model worse (a negative value) and earn nothing.` : ''}
      </figcaption>
      ${barChart(
        valueBars,
        `Bar chart of the ${valueBars.length} highest contribution values of ${values.length}, from ${
          valueBars[0]?.valueText ?? 0
        } down to ${valueBars.at(-1)?.valueText ?? 0}. The table below lists them all.`,
      )}
      ${
        rest.length
          ? html`<p class="rest">${restSummary(
              rest.map(({ value }) => value),
              format.text,
            )}</p>`
          : nothing
      }
    </figure>
    <details>
      <summary>All ${values.length} values as a table</summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">Rank</th><th scope="col">Contribution</th><th scope="col">Contributor</th><th scope="col">${
              manifest.inputs.usage ? `Earned (${token.symbol})` : 'Value'
            }</th></tr>
          </thead>
          <tbody>
            ${values.map(
              ({ value, contentHash, contributor }, i) =>
                html`<tr>
                  <td class="number">${i + 1}</td>
                  <th scope="row" title=${contentHash}>${nameOf(contentHash)}</th>
                  <td class="mono" title=${contributor}>${accountLabel(contributor)}</td>
                  <td class="number">${manifest.inputs.usage ? format.scaled(value) : value}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>
  </section>`
}

/** The chart of each contributor's allocation and share of the budget, and the same with cumulative amounts in a table. */
function allocationsCard(
  manifest: EpochManifest,
  allocations: Allocation[],
  token: TokenInfo,
  { accountLabel }: Labels,
) {
  const budget = BigInt(manifest.budget)
  const cumulative = new Map(manifest.cumulative.map((row) => [row.account, BigInt(row.amount)]))
  const share = (amount: bigint) => percent.format(budget ? Number((amount * 10_000n) / budget) / 10_000 : 0)
  const allocationBars: Bar[] = allocations.map(({ account, amount }) => ({
    label: accountLabel(account),
    value: Number(formatUnits(amount, token.decimals)),
    valueText: `${twoDecimals.format(Number(formatUnits(amount, token.decimals)))} ${token.symbol} · ${share(amount)}`,
    title: `${account}: ${formatAmount(amount, token)}`,
  }))
  return html`<section class="card" aria-labelledby="allocations-heading">
    <h2 id="allocations-heading">Allocation per contributor</h2>
    <figure class="chart">
      <figcaption>
        ${
          manifest.inputs.usage
            ? `The ${formatAmount(budget, token)} in fees its queries paid, split by what each contributor's
              contributions earned; rounding is exact.`
            : `This epoch's ${formatAmount(budget, token)}, split by the sum of each contributor's values; a negative
              sum counts as zero, and rounding is exact.`
        }
      </figcaption>
      ${barChart(
        allocationBars,
        `Bar chart of ${allocationBars.length} contributors' allocations, from ${
          allocationBars[0]?.valueText ?? 0
        } down to ${allocationBars.at(-1)?.valueText ?? 0}. The table below lists them.`,
      )}
    </figure>
    <details>
      <summary>Allocations as a table</summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">Contributor</th><th scope="col">This epoch</th><th scope="col">Share</th><th scope="col">Cumulative</th></tr>
          </thead>
          <tbody>
            ${allocations.map(
              ({ account, amount }) =>
                html`<tr>
                  <th scope="row" class="mono" title=${account}>${accountLabel(account)}</th>
                  <td class="number">${formatAmount(amount, token)}</td>
                  <td class="number">${share(amount)}</td>
                  <td class="number">${formatAmount(cumulative.get(account) ?? 0n, token)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>
  </section>`
}

function verifyCard(manifest: EpochManifest, check: EpochCheck | undefined, onVerify: () => void) {
  return html`<section class="card" aria-labelledby="verify-heading">
    <h2 id="verify-heading">Verify this epoch</h2>
    <p class="muted">
      Your browser downloads the epoch's dataset (its texts, their labels and the contribution each belongs to)${
        manifest.inputs.usage ? ' and its usage log, checks the log is signed by the model’s owner,' : ','
      }
      derives their features, recomputes every value, the allocations and the reward root, and checks the manifest
      against the chain. Nothing is taken on trust.
    </p>
    <button class="button primary" type="button" ?disabled=${check?.kind === 'running'} @click=${onVerify}>
      Verify this epoch
    </button>
    <div class="verify-result ${check?.kind === 'verified' ? 'ok' : check?.kind === 'running' || !check ? '' : 'failed'}"
      role="status">${checkResult(check, manifest)}</div>
  </section>`
}

function manifestCard(manifest: EpochManifest) {
  const base = epochBase(manifest.epochId)
  return html`<section class="card" aria-labelledby="manifest-heading">
    <h2 id="manifest-heading">Manifest</h2>
    <p class="muted">
      Every input by hash and every output. Its keccak-256 is what the attributor proposed on-chain, with the
      reward root.
    </p>
    <dl class="facts">
      <div><dt>Manifest hash (keccak-256)</dt><dd><code>${epochManifestHash(manifest)}</code></dd></div>
      <div><dt>Reward root</dt><dd><code>${manifest.root}</code></dd></div>
      <div><dt>Training-set root</dt><dd><code>${manifest.model.trainingSetRoot}</code></dd></div>
    </dl>
    <p>
      <a href="${base}manifest.json">manifest.json</a> ·
      <a href="${base}tree.json">tree.json</a> ·
      <a href="${datasetUrl(manifest.epochId)}">dataset.json</a>${
        manifest.inputs.usage ? html` · <a href="${usageUrl(manifest.epochId)}">usage.json</a>` : nothing
      }
    </p>
    <details>
      <summary>Show the manifest</summary>
      <pre class="manifest-json"><code>${JSON.stringify(manifest, null, 2)}</code></pre>
    </details>
  </section>`
}

type EpochViewOptions = {
  model: string
  check: EpochCheck | undefined
  you: (account: Address) => boolean
  onVerify: () => void
}

/** The whole epoch: its figures, both charts, the verify button and the manifest. */
function epochView({ manifest, names, token }: Loaded, { model, check, you, onVerify }: EpochViewOptions) {
  const labels: Labels = {
    nameOf: (contentHash) => displayText(names.get(contentHash), LABEL_LENGTH, shortHex(contentHash)),
    accountLabel: (account) => `${shortHex(account)}${you(account) ? ' (you)' : ''}`,
  }
  const values = rankedValues(manifest)
  const allocations = rankedAllocations(manifest)
  return html`${statsList(manifest, allocations, token, model)}
    <div class="charts">
      ${valuesCard(manifest, values, names, token, labels)} ${allocationsCard(manifest, allocations, token, labels)}
    </div>
    <div class="charts start">${verifyCard(manifest, check, onVerify)} ${manifestCard(manifest)}</div>`
}

/** The model's name when the demo knows it, else its id. */
const modelName = (config: DemoConfig, manifest: EpochManifest) =>
  displayText(
    config.models.find((model) => model.id === manifest.model.modelId)?.name,
    60,
    `#${manifest.model.modelId}`,
  )

function epochOptions(latest: number, selected: number | undefined) {
  return Array.from({ length: latest }, (_, i) => latest - i).map(
    (epochId) =>
      html`<option value=${epochId} ?selected=${selected === epochId}>
        Epoch #${epochId}${epochId === latest ? ' (latest)' : ''}
      </option>`,
  )
}

/** What each run button does, and how its progress and outcome read. */
const RUNS = {
  test: {
    label: 'Running a new epoch',
    doing: 'training a model on the accepted reviews, computing the values against the test set and the reward tree',
    run: async () => [(await runEpoch()).epochId],
  },
  usage: {
    label: 'Running a usage epoch',
    doing:
      "having the model's owner sign the log of the queries it answered, splitting each query's fee over the training rows that supported its answer",
    run: async () => (await runUsageEpochs()).epochIds,
  },
} as const

const listOf = (ids: readonly number[]) => ids.map((id) => `#${id}`).join(' and ')

/**
 * Runs an epoch of `kind` with its progress in `status`, then calls `done` with the new epochs' ids (a usage run makes
 * one per model that answered queries) and says they are claimable, or says why it could not be run. Both run buttons
 * wait meanwhile: the server runs one epoch at a time.
 */
async function runNewEpoch(
  kind: keyof typeof RUNS,
  buttons: readonly HTMLButtonElement[],
  status: HTMLElement,
  done: (epochIds: number[]) => Promise<void>,
) {
  const { label, doing, run } = RUNS[kind]
  for (const button of buttons) button.disabled = true
  const started = Date.now()
  // The seconds are for the eye; the live region announces the start and the outcome, not every tick.
  const progress = () =>
    render(
      html`<div class="notice">
        <p>
          ${label}: ${doing}, funding the distributor, proposing the root, then skipping the dispute window on the
          local chain…
          <span aria-hidden="true">${Math.round((Date.now() - started) / 1000)} s</span>
        </p>
        <progress aria-label=${label}></progress>
      </div>`,
      status,
    )
  progress()
  const ticking = setInterval(progress, 1000)
  try {
    const epochIds = await run()
    await done(epochIds)
    render(
      html`<p class="notice"><strong>✓ ${epochIds.length > 1 ? 'Epochs' : 'Epoch'} ${listOf(epochIds)} ${
        epochIds.length > 1 ? 'are' : 'is'
      } claimable.</strong> <a href="/rewards.html">See the rewards</a>.</p>`,
      status,
    )
  } catch (error) {
    render(html`<p class="notice error">The epoch could not be run: ${messageOf(error)}</p>`, status)
  } finally {
    clearInterval(ticking)
    for (const button of buttons) button.disabled = false
  }
}

/** The epoch's manifest, with the names of its contributions and the reward token. */
async function loadEpoch(epochId: number, token: Promise<TokenInfo>): Promise<Loaded> {
  const [manifest, contributions] = await Promise.all([loadManifest(epochId), loadContributions()])
  return {
    manifest,
    names: new Map(contributions.map((entry) => [entry.contentHash, entry.name])),
    token: await token,
  }
}

/**
 * Wires the page: "Ask the model", the epoch picker, the run buttons, and the epoch shown with its verification. The
 * configuration is loaded again after every run, so the model's name and the queries waiting are current.
 */
function start({ config: loadedConfig, wallet }: Page, root: HTMLElement, askRoot: HTMLElement) {
  const select = document.querySelector<HTMLSelectElement>('#epoch')
  const runButton = document.querySelector<HTMLButtonElement>('#run-epoch')
  const usageButton = document.querySelector<HTMLButtonElement>('#run-usage-epoch')
  const runStatus = document.querySelector<HTMLElement>('#run-status')
  if (!select || !runButton || !usageButton || !runStatus) return
  let config = loadedConfig
  let latest = config.latestEpoch?.epochId ?? 0
  let loaded: Loaded | undefined
  let check: EpochCheck | undefined
  let token: Promise<TokenInfo> | undefined
  const you = (account: Address) => wallet !== undefined && isAddressEqual(account, wallet.address)
  // Read once; a failed read is tried again next time.
  const tokenInfo = () => {
    if (!token) {
      token = readRewardToken(config)
      token.catch(() => {
        token = undefined
      })
    }
    return token
  }
  const ask = mountAskCard(askRoot, { config: () => config, token: tokenInfo, you })

  const update = () => {
    if (!loaded) return
    render(epochView(loaded, { model: modelName(config, loaded.manifest), check, you, onVerify: verify }), root)
  }
  const verify = async () => {
    if (!loaded) return
    const { manifest } = loaded
    const report = (next: EpochCheck) => {
      if (loaded?.manifest !== manifest) return
      check = next
      update()
    }
    report(await checkEpoch(config, manifest, report))
  }
  const renderEpochs = () => {
    select.disabled = latest === 0
    render(epochOptions(latest, loaded?.manifest.epochId), select)
  }
  const show = async (epochId: number) => {
    loaded = undefined
    check = undefined
    render(html`<p class="muted">Loading epoch #${epochId}…</p>`, root)
    try {
      loaded = await loadEpoch(epochId, tokenInfo())
      renderEpochs()
      update()
    } catch (error) {
      render(
        html`<p class="notice error" role="alert">Epoch #${epochId} could not be loaded: ${messageOf(error)}</p>`,
        root,
      )
    }
  }

  select.addEventListener('change', () => void show(Number(select.value)))
  const showRun = async (epochIds: number[]) => {
    const newest = Math.max(latest, ...epochIds)
    latest = newest
    // A new epoch may have trained a new model, and a usage epoch paid the waiting queries out.
    config = await loadConfig()
    ask.refresh()
    await show(newest)
  }
  const buttons = [runButton, usageButton]
  runButton.addEventListener('click', () => void runNewEpoch('test', buttons, runStatus, showRun))
  usageButton.addEventListener('click', () => void runNewEpoch('usage', buttons, runStatus, showRun))
  root.replaceChildren()
  renderEpochs()
  if (latest) void show(latest)
  else render(html`<p class="empty">No epoch has been run yet. Run the first one with the button above.</p>`, root)
}

const page = await startPage()
const root = document.querySelector<HTMLElement>('#attribution')
const askRoot = document.querySelector<HTMLElement>('#ask')
if (page && root && askRoot) start(page, root, askRoot)
