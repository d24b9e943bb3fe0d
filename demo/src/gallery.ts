/**
 * The dataset gallery: the contributions, newest first, a page at a time, each as a card with its provenance badge;
 * of one datanet, or of one contributor (`?contributor=0x…`). The pages come from the indexer, and from the chain when
 * it is down; the names and tags from each contribution's metadata, checked against the hash the chain holds.
 */

import {
  type ContributionMetadata,
  type ContributionWithMetadataURI,
  getContributions,
  resolveMetadata,
} from 'attribution-ledger'
import { displayText } from 'attribution-ledger/components'
import { html, nothing, render } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { type Address, getAddress, isAddress } from 'viem'
import { datanetName, deploymentOf, shortHex } from './api.js'
import { ledgerClient, messageOf, type Page, startPage } from './page.js'

const ALL = 0
const PAGE_SIZE = 24
const EXCERPT_LENGTH = 320
/** How far a link to one contribution may page back to find it before saying it is not listed. */
const MAX_PAGES_TO_LINKED = 40

type Card = ContributionWithMetadataURI & { name: string; mediaType: string; tags: string[] }

/** The contribution a link points at (/gallery.html#<content hash>), such as one the Attribution page paid. */
const linkedHash = () => decodeURIComponent(location.hash.slice(1)).toLowerCase()

/** The contributor whose page this is (`?contributor=0x…`), if any. */
function contributorOfPage(): Address | undefined {
  const value = new URL(location.href).searchParams.get('contributor')
  return value && isAddress(value, { strict: false }) ? getAddress(value) : undefined
}

/** The platform serves the bytes it holds at /content/<hash>; for the rest the preview says there is none. */
const contentUrl = (card: Card) => `/content/${card.contentHash}`

async function describe(item: ContributionWithMetadataURI): Promise<Card> {
  const metadata: Partial<ContributionMetadata> = await resolveMetadata(item.metadataURI, {
    expectedHash: item.metadataHash,
  }).catch(() => ({}))
  return {
    ...item,
    name: metadata.name ?? '',
    mediaType: metadata.mediaType ?? 'application/octet-stream',
    tags: metadata.tags ?? [],
  }
}

function start({ config }: Page, root: HTMLElement) {
  const client = ledgerClient(config)
  const deployment = deploymentOf(config)
  const contributor = contributorOfPage()
  let cards: Card[] = []
  let nextCursor: string | null = null
  let loading = false
  let failure = ''
  let datanet = ALL
  let query = ''
  // Text previews by URL, fetched once each: null while loading, '' when there is none.
  const excerpts = new Map<string, string | null>()
  const brokenImages = new Set<string>()
  // Each load belongs to one filter; a load for a filter no longer shown is dropped.
  let generation = 0

  const loadExcerpts = () => {
    for (const card of cards) {
      const url = contentUrl(card)
      if (!card.mediaType.startsWith('text/') || excerpts.has(url)) continue
      excerpts.set(url, null)
      fetch(url)
        .then((response) => (response.ok ? response.text() : ''))
        .catch(() => '')
        .then((text) => {
          excerpts.set(url, displayText(text.replace(/\s+/g, ' '), EXCERPT_LENGTH))
          update()
        })
    }
  }

  const preview = (card: Card, name: string) => {
    const url = contentUrl(card)
    if (card.mediaType.startsWith('image/') && !brokenImages.has(url)) {
      return html`<img src=${url} alt=${name} loading="lazy" @error=${() => {
        brokenImages.add(url)
        update()
      }} />`
    }
    const excerpt = card.mediaType.startsWith('text/') ? excerpts.get(url) : ''
    if (excerpt) return html`<p class="excerpt">${excerpt}</p>`
    const placeholder = excerpt === null ? 'Loading…' : `${displayText(card.mediaType, 60)} · no preview`
    return html`<span class="placeholder">${placeholder}</span>`
  }

  const cardView = (card: Card) => {
    const name = displayText(card.name, 80, 'Untitled contribution')
    const tags = card.tags.map((tag) => displayText(tag, 32)).filter(Boolean)
    return html`<li>
      <article class=${card.contentHash === linkedHash() ? 'item linked' : 'item'} id=${card.contentHash}>
        <div class=${card.mediaType.startsWith('image/') ? 'preview image' : 'preview'}>${preview(card, name)}</div>
        <div class="body">
          <h2>${name}</h2>
          <p class="meta">
            ${displayText(datanetName(config, card.datanetId), 60)} · ${displayText(card.mediaType, 60)} · by
            <a href=${`/gallery.html?contributor=${card.contributor}`} title=${card.contributor}
              >${shortHex(card.contributor)}</a>
          </p>
          ${tags.length ? html`<ul class="tag-list" aria-label="Tags">${tags.map((tag) => html`<li>${tag}</li>`)}</ul>` : nothing}
          <ledger-badge variant="expanded" content-hash=${card.contentHash}></ledger-badge>
        </div>
      </article>
    </li>`
  }

  const matches = (card: Card) => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean)
    const haystack = [card.name, ...card.tags].join(' ').toLowerCase()
    return words.every((word) => haystack.includes(word))
  }

  /** Reads the next page of the list shown. */
  async function loadMore() {
    if (loading) return
    const mine = generation
    loading = true
    failure = ''
    update()
    try {
      const page = await getContributions(client, {
        deployment,
        limit: PAGE_SIZE,
        cursor: nextCursor,
        ...(datanet === ALL ? {} : { datanetId: datanet }),
        ...(contributor ? { contributor } : {}),
        ...(config.indexerUrl ? { indexerUrl: config.indexerUrl } : {}),
      })
      const described = await Promise.all(page.items.map(describe))
      if (mine !== generation) return
      cards = [...cards, ...described]
      nextCursor = page.nextCursor
      loadExcerpts()
    } catch (error) {
      if (mine === generation) failure = messageOf(error)
    } finally {
      if (mine === generation) loading = false
      update()
    }
  }

  /** A link to one contribution pages on until its card is shown, since it may be far down the list. */
  async function showLinked() {
    const hash = linkedHash()
    for (let pages = 0; hash && nextCursor !== null && pages < MAX_PAGES_TO_LINKED; pages++) {
      if (cards.some((card) => card.contentHash === hash)) break
      await loadMore()
      if (failure) break
    }
    update()
    if (hash) document.getElementById(hash)?.scrollIntoView({ block: 'center' })
  }

  const choose = (id: number) => {
    datanet = id
    generation++
    cards = []
    nextCursor = null
    loading = false
    loadMore()
  }

  const heading = () =>
    contributor
      ? html`<p class="contributor-heading">
          Contributions by <code title=${contributor}>${contributor}</code> ·
          <a href="/gallery.html">Everyone’s contributions</a>
        </p>`
      : nothing

  const update = () => {
    const shown = cards.filter(matches)
    const choices = [{ id: ALL, name: 'All datasets' }, ...config.datanets]
    const count = `Showing ${shown.length} of ${cards.length} contributions loaded${nextCursor === null ? '' : ' so far'}.`
    render(
      html`${heading()}
        <fieldset class="filters">
          <legend class="visually-hidden">Dataset</legend>
          ${choices.map(
            (choice) => html`<label>
              <input type="radio" name="datanet" .checked=${datanet === choice.id} @change=${() => choose(choice.id)} />
              ${displayText(choice.name, 60)}
            </label>`,
          )}
          <input class="input search" type="search" placeholder="Filter by name or tag" aria-label="Filter by name or tag"
            .value=${query} @input=${(event: Event) => {
              query = (event.target as HTMLInputElement).value
              update()
            }} />
        </fieldset>
        <p class="muted small" role="status">${loading && cards.length === 0 ? 'Loading the contributions…' : count}</p>
        ${failure ? html`<p class="notice error" role="alert">The contributions could not be loaded: ${failure}</p>` : nothing}
        ${
          shown.length
            ? html`<ul class="gallery">${repeat(shown, (card) => card.contentHash, cardView)}</ul>`
            : loading
              ? nothing
              : html`<p class="empty">Nothing here yet. Contribute something on the Contribute page.</p>`
        }
        ${
          nextCursor === null
            ? nothing
            : html`<p class="more">
                <button type="button" class="button" ?disabled=${loading} @click=${() => loadMore()}>
                  ${loading ? 'Loading…' : 'Show more'}
                </button>
              </p>`
        }`,
      root,
    )
  }

  loadMore().then(showLinked)
  addEventListener('hashchange', () => void showLinked())
}

const page = await startPage()
const root = document.querySelector<HTMLElement>('#gallery')
if (page && root) {
  root.replaceChildren()
  start(page, root)
}
