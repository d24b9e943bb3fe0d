/**
 * An attribution epoch: what each contribution was worth and what each contributor got, the manifest, a button that
 * verifies it all in the browser, and one that runs the next epoch.
 */

import { type EpochManifest, epochManifestHash } from 'attribution-ledger/attribution'
import { displayText, formatAmount, type TokenInfo } from 'attribution-ledger/components'
import { html, nothing, render } from 'lit'
import { type Address, formatUnits, type Hex, isAddressEqual } from 'viem'
import { type DemoConfig, epochBase, loadContributions, loadManifest, runEpoch, shortHex } from './api.js'
import { type Bar, barChart } from './barChart.js'
import { checkEpoch, type EpochCheck } from './epochCheck.js'
import { messageOf, type Page, readRewardToken, startPage } from './page.js'

/** Bars drawn for the contributions; the rest are summarised in a line, and all are in the table. */
const TOP = 20
const LABEL_LENGTH = 34

const signed = new Intl.NumberFormat('en', { maximumSignificantDigits: 3, signDisplay: 'exceptZero' })
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 })
const twoDecimals = new Intl.NumberFormat('en', { maximumFractionDigits: 2 })
const descending = (a: bigint, b: bigint) => (b > a ? 1 : b < a ? -1 : 0)

type Loaded = { manifest: EpochManifest; names: Map<Hex, string>; token: TokenInfo }

/** The contributions past the chart, in one line: how many, their total, and the lowest when it is negative. */
function restSummary(values: readonly number[]) {
  const total = values.reduce((sum, value) => sum + value, 0)
  const lowest = Math.min(...values)
  const negatives = values.filter((value) => value < 0).length
  return `…and ${values.length} more, together worth ${signed.format(total)}${
    negatives ? `; ${negatives} of them negative, down to ${signed.format(lowest)}` : ''
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
        <span><strong>Verified</strong> in ${check.seconds.toFixed(1)} s: all ${manifest.values.length} values, the
        allocations, the cumulative amounts and the reward root reproduce bit for bit, and the chain holds this manifest's
        hash for epoch #${manifest.epochId}.</span>`
    case 'mismatch':
      return html`<span class="symbol" aria-hidden="true">✕</span>
        <span><strong>Does not verify:</strong> <code>${check.field}</code> differs from what the data produces.
        <span class="details small muted">${check.details}</span></span>`
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
  const { train, test } = manifest.inputs
  return html`<dl class="stats">
    <div class="wide"><dt>Model</dt><dd>${model}</dd></div>
    <div><dt>Epoch</dt><dd>#${manifest.epochId}</dd></div>
    <div><dt>Training contributions</dt><dd>${train.size}</dd></div>
    <div><dt>Test examples</dt><dd>${test?.size ?? 0}</dd></div>
    <div><dt>Contributors paid</dt><dd>${allocations.filter(({ amount }) => amount > 0n).length}</dd></div>
    <div><dt>Budget</dt><dd>${formatAmount(BigInt(manifest.budget), token)}</dd></div>
  </dl>`
}

/** The chart of the highest values, a line for the rest, and every value in a table. */
function valuesCard(
  manifest: EpochManifest,
  values: Ranked[],
  names: Map<Hex, string>,
  { nameOf, accountLabel }: Labels,
) {
  const rest = values.slice(TOP)
  const valueBars: Bar[] = values.slice(0, TOP).map(({ value, contentHash }) => ({
    label: nameOf(contentHash),
    value,
    valueText: signed.format(value),
    title: `${displayText(names.get(contentHash), 200, contentHash)}: ${value}`,
  }))
  const negatives = values.filter(({ value }) => value < 0).length
  return html`<section class="card" aria-labelledby="values-heading">
    <h2 id="values-heading">Value per contribution</h2>
    <figure class="chart">
      <figcaption>
        The exact Shapley value of each training contribution to a ${manifest.method.k}-nearest-neighbour
        classifier's accuracy on ${manifest.inputs.test?.size ?? 0} test examples.
        ${rest.length ? `The ${TOP} highest of ${values.length}.` : ''}
        ${negatives ? `${negatives} made the model worse (a negative value) and earn nothing.` : ''}
      </figcaption>
      ${barChart(
        valueBars,
        `Bar chart of the ${valueBars.length} highest contribution values of ${values.length}, from ${
          valueBars[0]?.valueText ?? 0
        } down to ${valueBars.at(-1)?.valueText ?? 0}. The table below lists them all.`,
      )}
      ${rest.length ? html`<p class="rest">${restSummary(rest.map(({ value }) => value))}</p>` : nothing}
    </figure>
    <details>
      <summary>All ${values.length} values as a table</summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">Rank</th><th scope="col">Contribution</th><th scope="col">Contributor</th><th scope="col">Value</th></tr>
          </thead>
          <tbody>
            ${values.map(
              ({ value, contentHash, contributor }, i) =>
                html`<tr>
                  <td class="number">${i + 1}</td>
                  <th scope="row" title=${contentHash}>${nameOf(contentHash)}</th>
                  <td class="mono" title=${contributor}>${accountLabel(contributor)}</td>
                  <td class="number">${value}</td>
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
        This epoch's ${formatAmount(budget, token)}, split by the sum of each contributor's values; a negative sum
        counts as zero, and rounding is exact.
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
      Your browser downloads the epoch's texts and labels, derives their features, recomputes every value, the
      allocations and the reward root, and checks the manifest against the chain. Nothing is taken on trust.
    </p>
    <button class="button primary" type="button" ?disabled=${check?.kind === 'running'} @click=${onVerify}>
      Verify this epoch
    </button>
    <p class="verify-result ${check?.kind === 'verified' ? 'ok' : check?.kind === 'running' || !check ? '' : 'failed'}"
      role="status">${checkResult(check, manifest)}</p>
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
      <a href="${base}dataset.json">dataset.json</a>
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
      ${valuesCard(manifest, values, names, labels)} ${allocationsCard(manifest, allocations, token, labels)}
    </div>
    <div class="charts start">${verifyCard(manifest, check, onVerify)} ${manifestCard(manifest)}</div>`
}

/** The model's name when the demo knows it, else its id. */
const modelName = (config: DemoConfig, manifest: EpochManifest) =>
  config.model?.id === manifest.model.modelId ? displayText(config.model.name, 60) : `#${manifest.model.modelId}`

function epochOptions(latest: number, selected: number | undefined) {
  return Array.from({ length: latest }, (_, i) => latest - i).map(
    (epochId) =>
      html`<option value=${epochId} ?selected=${selected === epochId}>
        Epoch #${epochId}${epochId === latest ? ' (latest)' : ''}
      </option>`,
  )
}

/**
 * Runs a new epoch with its progress in `status`, then shows it with `showEpoch` and says it is claimable, or says why
 * it could not be run.
 */
async function runNewEpoch(
  button: HTMLButtonElement,
  status: HTMLElement,
  showEpoch: (epochId: number) => Promise<void>,
) {
  button.disabled = true
  const started = Date.now()
  // The seconds are for the eye; the live region announces the start and the outcome, not every tick.
  const progress = () =>
    render(
      html`<div class="notice">
        <p>
          Running a new epoch: computing the values and the reward tree, funding the distributor, proposing the root,
          then skipping the dispute window on the local chain…
          <span aria-hidden="true">${Math.round((Date.now() - started) / 1000)} s</span>
        </p>
        <progress aria-label="Running a new epoch"></progress>
      </div>`,
      status,
    )
  progress()
  const ticking = setInterval(progress, 1000)
  try {
    const { epochId } = await runEpoch()
    await showEpoch(epochId)
    render(
      html`<p class="notice"><strong>✓ Epoch #${epochId} is claimable.</strong> <a href="/rewards.html">See the rewards</a>.</p>`,
      status,
    )
  } catch (error) {
    render(html`<p class="notice error">The epoch could not be run: ${messageOf(error)}</p>`, status)
  } finally {
    clearInterval(ticking)
    button.disabled = false
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

/** Wires the page: the epoch picker, the run button, and the epoch shown with its verification. */
function start({ config, wallet }: Page, root: HTMLElement) {
  const select = document.querySelector<HTMLSelectElement>('#epoch')
  const runButton = document.querySelector<HTMLButtonElement>('#run-epoch')
  const runStatus = document.querySelector<HTMLElement>('#run-status')
  if (!select || !runButton || !runStatus) return
  let latest = config.latestEpoch?.epochId ?? 0
  let loaded: Loaded | undefined
  let check: EpochCheck | undefined
  let token: Promise<TokenInfo> | undefined
  const you = (account: Address) => wallet !== undefined && isAddressEqual(account, wallet.address)

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
    token ??= readRewardToken(config)
    try {
      loaded = await loadEpoch(epochId, token)
      renderEpochs()
      update()
    } catch (error) {
      token = undefined
      render(
        html`<p class="notice error" role="alert">Epoch #${epochId} could not be loaded: ${messageOf(error)}</p>`,
        root,
      )
    }
  }

  select.addEventListener('change', () => void show(Number(select.value)))
  const showRun = (epochId: number) => {
    latest = Math.max(latest, epochId)
    return show(epochId)
  }
  runButton.addEventListener('click', () => void runNewEpoch(runButton, runStatus, showRun))
  root.replaceChildren()
  renderEpochs()
  if (latest) void show(latest)
  else render(html`<p class="empty">No epoch has been run yet. Run the first one with the button above.</p>`, root)
}

const page = await startPage()
const root = document.querySelector<HTMLElement>('#attribution')
if (page && root) start(page, root)
