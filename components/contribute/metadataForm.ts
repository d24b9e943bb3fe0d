import { html, nothing } from 'lit'
import { commonLicenses } from '../../src/content/metadataLicense.js'
import type { ContributeStrings } from './contribute.strings.js'

export type MetadataFields = { name: string; description: string; license: string; licenseOther: string; tags: string }
export type FieldErrors = Partial<Record<'name' | 'description' | 'license' | 'tags', string>>

const OTHER = 'other'

/** The licence fields preset to `license`: picked from the list when it is there, typed in otherwise. */
export function licenseFields(license: string): Pick<MetadataFields, 'license' | 'licenseOther'> {
  const known = commonLicenses.some((licence) => licence.id === license)
  return known ? { license, licenseOther: '' } : { license: OTHER, licenseOther: license }
}

/** The metadata the form describes, in the shape `safeValidateMetadata` checks. */
export function metadataInput(fields: MetadataFields) {
  const tags = fields.tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean)
  return {
    name: fields.name,
    ...(fields.description.trim() ? { description: fields.description } : {}),
    license: fields.license === OTHER ? fields.licenseOther.trim() : fields.license,
    ...(tags.length ? { tags } : {}),
  }
}

type FieldOptions = {
  fields: MetadataFields
  errors: FieldErrors
  disabled: boolean
  strings: ContributeStrings
  onInput: (field: keyof MetadataFields, value: string) => void
}

const errorFor = (field: keyof FieldErrors, errors: FieldErrors) =>
  errors[field]
    ? html`<p class="error" id="${field}-error"><span aria-hidden="true">!</span> ${errors[field]}</p>`
    : nothing

const describedBy = (field: keyof FieldErrors, errors: FieldErrors, hint?: string) =>
  [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(' ') || nothing

/** Name, description, SPDX licence and tags, each with its error beside it. */
export function metadataForm({ fields, errors, disabled, strings, onInput }: FieldOptions) {
  const value = (field: keyof MetadataFields) => (event: Event) =>
    onInput(field, (event.target as HTMLInputElement).value)
  const known = commonLicenses.some((licence) => licence.id === fields.license)
  return html`<fieldset part="metadata" class="metadata" ?disabled=${disabled}>
    <div class="field">
      <label for="name">${strings.contributeName}</label>
      <input id="name" name="name" autocomplete="off" .value=${fields.name} @input=${value('name')}
        aria-invalid=${errors.name ? 'true' : 'false'} aria-describedby=${describedBy('name', errors)} required />
      ${errorFor('name', errors)}
    </div>
    <div class="field">
      <label for="description">${strings.contributeDescription} <span class="hint">${strings.contributeOptional}</span></label>
      <textarea id="description" rows="3" .value=${fields.description} @input=${value('description')}
        aria-invalid=${errors.description ? 'true' : 'false'} aria-describedby=${describedBy('description', errors)}></textarea>
      ${errorFor('description', errors)}
    </div>
    <div class="field">
      <label for="license">${strings.contributeLicense}</label>
      <select id="license" @change=${value('license')} aria-invalid=${errors.license ? 'true' : 'false'}
        aria-describedby=${describedBy('license', errors)}>
        ${commonLicenses.map(
          (licence) =>
            html`<option value=${licence.id} ?selected=${licence.id === fields.license}>${licence.id} · ${licence.name}</option>`,
        )}
        <option value=${OTHER} ?selected=${!known}>${strings.contributeLicenseOther}</option>
      </select>
      ${
        known
          ? nothing
          : html`<label for="license-other" class="visually-hidden">${strings.contributeLicenseOtherLabel}</label>
            <input id="license-other" placeholder="LicenseRef-…" .value=${fields.licenseOther}
              @input=${value('licenseOther')} aria-invalid=${errors.license ? 'true' : 'false'}
              aria-describedby=${describedBy('license', errors)} />`
      }
      ${errorFor('license', errors)}
    </div>
    <div class="field">
      <label for="tags">${strings.contributeTags} <span class="hint">${strings.contributeOptional}</span></label>
      <input id="tags" autocomplete="off" .value=${fields.tags} @input=${value('tags')}
        aria-invalid=${errors.tags ? 'true' : 'false'} aria-describedby=${describedBy('tags', errors, 'tags-hint')} />
      <p class="hint" id="tags-hint">${strings.contributeTagsHint}</p>
      ${errorFor('tags', errors)}
    </div>
  </fieldset>`
}
