/**
 * A built-in text featuriser with no model weights, so demos and tests need nothing downloaded: hashed character
 * n-grams (the "hashing trick"). Texts that share many short character sequences get nearby vectors. It knows
 * nothing of meaning; pass embeddings from a real model to knnShapley when that matters.
 */
import { BaseError } from '../errors/base.js'
import { fmix32, normalizeText } from './textHash.js'

/** The options or the text given to featurizeText are not usable. */
export class InvalidFeaturizerInputError extends BaseError {
  override name = 'InvalidFeaturizerInputError' as const

  constructor(problem: string) {
    super(`The text cannot be turned into features: ${problem}.`)
  }
}

export type FeaturizeTextOptions = {
  /** Length of each vector. Default 256. */
  dimension?: number | undefined
  /** Lengths of the character n-grams counted, in code points. Default `[2, 3, 4]`. */
  ngrams?: readonly number[] | undefined
}

const DEFAULT_DIMENSION = 256
const DEFAULT_NGRAMS = [2, 3, 4] as const

function readOptions({ dimension = DEFAULT_DIMENSION, ngrams = DEFAULT_NGRAMS }: FeaturizeTextOptions = {}) {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 2 ** 24) {
    throw new InvalidFeaturizerInputError(`the dimension must be a whole number from 1 to 16777216 (got ${dimension})`)
  }
  if (!Array.isArray(ngrams) || ngrams.length === 0) {
    throw new InvalidFeaturizerInputError('give at least one n-gram length, such as [2, 3, 4]')
  }
  for (const n of ngrams) {
    if (!Number.isInteger(n) || n < 1 || n > 64) {
      throw new InvalidFeaturizerInputError(`n-gram lengths must be whole numbers from 1 to 64 (got ${n})`)
    }
  }
  return { dimension, ngrams: [...new Set(ngrams)] }
}

/** The UTF-8 bytes of one code point; a lone surrogate gets its three-byte (WTF-8) form rather than U+FFFD. */
function utf8(codePoint: number): number[] {
  if (codePoint < 0x80) return [codePoint]
  if (codePoint < 0x800) return [0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)]
  if (codePoint < 0x10000) {
    return [0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)]
  }
  return [
    0xf0 | (codePoint >> 18),
    0x80 | ((codePoint >> 12) & 0x3f),
    0x80 | ((codePoint >> 6) & 0x3f),
    0x80 | (codePoint & 0x3f),
  ]
}

function featurize(text: string, dimension: number, ngrams: readonly number[], into: Float64Array, offset: number) {
  if (typeof text !== 'string') throw new InvalidFeaturizerInputError(`expected a string, got ${typeof text}`)
  const normalized = normalizeText(text)
  if (normalized === '') return
  // Spaces at both ends make word starts and ends n-grams of their own.
  const bytes = Array.from(` ${normalized} `, (character) => utf8(character.codePointAt(0) as number))
  for (const n of ngrams) {
    for (let start = 0; start + n <= bytes.length; start++) {
      let hash = 0x811c9dc5
      for (let c = start; c < start + n; c++) {
        for (const byte of bytes[c] as number[]) hash = Math.imul(hash ^ byte, 0x01000193)
      }
      // FNV-1a's low bits, which pick the bucket, mix poorly for short inputs.
      const mixed = fmix32(hash >>> 0)
      const bucket = offset + (mixed % dimension)
      // The sign bit makes colliding n-grams cancel on average instead of piling up.
      into[bucket] = (into[bucket] as number) + (mixed >>> 31 ? -1 : 1)
    }
  }
  let squares = 0
  for (let j = offset; j < offset + dimension; j++) squares += (into[j] as number) ** 2
  if (squares === 0) return
  const norm = Math.sqrt(squares)
  for (let j = offset; j < offset + dimension; j++) into[j] = (into[j] as number) / norm
}

/**
 * A unit-length vector of hashed character n-grams. The text is normalised to NFC, lower-cased, and its runs of
 * whitespace become one space; each n-gram of code points is hashed with 32-bit FNV-1a over its UTF-8 bytes, then
 * murmur3's finaliser; the result modulo `dimension` picks a slot and its top bit adds +1 or −1 there. The vector is
 * then divided by its length. Deterministic everywhere (integer hashing, and a square root that IEEE 754 rounds
 * exactly). Empty or whitespace-only text, or text whose counts all cancel, gives the zero vector.
 *
 * @example
 * const vector = featurizeText('The quick brown fox', { dimension: 256 })
 * // Float64Array(256), length 1
 */
export function featurizeText(text: string, options?: FeaturizeTextOptions): Float64Array {
  const { dimension, ngrams } = readOptions(options)
  const vector = new Float64Array(dimension)
  featurize(text, dimension, ngrams, vector, 0)
  return vector
}

/**
 * featurizeText for many texts at once, as one flat row-major array: the shape knnShapley takes.
 *
 * @example
 * const values = await knnShapley({
 *   train: { ...featurizeTexts(contributions), y: contributionLabels },
 *   test: { ...featurizeTexts(validationTexts), y: validationLabels },
 *   k: 5,
 * })
 */
export function featurizeTexts(
  texts: readonly string[],
  options?: FeaturizeTextOptions,
): { x: Float64Array; dimension: number } {
  const { dimension, ngrams } = readOptions(options)
  if (!Array.isArray(texts)) throw new InvalidFeaturizerInputError('expected an array of strings')
  const x = new Float64Array(texts.length * dimension)
  texts.forEach((text, i) => {
    featurize(text, dimension, ngrams, x, i * dimension)
  })
  return { x, dimension }
}
