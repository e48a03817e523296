import { describe, expect, test } from 'vitest';
import { emscriptenErrorMessage, isFatalWasmError, lazyModule } from './codec-module.js';

describe('codec module loading', () => {
  test('a module loads once, on first use, and concurrent callers share the load', async () => {
    let loads = 0;
    const module = lazyModule(async () => {
      loads += 1;
      return { id: loads };
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([module.get(), module.get()]);
    expect(a).toBe(b);
    expect(loads).toBe(1);
    module.reset();
    expect((await module.get()).id).toBe(2);
  });

  test('a failed load is retried on the next use', async () => {
    let attempts = 0;
    const module = lazyModule(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('first load fails');
      return 'ok';
    });
    await expect(module.get()).rejects.toThrow('first load fails');
    await expect(module.get()).resolves.toBe('ok');
  });

  test('native exception messages and traps', () => {
    expect(
      emscriptenErrorMessage(
        { getExceptionMessage: () => ['std::runtime_error', 'bad stream'] },
        1234,
      ),
    ).toBe('std::runtime_error: bad stream');
    expect(emscriptenErrorMessage({}, 99)).toContain('native exception 99');
    const trap = new Error('unreachable');
    trap.name = 'RuntimeError';
    expect(isFatalWasmError(trap)).toBe(true);
    expect(isFatalWasmError(new Error('Aborted(OOM)'))).toBe(true);
    expect(isFatalWasmError(new Error('bad header'))).toBe(false);
  });
});
