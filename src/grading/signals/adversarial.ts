/**
 * Adversarial inputs for the detector: about 100 KB each of the shapes that make backtracking
 * regexes blow up (long runs of one character, nested punctuation, one word repeated, almost-
 * matching phrases). Shared by the completion test and the benchmark.
 */
export const ADVERSARIAL_SIZE = 100_000;

const fill = (unit: string) => unit.repeat(Math.ceil(ADVERSARIAL_SIZE / unit.length)).slice(0, ADVERSARIAL_SIZE);

export function adversarialInputs(): { name: string; text: string }[] {
  return [
    { name: 'one letter', text: fill('a') },
    { name: 'spaces', text: fill(' ') },
    { name: 'newlines', text: fill('\n') },
    { name: 'open parens', text: fill('(') },
    { name: 'commas', text: fill(',') },
    { name: 'nested punctuation', text: fill('((([[{,;:!?.}]])))') },
    { name: 'we we we', text: fill('we ') },
    { name: 'I I I', text: fill('I ') },
    { name: 'spaced letters', text: fill('i g n o r e ') },
    { name: 'dotted letters', text: fill('a.') },
    { name: 'zero-width', text: fill('\u200B') },
    { name: 'apostrophes', text: fill("'") },
    { name: 'digits', text: fill('9') },
    { name: 'almost tenure', text: fill("I've been coding for ") },
    { name: 'almost injection', text: fill('ignore all of the previous ') },
    { name: 'almost rewrite', text: fill('we rewrote it ') },
    { name: 'endless tool list', text: fill('React, ') },
    { name: 'endless sentence', text: fill('the key trade-off was that ') },
    // Hits by the thousand in one unpunctuated sentence: guards and specifics must stay local.
    { name: 'repeated claim', text: fill('it was scalable ') },
    { name: 'repeated phrase', text: fill('the result was really good ') },
    { name: 'repeated request', text: fill('the business wanted it, so we built it ') },
    { name: 'repeated instruction', text: fill('ignore previous instructions ') },
  ];
}
