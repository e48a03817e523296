import { describe, expect, it } from 'vitest';
import { createDataset, makeTag, type Dataset } from '../../dicom/index.js';
import {
  parseDecimal,
  readCode,
  readNumber,
  readNumbers,
  readSequence,
  readText,
  readValues,
} from './header-read.js';

/** An element with raw value bytes and a chosen VR, as a parser could produce from a bad file. */
function withRaw(
  dataset: Dataset,
  keyword: string,
  tag: number,
  vr: 'DS' | 'UN' | 'LO',
  text: string,
): Dataset {
  const bytes = new TextEncoder().encode(text);
  dataset.set({ tag, vr, bytes, offset: 0, length: bytes.length, undefinedLength: false });
  expect(dataset.has(keyword)).toBe(true);
  return dataset;
}

describe('parseDecimal', () => {
  it('reads DS text with padding, signs, exponents and a lone decimal comma', () => {
    expect(parseDecimal(' 1.5 ')).toBe(1.5);
    expect(parseDecimal('1.5\0')).toBe(1.5);
    expect(parseDecimal('-0.25')).toBe(-0.25);
    expect(parseDecimal('+3')).toBe(3);
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('5.')).toBe(5);
    expect(parseDecimal('1.5e3')).toBe(1500);
    expect(parseDecimal('0,5')).toBe(0.5);
  });

  it('gives null for garbage instead of throwing', () => {
    for (const garbage of [
      '',
      ' ',
      'abc',
      '1.5mm',
      '1,2,3',
      'NaN',
      'Infinity',
      '1e999',
      '--1',
      '0x10',
    ])
      expect(parseDecimal(garbage), garbage).toBeNull();
  });
});

describe('header reads', () => {
  it('keeps empty values in place and trims', () => {
    const dataset = createDataset({ PixelSpacing: '\\0.5 ', ConvolutionKernel: ' B30f \\ 3 ' });
    expect(readValues(dataset, 'PixelSpacing')).toEqual(['', '0.5']);
    expect(readNumbers(dataset, 'PixelSpacing')).toEqual([null, 0.5]);
    expect(readText(dataset, 'ConvolutionKernel')).toBe('B30f\\3');
    expect(readCode(dataset, 'ConvolutionKernel')).toBe('B30f');
  });

  it('reads garbage DS as null where Dataset.number would throw', () => {
    const dataset = createDataset({ SliceThickness: 'five', KVP: '120\\garbage' });
    expect(() => dataset.number('SliceThickness')).toThrow();
    expect(readNumber(dataset, 'SliceThickness')).toBeNull();
    expect(readNumber(dataset, 'KVP')).toBe(120);
    expect(readNumbers(dataset, 'KVP')).toEqual([120, null]);
  });

  it('splits a UN value on backslash like its real VR would be', () => {
    const dataset = withRaw(
      createDataset({}),
      'PixelSpacing',
      makeTag(0x0028, 0x0030),
      'UN',
      '0.7\\0.8 ',
    );
    expect(readNumbers(dataset, 'PixelSpacing')).toEqual([0.7, 0.8]);
  });

  it('reads absent elements and non-sequences as empty', () => {
    const dataset = createDataset({ Modality: 'CT' });
    expect(readText(dataset, 'Manufacturer')).toBeNull();
    expect(readCode(dataset, 'Manufacturer')).toBeNull();
    expect(readNumber(dataset, 'KVP')).toBeNull();
    expect(readSequence(dataset, 'AnatomicRegionSequence')).toEqual([]);
    expect(readSequence(dataset, 'Modality')).toEqual([]);
  });

  it('does not throw on an unknown keyword', () => {
    const dataset = createDataset({});
    expect(readValues(dataset, 'NoSuchKeyword')).toEqual([]);
    expect(readSequence(dataset, 'NoSuchKeyword')).toEqual([]);
  });
});
