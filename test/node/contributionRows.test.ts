import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Hex } from 'viem'
import {
  EmptyContributionError,
  MalformedContributionError,
  MissingLabelError,
  MixedContributionRowsError,
  NonFiniteFeatureError,
  parseContributionRows,
  RaggedContributionRowsError,
} from '../../src/attribution/contributionRows.js'
import { DatasetFileError, epochDataFromDataset } from '../../src/attribution/epochDataset.js'
import { featurizeTexts } from '../../src/attribution/featurizeText.js'
import { sha256 } from '../contracts/fixture.js'

const bytes = (text: string) => new TextEncoder().encode(text)
const jsonl = (text: string, source = 'alice.jsonl') => parseContributionRows(bytes(text), { format: 'jsonl', source })
const csv = (text: string, source = 'bob.csv') => parseContributionRows(bytes(text), { format: 'csv', source })

/** Asserts the named error, and that its message names where the problem is. */
const throwsNamed = (run: () => unknown, name: string, where: RegExp) =>
  assert.throws(run, (error: Error) => {
    assert.equal(error.name, name)
    assert.match(error.message, where)
    return true
  })

describe('a contribution parsed into labelled rows', () => {
  it('reads JSONL text rows, skipping blank lines and CRLF endings', () => {
    const rows = jsonl('{"text":"a cat","label":0}\r\n\n  \n{"text":"a dog, barking","label":1}\n')
    assert.deepEqual(rows, { kind: 'text', texts: ['a cat', 'a dog, barking'], y: Float64Array.of(0, 1) })
  })

  it('reads JSONL feature rows, with "embedding" as another name for "features"', () => {
    const rows = jsonl('{"features":[0.5,-1],"label":1}\n{"embedding":[2e-3,4],"label":0}')
    assert.deepEqual(rows, {
      kind: 'features',
      x: Float64Array.of(0.5, -1, 0.002, 4),
      dimension: 2,
      y: Float64Array.of(1, 0),
    })
  })

  it('reads CSV text rows, with quoted fields holding commas, quotes and line breaks', () => {
    const rows = csv('label,text\r\n0,"a cat, ""asleep"""\n1,"two\nlines"\n\n1,plain\n')
    assert.deepEqual(rows, {
      kind: 'text',
      texts: ['a cat, "asleep"', 'two\nlines', 'plain'],
      y: Float64Array.of(0, 1, 1),
    })
  })

  it('reads CSV feature rows: every column but the label, in header order', () => {
    const rows = csv(' x1 , label ,x2\n0.25, 1 ,-3e2\n.5,0,+4\n')
    assert.deepEqual(rows, {
      kind: 'features',
      x: Float64Array.of(0.25, -300, 0.5, 4),
      dimension: 2,
      y: Float64Array.of(1, 0),
    })
  })

  it('reads one item as one text point, labelled by its dataset entry', () => {
    const rows = parseContributionRows(bytes('\uFEFFa whole essay,\nwith lines'), {
      format: 'item',
      source: 'essay.txt',
      label: 1,
    })
    assert.deepEqual(rows, { kind: 'text', texts: ['a whole essay,\nwith lines'], y: Float64Array.of(1) })
  })

  it('parses the same bytes to the same rows every time', () => {
    const text = 'x,y,label\n1,2,0\n3,4,1\n'
    assert.deepEqual(csv(text), csv(text))
  })

  it('refuses an empty contribution file', () => {
    throwsNamed(() => jsonl(''), 'EmptyContributionError', /alice\.jsonl holds no rows/)
    throwsNamed(() => jsonl('\n  \n'), 'EmptyContributionError', /alice\.jsonl/)
    throwsNamed(() => csv('label,text\n'), 'EmptyContributionError', /bob\.csv/)
    throwsNamed(
      () => parseContributionRows(new Uint8Array(), { format: 'item', source: 'empty.txt', label: 0 }),
      'EmptyContributionError',
      /empty\.txt/,
    )
    assert.throws(() => csv(''), EmptyContributionError)
  })

  it('refuses NaN, infinite and non-numeric features, naming the line', () => {
    throwsNamed(
      () => jsonl('{"features":[1,2],"label":0}\n{"features":[1,null],"label":0}'),
      'NonFiniteFeatureError',
      /alice\.jsonl, line 2: feature 2 \(null\)/,
    )
    throwsNamed(() => jsonl('{"features":[1e999],"label":0}'), 'NonFiniteFeatureError', /line 1/)
    throwsNamed(() => jsonl('{"features":["1"],"label":0}'), 'NonFiniteFeatureError', /line 1/)
    throwsNamed(() => csv('x,label\n1,0\nNaN,1\n'), 'NonFiniteFeatureError', /bob\.csv, line 3: column "x" \("NaN"\)/)
    throwsNamed(() => csv('x,label\nInfinity,0\n'), 'NonFiniteFeatureError', /line 2/)
    throwsNamed(() => csv('x,label\n0x10,0\n'), 'NonFiniteFeatureError', /line 2/)
    throwsNamed(() => csv('x,label\n,0\n'), 'NonFiniteFeatureError', /line 2/)
    throwsNamed(() => csv('x,label\n1,inf\n'), 'NonFiniteFeatureError', /line 2: the label/)
    throwsNamed(() => jsonl('{"text":"a","label":1e999}'), 'NonFiniteFeatureError', /line 1: the label/)
  })

  it('refuses ragged rows, naming the line', () => {
    throwsNamed(
      () => jsonl('{"features":[1,2],"label":0}\n{"features":[1,2,3],"label":0}'),
      'RaggedContributionRowsError',
      /alice\.jsonl, line 2: this row has 3 features, the first has 2/,
    )
    throwsNamed(
      () => csv('x,y,label\n1,2,0\n1,2\n'),
      'RaggedContributionRowsError',
      /bob\.csv, line 3: this row has 2 fields, the header 3/,
    )
    assert.throws(() => csv('text,label\na,0,extra\n'), RaggedContributionRowsError)
  })

  it('refuses rows without a label, naming the line', () => {
    throwsNamed(() => jsonl('{"text":"a","label":0}\n{"text":"b"}'), 'MissingLabelError', /alice\.jsonl, line 2/)
    throwsNamed(() => jsonl('{"text":"a","label":"cat"}'), 'MissingLabelError', /line 1 has a label that is not/)
    throwsNamed(() => csv('x,y\n1,2\n'), 'MissingLabelError', /bob\.csv, line 1 has no "label" column/)
    throwsNamed(() => csv('text,label\na, \n'), 'MissingLabelError', /bob\.csv, line 2 has no label/)
    throwsNamed(() => csv('text,label\na,cat\n'), 'MissingLabelError', /line 2 has a label \("cat"\)/)
    throwsNamed(
      () => parseContributionRows(bytes('an essay'), { format: 'item', source: 'essay.txt' }),
      'MissingLabelError',
      /essay\.txt is one item/,
    )
  })

  it('refuses text rows mixed with numeric rows', () => {
    throwsNamed(
      () => jsonl('{"text":"a","label":0}\n{"features":[1],"label":0}'),
      'MixedContributionRowsError',
      /alice\.jsonl, line 2: this row holds features but the rows before it hold text/,
    )
    throwsNamed(
      () => jsonl('{"text":"a","features":[1],"label":0}'),
      'MixedContributionRowsError',
      /line 1: this row has both "text" and features/,
    )
    throwsNamed(
      () => csv('text,x,label\na,1,0\n'),
      'MixedContributionRowsError',
      /bob\.csv, line 1: the header has a "text" column and feature columns \(x\)/,
    )
    assert.throws(() => jsonl('{"features":[1],"label":0}\n{"text":"a","label":0}'), MixedContributionRowsError)
  })

  it('refuses bytes that are not what their format says', () => {
    throwsNamed(
      () => jsonl('{"text":"a","label":0}\n{"text":'),
      'MalformedContributionError',
      /line 2: .*not valid JSON/,
    )
    throwsNamed(() => jsonl('[1,2]'), 'MalformedContributionError', /line 1: each line must be one JSON object/)
    throwsNamed(() => jsonl('{"label":0}'), 'MalformedContributionError', /line 1: each row needs a "text"/)
    throwsNamed(() => jsonl('{"features":[1],"embedding":[1],"label":0}'), 'MalformedContributionError', /not both/)
    throwsNamed(() => csv('text,label\n"a,0\n'), 'MalformedContributionError', /bob\.csv, line 2: .*never closed/)
    throwsNamed(() => csv('text,label\n"a"b,0\n'), 'MalformedContributionError', /closing quote/)
    throwsNamed(() => csv('x,x,label\n1,2,0\n'), 'MalformedContributionError', /column "x" twice/)
    throwsNamed(() => csv('label\n0\n'), 'MalformedContributionError', /needs a "text" column or feature columns/)
    throwsNamed(
      () => parseContributionRows(Uint8Array.of(0xff, 0xfe, 0x00), { format: 'item', source: 'x.bin', label: 0 }),
      'MalformedContributionError',
      /x\.bin: it is not UTF-8 text/,
    )
    assert.throws(() => jsonl('nope'), MalformedContributionError)
    assert.throws(() => jsonl('{"features":[NaN],"label":0}'), MalformedContributionError)
  })
})

describe('a dataset whose contributions hold many rows', () => {
  const files: Record<string, string> = {
    'alice.jsonl': '{"text":"a cat on a mat","label":0}\n{"text":"a dog in fog","label":1}\n',
    'bob.csv': 'label,text\n1,"a dog, barking"\n0,a cat asleep\n1,a puppy\n',
    'carol.txt': 'a kitten',
  }
  const readFile = (name: string) => {
    const text = files[name]
    if (text === undefined) throw new Error(`ENOENT: ${name}`)
    return bytes(text)
  }
  const hashOf = (name: string) => sha256(files[name] as string)
  const test = [{ text: 'a sleepy cat', label: 0 }]

  it('reads contribution files and inline rows, and names each row’s contribution', () => {
    const inline = sha256('inline')
    const data = epochDataFromDataset(
      {
        dimension: 16,
        train: [
          { file: 'alice.jsonl', contentHash: hashOf('alice.jsonl') },
          { contentHash: inline, text: 'a cow', label: 1 },
          { file: 'bob.csv' },
          { contentHash: inline, text: 'a calf', label: 1 },
          { file: 'carol.txt', label: 0 },
        ],
        test,
      },
      { readFile },
    )
    const contentHashes = [hashOf('alice.jsonl'), inline, hashOf('bob.csv'), hashOf('carol.txt')]
    assert.deepEqual(data.train.contentHashes, contentHashes)
    const [a, i, b, c] = contentHashes as [Hex, Hex, Hex, Hex]
    assert.deepEqual(data.train.rowContentHashes, [a, a, i, b, b, b, i, c])
    assert.deepEqual(Array.from(data.train.y), [0, 1, 1, 1, 0, 1, 1, 0])
    const texts = ['a cat on a mat', 'a dog in fog', 'a cow', 'a dog, barking', 'a cat asleep', 'a puppy', 'a calf']
    assert.deepEqual(data.train.x, featurizeTexts([...texts, 'a kitten'], { dimension: 16 }).x)
  })

  it('keeps the single-point dataset format: one row per contribution', () => {
    const data = epochDataFromDataset({
      train: [
        { contentHash: sha256('a'), embedding: [0, 1], label: 0 },
        { contentHash: sha256('b'), embedding: [1, 0], label: 1 },
      ],
      test: [{ embedding: [0.5, 0.5], label: 1 }],
    })
    assert.deepEqual(data.train.contentHashes, [sha256('a'), sha256('b')])
    assert.deepEqual(data.train.rowContentHashes, data.train.contentHashes)
    assert.deepEqual(data.train.x, Float64Array.of(0, 1, 1, 0))
  })

  it('refuses a contribution file whose SHA-256 is not its content hash', () => {
    assert.throws(
      () =>
        epochDataFromDataset({ train: [{ file: 'alice.jsonl', contentHash: hashOf('bob.csv') }], test }, { readFile }),
      (e: Error) =>
        e instanceof DatasetFileError &&
        /alice\.jsonl has SHA-256 0x[0-9a-f]{64}, not the content hash/.test(e.message),
    )
  })

  it('refuses files it cannot read, a file listed with other rows, and mixed or ragged rows across contributions', () => {
    const refuses = (dataset: Parameters<typeof epochDataFromDataset>[0], message: RegExp) =>
      assert.throws(
        () => epochDataFromDataset(dataset, { readFile }),
        (e: Error) => e instanceof DatasetFileError && message.test(e.message),
      )
    refuses({ train: [{ file: 'missing.csv' }], test }, /missing\.csv cannot be read \(ENOENT/)
    refuses(
      {
        train: [
          { file: 'carol.txt', label: 0 },
          { contentHash: hashOf('carol.txt'), text: 'more', label: 0 },
        ],
        test,
      },
      /has a file and another train entry/,
    )
    refuses(
      { train: [{ file: 'alice.jsonl' }, { contentHash: sha256('e'), embedding: [1], label: 0 }], test },
      /every "train" row needs a "text", or every one an "embedding"/,
    )
    refuses(
      {
        train: [
          { contentHash: sha256('e'), embedding: [1], label: 0 },
          { contentHash: sha256('f'), embedding: [1, 2], label: 0 },
        ],
        test,
      },
      /every "train" embedding needs the same length/,
    )
    refuses({ train: [{ text: 'no hash', label: 0 } as never], test }, /train entry 1 needs a "contentHash"/)
    assert.throws(
      () => epochDataFromDataset({ train: [{ file: 'alice.jsonl' }], test }),
      (e: Error) => e instanceof DatasetFileError && /no files can be read here/.test(e.message),
    )
  })

  it('refuses inline rows with a missing label or a non-finite embedding', () => {
    assert.throws(
      () => epochDataFromDataset({ train: [{ contentHash: sha256('a'), text: 'a' } as never], test }),
      (e: Error) => e instanceof MissingLabelError && /train entry 1/.test(e.message),
    )
    assert.throws(
      () => epochDataFromDataset({ train: [{ contentHash: sha256('a'), embedding: [null] as never, label: 0 }], test }),
      (e: Error) => e instanceof NonFiniteFeatureError && /train entry 1: embedding value 1 \(null\)/.test(e.message),
    )
  })
})
