// Metadata validation for <ledger-contribute>, imported dynamically: it brings zod, which the first paint does not need.
import { type EncodeMetadataReturnType, encodeMetadata } from '../../src/content/encodeMetadata.js'
import { CanonicalJsonError, MetadataValidationError } from '../../src/errors/metadata.js'
import type { Content } from './contribute.templates.js'
import { type FieldErrors, type MetadataFields, metadataInput } from './metadataForm.js'

export type CheckMetadataReturnType = {
  /** The metadata, hashed and encoded for signing; undefined when something needs fixing. */
  encoded: EncodeMetadataReturnType | undefined
  /** The first problem per field, to show beside it. */
  fieldErrors: FieldErrors
}

/** The metadata of `content` that the form describes, validated and encoded (once), or what to fix in which field. */
export function checkMetadata(
  fields: MetadataFields,
  content: Extract<Content, { kind: 'hashed' }>,
  datanetId: number,
): CheckMetadataReturnType {
  const { mediaType, byteSize, contentHash } = content
  const createdAt = `${new Date().toISOString().slice(0, 19)}Z`
  try {
    return {
      encoded: encodeMetadata({ ...metadataInput(fields), mediaType, byteSize, contentHash, datanetId, createdAt }),
      fieldErrors: {},
    }
  } catch (error) {
    const fieldErrors: Partial<Record<string, string>> = {}
    if (error instanceof MetadataValidationError) {
      for (const { field, message } of error.issues) fieldErrors[field] ??= message
    } else if (error instanceof CanonicalJsonError) {
      // Text JSON cannot carry (a broken Unicode character); its path starts with the field, as in `/name`.
      fieldErrors[error.path.split('/')[1] ?? 'name'] = error.shortMessage
    } else {
      throw error
    }
    return { encoded: undefined, fieldErrors: fieldErrors as FieldErrors }
  }
}
