import { type Hex, keccak256 } from 'viem'
import * as z from 'zod/mini'
import { type MetadataIssue, MetadataValidationError } from '../errors/metadata.js'
import { canonicalizeJson } from './canonicalJson.js'
import { bytesToDataURI } from './metadataEncoding.js'
import { isSpdxLicenseExpression } from './metadataLicense.js'

/** What a contributor says about a contribution. Hashed (RFC 8785 canonical JSON, keccak256) into `metadataHash`. */
export type ContributionMetadata = {
  /** A human title, 1–200 characters (UTF-16 code units), not just spaces. */
  name: string
  /** Up to 5,000 characters. */
  description?: string | undefined
  /** An SPDX licence identifier or expression, e.g. `CC-BY-4.0`, `MIT OR Apache-2.0`, `LicenseRef-…`. */
  license: string
  /** The content's media type as `type/subtype`, e.g. `text/plain`, `image/png`. */
  mediaType: string
  /** The content's size in bytes. */
  byteSize: number
  /** SHA-256 of the content's exact bytes, as lower-case `0x` hex. */
  contentHash: Hex
  /** The datanet the contribution is registered in. */
  datanetId: number
  /** Up to 32 tags of 1–50 characters each. */
  tags?: string[] | undefined
  /** When the contribution was made, as an ISO 8601 UTC timestamp (`2025-05-03T12:00:00Z`). */
  createdAt: string
}

const hasText = /\S/
const mediaType = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/
const sha256Hex = /^0x[0-9a-fA-F]{64}$/

const buildSchema = () =>
  z.strictObject(
    {
      name: z
        .string('Give the contribution a name.')
        .check(
          z.regex(hasText, 'Give the contribution a name.'),
          z.maxLength(200, 'Keep the name to 200 characters or fewer.'),
        ),
      description: z.optional(
        z
          .string('The description must be text.')
          .check(z.maxLength(5000, 'Keep the description to 5,000 characters or fewer.')),
      ),
      license: z
        .string('Choose a licence, for example CC-BY-4.0.')
        .check(
          z.maxLength(200, 'Use an SPDX licence identifier such as CC-BY-4.0.'),
          z.refine(isSpdxLicenseExpression, 'Use an SPDX licence identifier such as CC-BY-4.0.'),
        ),
      mediaType: z
        .string('Give the file type, such as text/plain or image/png.')
        .check(z.regex(mediaType, 'Give the file type as type/subtype, such as text/plain or image/png.')),
      byteSize: z
        .int('The file size must be a whole number of bytes.')
        .check(z.nonnegative('The file size cannot be negative.')),
      contentHash: z
        .string('Add the content hash (the SHA-256 of the file).')
        .check(
          z.regex(sha256Hex, 'The content hash must be 0x followed by 64 hexadecimal characters (a SHA-256 hash).'),
          z.toLowerCase(),
        ),
      datanetId: z
        .int('Choose a datanet: its id is a whole number from 1 up.')
        .check(z.positive('Choose a datanet: its id is a whole number from 1 up.')),
      tags: z.optional(
        z
          .array(
            z
              .string('Each tag must be text.')
              .check(
                z.regex(hasText, 'Tags cannot be empty.'),
                z.maxLength(50, 'Keep each tag to 50 characters or fewer.'),
              ),
            'Tags must be a list of words.',
          )
          .check(z.maxLength(32, 'Use at most 32 tags.')),
      ),
      createdAt: z.iso.datetime('The creation time must be an ISO 8601 UTC timestamp, such as 2025-05-03T12:00:00Z.'),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? 'This is not a metadata field. Remove it.'
          : 'The metadata must be an object.',
    },
  )

// Built on first use rather than at import: bundlers cannot prove a chain of zod calls free of side effects, so a
// top-level schema would be kept in every bundle that imports anything from this module.
let schema: ReturnType<typeof buildSchema> | undefined

/**
 * The zod (`zod/mini`) schema behind {@link validateMetadata}, for form libraries that take a schema or for
 * `z.toJSONSchema`. Strict: unknown keys are rejected, so nothing can ride along inside the hashed document unseen.
 * Its messages are written for the person filling in the form.
 *
 * @example
 * const result = getContributionMetadataSchema().safeParse(formValues)
 */
export function getContributionMetadataSchema(): ReturnType<typeof buildSchema> {
  schema ??= buildSchema()
  return schema
}

export type SafeValidateMetadataReturnType =
  | { success: true; data: ContributionMetadata }
  | {
      success: false
      /** Every problem: the schema's fields in order, then any unknown keys. */
      issues: MetadataIssue[]
      /** The first problem per field, keyed by field name, for showing beside form inputs. */
      fieldErrors: Partial<Record<string, string>>
    }

/**
 * Checks contribution metadata without throwing: for forms that show a message beside each field.
 *
 * @example
 * const result = safeValidateMetadata(formValues)
 * if (!result.success) licenceInput.setCustomValidity(result.fieldErrors.license ?? '')
 */
export function safeValidateMetadata(input: unknown): SafeValidateMetadataReturnType {
  const result = getContributionMetadataSchema().safeParse(input)
  if (result.success) {
    // Typed by hand for readable docs; this assignment keeps the type in step with the schema.
    const data: Omit<ContributionMetadata, 'contentHash'> & { contentHash: string } = result.data
    // The schema checked the 0x-hex shape that the Hex type stands for.
    return { success: true, data: data as ContributionMetadata }
  }
  const issues: MetadataIssue[] = []
  for (const issue of result.error.issues) {
    // A strict object reports all unknown keys in one issue; a form wants one message per field.
    const fields =
      issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.length ? String(issue.path[0]) : 'metadata']
    for (const field of fields) issues.push({ field, message: issue.message })
  }
  const fieldErrors: Partial<Record<string, string>> = {}
  for (const { field, message } of issues) fieldErrors[field] ??= message
  return { success: false, issues, fieldErrors }
}

/**
 * Checks contribution metadata and returns it normalised (the content hash lower-cased). Throws
 * {@link MetadataValidationError}, whose `issues` say in plain words what to fix in which field.
 *
 * @example
 * const metadata = validateMetadata({
 *   name: 'Bird songs, Lisbon, May',
 *   license: 'CC-BY-4.0',
 *   mediaType: 'audio/flac',
 *   byteSize: 1048576,
 *   contentHash: '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
 *   datanetId: 1,
 *   createdAt: '2025-05-03T12:00:00Z',
 * })
 */
export function validateMetadata(input: unknown): ContributionMetadata {
  const result = safeValidateMetadata(input)
  if (!result.success) throw new MetadataValidationError(result.issues)
  return result.data
}

/**
 * The bytes that are hashed and stored: the UTF-8 encoding of the validated metadata's RFC 8785 canonical JSON.
 * Validates first, so two inputs that differ only in key order or hash letter case give the same bytes.
 *
 * @example
 * const bytes = metadataToBytes(metadata)
 */
export function metadataToBytes(metadata: ContributionMetadata): Uint8Array {
  return new TextEncoder().encode(canonicalizeJson(validateMetadata(metadata)))
}

/**
 * The `metadataHash` that ContributionRegistry stores: keccak256 of {@link metadataToBytes}. Throws
 * {@link MetadataValidationError} for invalid metadata.
 *
 * @example
 * const hash = metadataHash(metadata) // pass to register(..., hash, metadataURI)
 */
export function metadataHash(metadata: ContributionMetadata): Hex {
  return keccak256(metadataToBytes(metadata))
}

/**
 * The default metadata URI: the canonical JSON itself, as `data:application/json;base64,…`. It needs no server, and
 * {@link resolveMetadata} reads it back. Works in browsers and Node, with any Unicode text.
 *
 * @example
 * const metadataURI = metadataToDataURI(metadata)
 * // 'data:application/json;base64,eyJieXRlU2l6ZSI6...'
 */
export function metadataToDataURI(metadata: ContributionMetadata): string {
  return bytesToDataURI(metadataToBytes(metadata))
}
