/**
 * A synthetic CT-like int16 volume for compression tests: air at −1000 HU
 * (−1024 padding outside a circular field of view), an elliptical body of
 * soft tissue around 40 HU with lungs near −800 HU and a ring of bone near
 * 900 HU, each with noise (σ ≈ 12 HU), changing slowly from slice to slice.
 * Stored as CT stores it: raw values = HU + 1024 (scl_inter −1024).
 * Deterministic (a seeded xorshift), so compressed sizes are reproducible.
 */
export function ctLikeVolume(columns: number, rows: number, slices: number): Int16Array {
  const out = new Int16Array(columns * rows * slices);
  let state = 0x9e3779b9;
  const random = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  /** Roughly Gaussian noise with standard deviation `sigma` (sum of three uniforms). */
  const noise = (sigma: number): number => (random() + random() + random() - 1.5) * 2 * sigma;
  const cx = columns / 2;
  const cy = rows / 2;
  for (let k = 0; k < slices; k++) {
    const phase = slices > 1 ? k / (slices - 1) : 0;
    const bodyA = columns * (0.38 + 0.04 * Math.sin(phase * Math.PI));
    const bodyB = rows * (0.28 + 0.03 * Math.sin(phase * Math.PI));
    const lungA = bodyA * 0.35 * (0.6 + 0.4 * Math.sin(phase * Math.PI));
    const lungB = bodyB * 0.6 * (0.6 + 0.4 * Math.sin(phase * Math.PI));
    for (let j = 0; j < rows; j++) {
      for (let i = 0; i < columns; i++) {
        const x = i - cx;
        const y = j - cy;
        let hu: number;
        if (x * x + y * y > (columns / 2) ** 2) {
          hu = -1024; // outside the reconstruction circle
        } else {
          const body = (x / bodyA) ** 2 + (y / bodyB) ** 2;
          const lungLeft = ((x + bodyA * 0.45) / lungA) ** 2 + (y / lungB) ** 2;
          const lungRight = ((x - bodyA * 0.45) / lungA) ** 2 + (y / lungB) ** 2;
          if (body > 1) hu = -1000 + noise(8);
          else if (body > 0.85) hu = 900 + 150 * Math.sin(i * 0.1) + noise(25);
          else if (lungLeft < 1 || lungRight < 1) hu = -820 + noise(30);
          else hu = 40 + 15 * Math.sin(i * 0.02 + j * 0.03) + noise(12);
        }
        out[(k * rows + j) * columns + i] = Math.round(hu) + 1024;
      }
    }
  }
  return out;
}
