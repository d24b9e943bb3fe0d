import { type Hex, sha256, toBytes } from 'viem'
import { createDatanetAndWait } from '../../../src/actions/registry/createDatanet.js'
import { registerContributionsAndWait } from '../../../src/actions/registry/registerContributions.js'
import { reviewContributionAndWait } from '../../../src/actions/registry/reviewContribution.js'
import { metadataHash, metadataToDataURI, validateMetadata } from '../../../src/content/metadata.js'
import type { Registration } from '../../../src/registry/contribution.js'
import { CONTRIBUTORS, type Contributor, sentences, streetSigns } from './demoContent.js'
import { labelledTexts, runEpoch } from './demoEpochs.js'
import { type DemoLedger, ROLES } from './demoLedger.js'

export const DATANETS = [
  {
    id: 1,
    name: 'Sentiment sentences',
    description: 'Short reviews, each labelled positive or negative. Open: every contribution counts at once.',
    curated: false,
    kind: 'text',
  },
  {
    id: 2,
    name: 'Street signs, Lisbon',
    description: 'Photographed and traced street signs for OCR. Curated: a reviewer accepts each one.',
    curated: true,
    kind: 'image',
  },
] as const

type Item = { by: Contributor; datanetId: number; bytes: Uint8Array; mediaType: string; name: string; tags: string[] }

function registration(item: Item): Registration & { contentHash: Hex } {
  const contentHash = sha256(item.bytes)
  const metadata = validateMetadata({
    name: item.name,
    license: 'CC-BY-4.0',
    mediaType: item.mediaType,
    byteSize: item.bytes.byteLength,
    contentHash,
    datanetId: item.datanetId,
    tags: item.tags,
    createdAt: `${new Date().toISOString().slice(0, 19)}Z`,
  })
  return {
    datanetId: item.datanetId,
    contentHash,
    metadataHash: metadataHash(metadata),
    metadataURI: metadataToDataURI(metadata),
  }
}

/**
 * Seeds a fresh chain as a labelling platform would have it: two datanets (one curated), 40 contributions from five
 * contributors, reviews of most street signs, a model trained on most of the sentences, and a first epoch, already
 * claimable.
 */
export async function seedDemo(ledger: DemoLedger) {
  const owner = ledger.walletOf(ROLES.owner)
  const { deployment } = ledger
  for (const datanet of DATANETS) {
    const metadata = JSON.stringify({ name: datanet.name, description: datanet.description, kind: datanet.kind })
    await createDatanetAndWait(owner, {
      metadataURI: `data:application/json,${encodeURIComponent(metadata)}`,
      curated: datanet.curated,
      deployment,
    })
  }

  const items: Item[] = [
    ...sentences.map(({ text, label, by }, i) => ({
      by,
      datanetId: 1,
      bytes: toBytes(text),
      mediaType: 'text/plain',
      name: `Review ${i + 1}`,
      tags: [label ? 'positive' : 'negative'],
    })),
    ...streetSigns.map(({ name, svg, by }) => ({
      by,
      datanetId: 2,
      bytes: toBytes(svg),
      mediaType: 'image/svg+xml',
      name,
      tags: ['street-sign', 'lisbon'],
    })),
  ]
  for (const [contributor, index] of Object.entries(CONTRIBUTORS)) {
    const theirs = items.filter((item) => item.by === contributor)
    await registerContributionsAndWait(ledger.walletOf(index), { registrations: theirs.map(registration), deployment })
  }
  for (const [i, item] of items.entries()) {
    const label = i < sentences.length ? sentences[i]?.label : undefined
    ledger.content.set(sha256(item.bytes), {
      bytes: item.bytes,
      mediaType: item.mediaType,
      ...(label === undefined ? {} : { label }),
    })
  }
  for (const sign of streetSigns.filter((candidate) => candidate.accepted)) {
    await reviewContributionAndWait(owner, { contentHash: sha256(toBytes(sign.svg)), decision: 'accept', deployment })
  }

  // The first model saw most sentences, not all: the last four arrived after it was trained.
  const trained = sentences.slice(0, -4).map(({ text }) => sha256(toBytes(text)))
  return runEpoch(ledger, labelledTexts(ledger, trained))
}
