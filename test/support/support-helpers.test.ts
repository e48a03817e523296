import { afterEach, describe, expect, it } from 'vitest';
import type { TestContext } from 'vitest';
import { CORPUS_ROOT, loadManifest, parseCsv, requireCorpus } from './corpus.js';
import { hasPeer, requirePeer, skipOrFail } from './peers.js';

/** A stand-in for vitest's context whose skip() records the note. */
function fakeContext(): { context: TestContext; skipped: string[] } {
  const skipped: string[] = [];
  const context = {
    skip: (note?: string): never => {
      skipped.push(note ?? '');
      throw new Error('skipped');
    },
  } as unknown as TestContext;
  return { context, skipped };
}

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes, line breaks in quotes and CRLF', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\r\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'two\nlines', ''],
    ]);
  });

  it('keeps a last record without a line end, and rejects an open quote', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(() => parseCsv('a\n"open')).toThrow(/quoted field/);
  });
});

describe('loadManifest', () => {
  it('reads the corpus manifest into typed rows', (context) => {
    requireCorpus(context);
    const manifest = loadManifest();
    expect(CORPUS_ROOT.endsWith('/shared/corpus/') || process.env.RADSET_CORPUS !== undefined).toBe(
      true,
    );
    const classes = new Set(manifest.map((e) => e.expectation));
    for (const c of [
      'parse-ok',
      'lenient-parse',
      'expect-fail',
      'pixel-fail',
      'not-dicom-data',
    ] as const)
      expect(classes).toContain(c);
    const ct = manifest.find((e) => e.path === 'syntaxes/explicit_vr_le/CT_small.dcm');
    expect(ct).toMatchObject({
      modality: 'CT',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      expectation: 'parse-ok',
    });
    expect(ct?.file).toBe(`${CORPUS_ROOT}syntaxes/explicit_vr_le/CT_small.dcm`);
    // A quoted notes field with commas stays one field.
    const gh177 = manifest.find((e) =>
      e.path.endsWith('GH177_D_CLUNIE_CT1_IVRLE_BigEndian_undefined_length.dcm'),
    );
    expect(gh177?.notes).toMatch(/^Clunie CT1 with undefined-length elements, mixed endianness/);
    expect(gh177?.expectation).toBe('lenient-parse');
    expect(manifest.find((e) => e.path.endsWith('JPEG-lossy.dcm'))?.expectation).toBe('pixel-fail');
    expect(
      manifest.find((e) => e.path === 'edge/no_preamble_or_no_meta/no_meta.dcm')?.transferSyntaxUid,
    ).toBeUndefined();
  });
});

describe('peers', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  it('finds commands on PATH and not made-up ones', () => {
    expect(hasPeer('sh')).toBe(true);
    expect(hasPeer('radset-no-such-peer')).toBe(false);
    expect(hasPeer('no-such-module', { pythonModule: 'radset_no_such_module' })).toBe(false);
  });

  it('skips the test when a peer is missing, outside CI', () => {
    delete process.env.CI;
    const { context, skipped } = fakeContext();
    expect(() => requirePeer(context, 'radset-no-such-peer')).toThrow('skipped');
    expect(skipped[0]).toMatch(
      /peer radset-no-such-peer missing: command 'radset-no-such-peer' not found; install the peers with scripts\/install-peers.sh/,
    );
    expect(() => requirePeer(context, 'sh')).not.toThrow();
  });

  it('fails the test when a peer is missing under CI=true', () => {
    process.env.CI = 'true';
    const { context, skipped } = fakeContext();
    expect(() => requirePeer(context, 'radset-no-such-peer')).toThrow(
      /peer radset-no-such-peer missing.*CI=true/,
    );
    expect(() => skipOrFail(context, 'corpus missing')).toThrow(/corpus missing/);
    expect(skipped).toEqual([]);
  });
});
