import { describe, expect, it } from 'vitest';
import { createDataset } from '../../dicom/index.js';
import { RadsetError } from '../../errors.js';
import { EXAMPLE_BURNED_IN_RULES } from './burned-in-rules-data.js';
import { matchBurnedInRules, parseBurnedInRules, type BurnedInRule } from './burned-in-rules.js';

const US_IMAGE = '1.2.840.10008.5.1.4.1.1.6.1';

const acuson = createDataset({
  SOPClassUID: US_IMAGE,
  Modality: 'US',
  Manufacturer: 'Siemens ACUSON',
  ManufacturerModelName: 'Sequoia 512',
  Rows: 576,
  Columns: 768,
});

function rule(id: string, match: BurnedInRule['match']): BurnedInRule {
  return { id, description: id, match, boxes: [{ x: 0, y: 0, width: 10, height: 10 }] };
}

describe('matchBurnedInRules', () => {
  it('matches manufacturer and model as case-insensitive substrings, with every criterion', () => {
    const rules = [
      rule('substring', { manufacturer: 'acuson', modelName: 'SEQUOIA' }),
      rule('size', { modality: 'us', rows: 576, columns: 768 }),
      rule('wrong-size', { manufacturer: 'acuson', rows: 480 }),
      rule('class', { sopClassUids: ['1.2.3', US_IMAGE] }),
      rule('wrong-class', { sopClassUids: ['1.2.3'] }),
      rule('other-vendor', { manufacturer: 'Philips' }),
    ];
    expect(matchBurnedInRules(acuson, rules).map((r) => r.id)).toEqual([
      'substring',
      'size',
      'class',
    ]);
  });

  it('does not match a criterion on an attribute the data set lacks', () => {
    const bare = createDataset({ Modality: 'US' });
    expect(
      matchBurnedInRules(bare, [rule('model', { modelName: 'x' }), rule('rows', { rows: 1 })]),
    ).toEqual([]);
  });

  it('example rules match the corpus devices they were measured on, and only those', () => {
    expect(matchBurnedInRules(acuson, EXAMPLE_BURNED_IN_RULES).map((r) => r.id)).toEqual([
      'example-acuson-us-768x576-header',
    ]);
    const agfa = createDataset({
      Modality: 'US',
      Manufacturer: 'Agfa-Gevaert',
      Rows: 480,
      Columns: 640,
    });
    expect(matchBurnedInRules(agfa, EXAMPLE_BURNED_IN_RULES)).toEqual([]);
  });
});

describe('parseBurnedInRules', () => {
  it('accepts the JSON form of the example rules', () => {
    const json: unknown = JSON.parse(JSON.stringify(EXAMPLE_BURNED_IN_RULES));
    expect(parseBurnedInRules(json, 'examples')).toEqual(EXAMPLE_BURNED_IN_RULES);
  });

  const cases: readonly [string, unknown, RegExp][] = [
    ['not an array', { rules: [] }, /^profile\.json: burnedInRules must be an array/],
    [
      'missing id',
      [{ description: '', match: { modality: 'US' }, boxes: [] }],
      /burnedInRules\[0\]\.id must be a non-empty string/,
    ],
    [
      'duplicate id',
      [
        {
          id: 'a',
          description: '',
          match: { modality: 'US' },
          boxes: [{ x: 0, y: 0, width: 1, height: 1 }],
        },
        {
          id: 'a',
          description: '',
          match: { modality: 'US' },
          boxes: [{ x: 0, y: 0, width: 1, height: 1 }],
        },
      ],
      /burnedInRules\[1\]\.id 'a' is used by an earlier rule/,
    ],
    [
      'misspelt criterion',
      [
        {
          id: 'a',
          description: '',
          match: { manufactuer: 'GE' },
          boxes: [{ x: 0, y: 0, width: 1, height: 1 }],
        },
      ],
      /burnedInRules\[0\]\.match\.manufactuer is not a criterion/,
    ],
    [
      'empty match',
      [{ id: 'a', description: '', match: {}, boxes: [{ x: 0, y: 0, width: 1, height: 1 }] }],
      /burnedInRules\[0\]\.match needs at least one criterion/,
    ],
    [
      'bad uid',
      [
        {
          id: 'a',
          description: '',
          match: { sopClassUids: ['US'] },
          boxes: [{ x: 0, y: 0, width: 1, height: 1 }],
        },
      ],
      /match\.sopClassUids\[0\] must be a UID/,
    ],
    [
      'no boxes',
      [{ id: 'a', description: '', match: { rows: 10 }, boxes: [] }],
      /burnedInRules\[0\]\.boxes must be a non-empty array/,
    ],
    [
      'zero width',
      [
        {
          id: 'a',
          description: '',
          match: { rows: 10 },
          boxes: [{ x: 0, y: 0, width: 0, height: 1 }],
        },
      ],
      /burnedInRules\[0\]\.boxes\[0\]\.width must be a positive integer \(pixels\), got 0/,
    ],
    [
      'negative x',
      [
        {
          id: 'a',
          description: '',
          match: { rows: 10 },
          boxes: [{ x: -1, y: 0, width: 1, height: 1 }],
        },
      ],
      /boxes\[0\]\.x must be a non-negative integer/,
    ],
    [
      'fractional rows',
      [
        {
          id: 'a',
          description: '',
          match: { rows: 10.5 },
          boxes: [{ x: 0, y: 0, width: 1, height: 1 }],
        },
      ],
      /match\.rows must be a positive integer, got 10\.5/,
    ],
  ];

  it.for(cases)('rejects %s, naming the source and field', ([, json, message]) => {
    let caught: unknown;
    try {
      parseBurnedInRules(json, 'profile.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RadsetError);
    expect((caught as RadsetError).code).toBe('INVALID_ARGUMENT');
    expect((caught as RadsetError).message).toMatch(/^profile\.json: /);
    expect((caught as RadsetError).message).toMatch(message);
  });
});
