// Types for the browser module segments.js, so the Node tests can import it.
export declare function segmentText<S extends { start: number | null; end: number | null }>(
  text: string,
  spans: S[],
): { start: number; end: number; text: string; spans: S[] }[];
